import type { PlaybackStep, TracePlayback } from '../../presentation/trace-playback.js';
import type { TracePacket, TraceStep } from '../../simulator/trace-types.js';

/**
 * The step list beside the diagram (one entry per step, grouped per namespace and hook) and the detail panel of the
 * selected step. Built with DOM calls only: no HTML strings, no inline styles.
 */

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
        e.setAttribute(k, v);
    }
    e.append(...children);
    return e;
}

function packetLine(p: TracePacket): string {
    const ports = p.proto !== 'icmp' && p.sport !== undefined ? ` ${p.sport} → ${p.dport}` : p.icmpType !== undefined ? ` type ${p.icmpType}/${p.icmpCode ?? 0}` : '';
    return `${p.proto} ${p.src} → ${p.dst}${ports}${p.tcpFlags ? ` [${p.tcpFlags}]` : ''} ttl ${p.ttl}${p.mark ? ` mark 0x${p.mark.toString(16)}` : ''}`;
}

function row(label: string, value: Node | string): HTMLElement {
    return h('div', { class: 'detail-row' }, h('span', { class: 'detail-key' }, label), h('span', { class: 'detail-value' }, value));
}

function verdictClass(s: TraceStep): string {
    const v = s.verdict ?? '';
    return v === 'DROP' || v === 'REJECT' ? 'verdict bad' : v === 'ACCEPT' ? 'verdict good' : 'verdict';
}

/** Everything a network engineer wants to see about one step. */
export function stepDetail(p: PlaybackStep): HTMLElement {
    const s = p.step;
    const box = h('div', { class: 'detail', 'aria-live': 'polite' });
    box.append(h('h3', {}, `${p.index + 1}. ${p.title}`), row('where', `${s.netns}${s.hook ? ` · ${s.hook}` : ''}${s.table ? ` · ${s.table} ${s.chain}` : ''}`));
    if (s.kind === 'netfilter') {
        const rule = s.rule ? h('code', { class: 'rule' }, `-A ${s.chain} ${s.rule.text}`) : h('code', { class: 'rule' }, s.detail);
        box.append(row(s.policy ? 'policy' : `rule ${s.rule?.position ?? ''}`, rule), row('verdict', h('span', { class: verdictClass(s) }, s.verdict ?? '')));
        if (s.target) {
            box.append(row('enters', s.target));
        }
    } else {
        box.append(row('what', s.detail));
    }
    if (s.route) {
        const r = s.route;
        box.append(row('route', h('code', {}, `${r.destination}${r.via ? ` via ${r.via}` : ''} dev ${r.dev}${r.metric !== undefined ? ` metric ${r.metric}` : ''}${r.src ? ` src ${r.src}` : ''} (${r.origin})`)));
    }
    if (s.bridge) {
        const b = s.bridge;
        const where = b.action === 'flood' ? `to ${(b.ports ?? []).join(', ')}` : b.port ? `port ${b.port}` : 'to the bridge itself';
        box.append(row('bridge', `${b.bridge}: ${b.action} ${b.mac} ${where}`));
    }
    if (p.nat && s.nat) {
        const table = h('table', { class: 'nat-diff', 'aria-label': `${s.nat.kind} rewrite, before and after` },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'field'), h('th', { scope: 'col' }, 'before'), h('th', { scope: 'col' }, 'after'))));
        const body = h('tbody');
        for (const f of p.nat) {
            body.append(h('tr', { class: f.changed ? 'changed' : '' }, h('th', { scope: 'row' }, f.field), h('td', { class: f.changed ? 'before' : '' }, f.before), h('td', { class: f.changed ? 'after' : '' }, f.after)));
        }
        table.append(body);
        box.append(row('NAT', s.nat.kind === 'reverse' ? 'reverse translation (conntrack)' : s.nat.kind), table);
    }
    if (s.conntrack) {
        const c = s.conntrack;
        box.append(row('conntrack', `${c.state}${c.direction ? ` (${c.direction} direction)` : ''}`));
        if (c.entry) {
            const t = (x: { proto: string; src: string; dst: string; sport?: number; dport?: number }): string =>
                `${x.proto} src=${x.src} dst=${x.dst}${x.sport !== undefined ? ` sport=${x.sport} dport=${x.dport}` : ''}`;
            box.append(row('entry', h('code', {}, `${t(c.entry.original)}  ⇄  ${t(c.entry.reply)}${c.entry.status.length ? ` [${c.entry.status.join(',')}]` : ''}`)));
        }
    }
    if (s.encap) {
        box.append(row('VXLAN', `VNI ${s.encap.vni}, outer ${packetLine(s.encap.outer)}`));
    }
    if (s.arp) {
        box.append(row('ARP', `who-has ${s.arp.target}${s.arp.answeredBy ? `: ${s.arp.mac} (${s.arp.answeredBy})` : ': no answer'}`));
    }
    if (s.packet) {
        box.append(row('packet', h('code', {}, packetLine(s.packet))));
    }
    if (s.alternatives) {
        const list = h('ul', { class: 'alternatives', 'aria-label': 'statistic branches' });
        for (const b of s.alternatives.branches) {
            list.append(h('li', {}, `line ${b.line}, rule ${b.position}: ${b.target} — ${(b.probability * 100).toFixed(1)} %`));
        }
        box.append(row('odds', `this branch is taken with probability ${(s.alternatives.probability * 100).toFixed(1)} %`), list);
    }
    if (s.unmodelled && s.unmodelled.length > 0) {
        box.append(row('not simulated', s.unmodelled.join(', ')));
    }
    if (p.decisive) {
        box.append(h('p', { class: 'decisive-note' }, 'This step decided the outcome.'));
    }
    box.append(h('p', { class: 'reveal-hint' }, `${p.reveal.file.slice(p.reveal.file.lastIndexOf('/') + 1)}:${p.reveal.line} (Enter or click to reveal)`));
    return box;
}

export class StepList {
    private items: HTMLElement[] = [];

    constructor(private readonly list: HTMLElement, private readonly onSelect: (index: number, reveal: boolean) => void) {
    }

    render(playback: TracePlayback): void {
        this.list.replaceChildren();
        this.items = [];
        for (const g of playback.groups) {
            const header = h('li', { class: `group leg-${g.leg}`, role: 'presentation' }, h('span', { class: 'leg' }, g.leg), ` ${g.label}`);
            this.list.append(header);
            for (const p of playback.steps.slice(g.first, g.first + g.count)) {
                const item = h('li', {
                    class: `step leg-${p.leg} kind-${p.step.kind} depth-${p.depth}${p.decisive ? ' decisive' : ''}`, role: 'option', tabindex: '-1',
                    'aria-selected': 'false', 'data-index': String(p.index),
                    'aria-label': `${p.leg} step ${p.index + 1}: ${p.title}${p.step.verdict ? `, ${p.step.verdict}` : ''}${p.decisive ? ', decides the outcome' : ''}`
                }, h('span', { class: 'num' }, String(p.index + 1)), h('span', { class: 'title' }, p.title));
                if (p.step.alternatives) {
                    item.append(h('span', { class: 'odds', title: `${p.step.alternatives.branches.length} statistic branches` }, `${(p.step.alternatives.probability * 100).toFixed(0)} %`));
                }
                if (p.decisive) {
                    item.append(h('span', { class: 'badge' }, '◆'));
                }
                item.addEventListener('click', () => this.onSelect(p.index, true));
                this.items[p.index] = item;
                this.list.append(item);
            }
        }
    }

    select(index: number): void {
        for (const item of this.items) {
            item.setAttribute('aria-selected', 'false');
            item.classList.remove('selected');
        }
        const item = this.items[index];
        if (item) {
            item.setAttribute('aria-selected', 'true');
            item.classList.add('selected');
            this.list.setAttribute('aria-activedescendant', `step-${index}`);
            item.id = `step-${index}`;
            item.scrollIntoView({ block: 'nearest' });
        }
    }
}
