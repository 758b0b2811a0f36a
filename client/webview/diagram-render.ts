import type { PortView } from '../../presentation/topology-view.js';
import type { DiagramLayout } from './diagram-layout.js';
import { CHAR_WIDTH, LINE_HEIGHT, portLabel } from './diagram-layout.js';

/**
 * Draws a DiagramLayout as SVG and lights elements by id. Positions are set through SVG attributes only (the CSP
 * forbids inline styles); colours come from the stylesheet, which uses VS Code's theme variables.
 */

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) {
        e.setAttribute(k, String(v));
    }
    parent?.appendChild(e);
    return e;
}

function text(content: string, attrs: Record<string, string | number>, parent: Element): SVGTextElement {
    const t = el('text', attrs, parent);
    t.textContent = content;
    return t;
}

function portDescription(p: PortView): string {
    return [
        `${p.netns}.${p.name} (${p.detail ?? p.kind})`,
        p.addresses.length > 0 ? p.addresses.join(', ') : 'no address',
        `MAC ${p.mac}, MTU ${p.mtu}, ${p.up ? 'up' : 'down'}`,
        ...(p.master ? [`port of bridge ${p.master.slice(p.master.indexOf('/') + 1)}`] : []),
        ...(p.parent ? [`on ${p.parent.slice(3).replace('/', '.')}`] : [])
    ].join('; ');
}

export interface Highlight {
    request: string[];
    reply: string[];
    current: string[];
    leg: 'request' | 'reply' | null;
    decisive: boolean;
}

export class DiagramView {
    readonly svg: SVGSVGElement;
    private readonly viewport: SVGGElement;
    private readonly elements = new Map<string, Element[]>();
    private lit: Element[] = [];
    private scale = 1;
    private dx = 0;
    private dy = 0;
    private layout: DiagramLayout | undefined;
    /** Whether the reader zoomed or panned since the last fit: a resize then keeps their view. */
    private moved = false;

    constructor(container: HTMLElement) {
        this.svg = el('svg', { class: 'diagram', role: 'img', 'aria-label': 'Topology diagram', tabindex: 0, focusable: 'true' });
        this.viewport = el('g', { class: 'viewport' }, this.svg);
        container.appendChild(this.svg);
        this.enablePanZoom();
        // The panel is resized with the editor layout: keep the whole diagram in view until the reader moves it.
        new ResizeObserver(() => {
            if (!this.moved) {
                this.fit();
            }
        }).observe(this.svg);
    }

    get currentLayout(): DiagramLayout | undefined {
        return this.layout;
    }

    draw(layout: DiagramLayout, keepView: boolean): void {
        this.layout = layout;
        // Fitting reads the panel's size: done before the new elements go in, it does not force their layout.
        if (!keepView) {
            this.fit();
        }
        this.elements.clear();
        this.lit = [];
        const register = (id: string, e: Element): void => {
            e.setAttribute('data-id', id);
            this.elements.set(id, [...(this.elements.get(id) ?? []), e]);
        };
        // Built detached and inserted at once: one insertion instead of thousands into the live document.
        const layers = { hosts: el('g', { class: 'hosts' }), nodes: el('g', { class: 'nodes' }), edges: el('g', { class: 'edges' }), ports: el('g', { class: 'ports' }) };
        for (const h of layout.hosts) {
            const g = el('g', { class: 'host', role: 'group', 'aria-label': `host ${h.name}` }, layers.hosts);
            el('rect', { x: h.box.x, y: h.box.y, width: h.box.width, height: h.box.height, rx: 10 }, g);
            text(h.name, { x: h.box.x + 10, y: h.box.y + 18, class: 'label host-label' }, g);
            register(h.id, g);
        }
        for (const { ns, box } of layout.namespaces) {
            const g = el('g', { class: `netns ${ns.kind}`, role: 'group', 'aria-label': `${ns.kind === 'host' ? 'root namespace' : 'namespace'} ${ns.name}${ns.ipForward ? ', forwarding' : ''}` }, layers.nodes);
            el('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: 6 }, g);
            text(ns.name, { x: box.x + box.width / 2, y: box.y + 17, class: 'label ns-label', 'text-anchor': 'middle' }, g);
            register(ns.id, g);
        }
        for (const b of layout.bridges) {
            const g = el('g', { class: 'bridge', role: 'group', 'aria-label': `bridge ${b.name}` }, layers.nodes);
            el('rect', { x: b.box.x, y: b.box.y, width: b.box.width, height: b.box.height, rx: 4 }, g);
            text(b.name, { x: b.box.x + b.box.width / 2, y: b.box.y + b.box.height / 2 + 4, class: 'label', 'text-anchor': 'middle' }, g);
            register(b.id, g);
        }
        for (const { edge, points } of layout.edges) {
            const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
            const path = el('path', { d, class: `edge kind-${edge.kind}${edge.dashed ? ' dashed' : ''}` }, layers.edges);
            const title = el('title', {}, path);
            title.textContent = `${edge.kind}${edge.label ? ` ${edge.label}` : ''}: ${edge.from.slice(3)} — ${edge.to.slice(3)}`;
            register(edge.id, path);
            if (edge.label && points.length >= 2) {
                const mid = points[Math.floor((points.length - 1) / 2)];
                const next = points[Math.floor((points.length - 1) / 2) + 1];
                text(edge.label, { x: (mid.x + next.x) / 2 + 4, y: (mid.y + next.y) / 2 - 4, class: 'label edge-label' }, layers.edges);
            }
        }
        for (const placed of layout.ports) {
            const p = placed.port;
            const g = el('g', { class: `port kind-${p.kind}${p.up ? '' : ' down'}`, role: 'img', 'aria-label': portDescription(p) }, layers.ports);
            el('rect', { x: placed.x, y: placed.y, width: placed.width, height: placed.height, rx: 2 }, g);
            const title = el('title', {}, g);
            title.textContent = portDescription(p);
            const label = portLabel(p);
            const cy = placed.y + placed.height / 2 + 4;
            const pos = placed.side === 'left' ? { x: placed.x + placed.width + 3, y: cy, anchor: 'start' }
                : placed.side === 'right' ? { x: placed.x - 3, y: cy, anchor: 'end' }
                    : placed.side === 'top' ? { x: placed.x + placed.width / 2, y: placed.y + placed.height + LINE_HEIGHT, anchor: 'middle' }
                        : { x: placed.x + placed.width / 2, y: placed.y - 4, anchor: 'middle' };
            text(label, { x: pos.x, y: pos.y, class: 'label port-label', 'text-anchor': pos.anchor, textLength: Math.round(label.length * CHAR_WIDTH), lengthAdjust: 'spacingAndGlyphs' }, g);
            register(p.id, g);
        }
        this.viewport.replaceChildren(layers.hosts, layers.nodes, layers.edges, layers.ports);
        this.applyTransform();
    }

    highlight(h: Highlight): void {
        for (const e of this.lit) {
            e.classList.remove('path-request', 'path-reply', 'current', 'current-request', 'current-reply', 'decisive');
        }
        this.lit = [];
        const mark = (id: string, ...classes: string[]): void => {
            for (const e of this.elements.get(id) ?? []) {
                e.classList.add(...classes);
                this.lit.push(e);
            }
        };
        h.request.forEach((id) => mark(id, 'path-request'));
        h.reply.forEach((id) => mark(id, 'path-reply'));
        const currentClasses = ['current', ...(h.leg ? [`current-${h.leg}`] : []), ...(h.decisive ? ['decisive'] : [])];
        h.current.forEach((id) => mark(id, ...currentClasses));
    }

    /** The elements drawn for an id (tests and keyboard focus use it). */
    elementsOf(id: string): Element[] {
        return this.elements.get(id) ?? [];
    }

    fit(): void {
        const w = this.svg.clientWidth || 800;
        const h = this.svg.clientHeight || 600;
        const layout = this.layout;
        if (!layout || layout.width === 0) {
            return;
        }
        this.scale = Math.min(2, Math.max(0.05, Math.min(w / (layout.width + 20), h / (layout.height + 20))));
        this.dx = (w - layout.width * this.scale) / 2;
        this.dy = (h - layout.height * this.scale) / 2;
        this.moved = false;
        this.applyTransform();
    }

    zoom(factor: number, cx?: number, cy?: number): void {
        const x = cx ?? (this.svg.clientWidth || 800) / 2;
        const y = cy ?? (this.svg.clientHeight || 600) / 2;
        const next = Math.min(8, Math.max(0.05, this.scale * factor));
        this.dx = x - (x - this.dx) * (next / this.scale);
        this.dy = y - (y - this.dy) * (next / this.scale);
        this.scale = next;
        this.moved = true;
        this.applyTransform();
    }

    pan(dx: number, dy: number): void {
        this.dx += dx;
        this.dy += dy;
        this.moved = true;
        this.applyTransform();
    }

    private applyTransform(): void {
        this.viewport.setAttribute('transform', `translate(${this.dx.toFixed(1)},${this.dy.toFixed(1)}) scale(${this.scale.toFixed(4)})`);
    }

    private enablePanZoom(): void {
        this.svg.addEventListener('wheel', (e) => {
            e.preventDefault();
            const r = this.svg.getBoundingClientRect();
            this.zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
        }, { passive: false });
        let drag: { x: number; y: number } | undefined;
        this.svg.addEventListener('pointerdown', (e) => {
            drag = { x: e.clientX, y: e.clientY };
            this.svg.setPointerCapture(e.pointerId);
        });
        this.svg.addEventListener('pointermove', (e) => {
            if (drag) {
                this.pan(e.clientX - drag.x, e.clientY - drag.y);
                drag = { x: e.clientX, y: e.clientY };
            }
        });
        this.svg.addEventListener('pointerup', () => {
            drag = undefined;
        });
        this.svg.addEventListener('keydown', (e) => {
            const step = 40;
            const actions: Record<string, () => void> = {
                '+': () => this.zoom(1.2), '=': () => this.zoom(1.2), '-': () => this.zoom(1 / 1.2), '0': () => this.fit(),
                ArrowLeft: () => this.pan(step, 0), ArrowRight: () => this.pan(-step, 0), ArrowUp: () => this.pan(0, step), ArrowDown: () => this.pan(0, -step)
            };
            const action = actions[e.key];
            if (action) {
                action();
                e.preventDefault();
                e.stopPropagation();
            }
        });
    }

    /**
     * A standalone SVG of the whole diagram: the theme's colours resolved into a style element, so the file looks the
     * same outside VS Code.
     */
    exportSvg(): string {
        const layout = this.layout;
        const clone = this.svg.cloneNode(true) as SVGSVGElement;
        clone.setAttribute('xmlns', SVG);
        clone.setAttribute('viewBox', `-10 -10 ${(layout?.width ?? 0) + 20} ${(layout?.height ?? 0) + 20}`);
        clone.setAttribute('width', String((layout?.width ?? 0) + 20));
        clone.setAttribute('height', String((layout?.height ?? 0) + 20));
        clone.querySelector('.viewport')?.removeAttribute('transform');
        const rootStyle = getComputedStyle(document.documentElement);
        const rules: string[] = [];
        const variables = new Set<string>();
        for (const sheet of Array.from(document.styleSheets)) {
            for (const rule of Array.from(sheet.cssRules)) {
                if (rule.cssText.startsWith('.diagram') || rule.cssText.includes('.diagram ')) {
                    rules.push(rule.cssText);
                    for (const m of rule.cssText.matchAll(/var\((--vscode-[\w-]+)/g)) {
                        variables.add(m[1]);
                    }
                }
            }
        }
        const declarations = [...variables].map((v) => `${v}: ${rootStyle.getPropertyValue(v).trim() || 'currentColor'};`).join(' ');
        const style = document.createElementNS(SVG, 'style');
        style.textContent = `svg { ${declarations} font-family: ${rootStyle.getPropertyValue('--vscode-font-family').trim() || 'sans-serif'}; }\n${rules.join('\n')}`;
        clone.insertBefore(style, clone.firstChild);
        return new XMLSerializer().serializeToString(clone);
    }
}
