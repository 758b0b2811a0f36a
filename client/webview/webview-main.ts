import type { TracePlayback } from '../../presentation/trace-playback.js';
import type { DiagramLayout } from './diagram-layout.js';
import { layoutSignature, layoutTopology } from './diagram-layout.js';
import { DiagramView } from './diagram-render.js';
import { StepList, stepDetail } from './step-list.js';
import type { HostMessage, ViewMessage, ViewRequest, ViewState } from './webview-messages.js';

/**
 * The trace view's browser side: draws what the extension sends and plays it back. It decides nothing about the
 * network; the playback (paths, groups, deciding step, reveal locations) arrives computed.
 */

interface VsCodeApi {
    postMessage(message: ViewMessage): void;
    getState(): ViewState | undefined;
    setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const PLAY_INTERVAL_MS = 700;

function button(label: string, aria: string, onClick: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.setAttribute('aria-label', aria);
    b.title = aria;
    b.addEventListener('click', onClick);
    return b;
}

function section(tag: string, className: string, attrs: Record<string, string> = {}): HTMLElement {
    const e = document.createElement(tag);
    e.className = className;
    for (const [k, v] of Object.entries(attrs)) {
        e.setAttribute(k, v);
    }
    return e;
}

class TraceView {
    private playback: TracePlayback | undefined;
    private request: ViewRequest | undefined;
    private layout: DiagramLayout | undefined;
    private index = 0;
    /** Counts `show` messages, so that a layout finishing after a newer message is dropped. */
    private generation = 0;
    private timer: ReturnType<typeof setInterval> | undefined;
    private readonly diagram: DiagramView;
    private readonly steps: StepList;
    private readonly header = section('header', 'summary', { role: 'status' });
    private readonly banner = section('div', 'banner', { role: 'alert' });
    private readonly detail = section('div', 'detail-host');
    private readonly list = section('ol', 'steps', { role: 'listbox', 'aria-label': 'Trace steps', tabindex: '0' });
    private readonly playButton: HTMLButtonElement;
    private readonly traceControls: HTMLElement;

    constructor(root: HTMLElement) {
        const toolbar = section('div', 'toolbar', { role: 'toolbar', 'aria-label': 'Trace controls' });
        this.traceControls = section('span', 'trace-controls');
        this.playButton = button('Play', 'Play (Space)', () => this.togglePlay());
        this.traceControls.append(
            button('◀ Back', 'Previous step (←)', () => this.go(this.index - 1, false)),
            this.playButton,
            button('Next ▶', 'Next step (→)', () => this.go(this.index + 1, false)),
            button('JSON', 'Export the trace as JSON', () => this.post({ type: 'export', format: 'json' })),
            button('Markdown', 'Export the trace as Markdown', () => this.post({ type: 'export', format: 'markdown' }))
        );
        toolbar.append(
            this.traceControls,
            button('Fit', 'Fit the diagram (0)', () => this.diagram.fit()),
            button('SVG', 'Export the diagram as SVG', () => this.post({ type: 'exportSvg', svg: this.diagram.exportSvg() }))
        );
        const main = section('main', 'panes');
        const canvas = section('div', 'canvas');
        const side = section('aside', 'side', { 'aria-label': 'Trace steps and details' });
        side.append(this.list, this.detail);
        main.append(canvas, side);
        root.append(this.header, toolbar, this.banner, main);
        this.diagram = new DiagramView(canvas);
        this.steps = new StepList(this.list, (i, reveal) => this.go(i, reveal));
        this.banner.hidden = true;
        document.addEventListener('keydown', (e) => this.onKey(e));
        window.addEventListener('message', (e: MessageEvent<HostMessage>) => void this.onMessage(e.data));
        const saved = vscode.getState();
        if (saved) {
            this.index = saved.step;
            this.request = saved.request;
        }
    }

    private post(message: ViewMessage): void {
        vscode.postMessage(message);
    }

    private async onMessage(message: HostMessage): Promise<void> {
        const generation = ++this.generation;
        if (message.type === 'error') {
            this.banner.textContent = message.message;
            this.banner.hidden = false;
            return;
        }
        this.banner.hidden = true;
        const sameRequest = JSON.stringify(this.request) === JSON.stringify(message.request);
        const sameFile = this.request?.uri === message.request.uri;
        this.request = message.request;
        // Same elements as before: keep the geometry (and the user's pan and zoom) instead of laying out again.
        const keep = this.layout !== undefined && this.layout.signature === layoutSignature(message.topology);
        if (!keep) {
            // An edit of the same file keeps the user's pan and zoom; another file starts fitted.
            const keepView = this.layout !== undefined && sameFile;
            const layout = await layoutTopology(message.topology);
            if (generation !== this.generation) {
                return;
            }
            this.layout = layout;
            this.diagram.draw(layout, keepView);
        }
        this.playback = message.playback;
        this.traceControls.hidden = !this.playback;
        this.list.hidden = !this.playback;
        this.renderSummary(message.topology.namespaces.length);
        if (this.playback) {
            this.steps.render(this.playback);
            this.go(sameRequest ? Math.min(this.index, this.playback.steps.length - 1) : 0, false);
        } else {
            this.detail.replaceChildren();
            this.diagram.highlight({ request: [], reply: [], current: [], leg: null, decisive: false });
            this.saveState();
        }
        document.body.setAttribute('data-ready', String(Date.now()));
    }

    private renderSummary(namespaces: number): void {
        this.header.replaceChildren();
        const p = this.playback;
        const title = document.createElement('h2');
        if (!p) {
            title.textContent = `Topology · ${namespaces} namespaces`;
            this.header.append(title);
            return;
        }
        title.textContent = `Trace ${p.title}`;
        const outcome = section('span', `outcome outcome-${p.outcome}`);
        outcome.textContent = `${p.outcome}${p.at.netns ? ` at ${p.at.netns}` : ''}`;
        const reason = section('span', 'reason');
        reason.textContent = ` ${p.packet}: ${p.reason}${p.hiddenSteps > 0 ? ` (${p.hiddenSteps} chains with no matching rule hidden)` : ''}`;
        this.header.append(title, outcome, reason);
    }

    private go(index: number, reveal: boolean): void {
        const p = this.playback;
        if (!p || p.steps.length === 0) {
            return;
        }
        this.index = Math.max(0, Math.min(p.steps.length - 1, index));
        const step = p.steps[this.index];
        // The request path stays drawn; the reply path appears once playback reaches the reply.
        const replyStarted = step.leg === 'reply';
        const crossed = (leg: 'request' | 'reply'): string[] => p.steps.slice(0, this.index + 1).filter((s) => s.leg === leg && s.edge && s.depth === 0).map((s) => s.edge!);
        this.diagram.highlight({
            request: replyStarted ? p.path.request : crossed('request'),
            reply: replyStarted ? crossed('reply') : [],
            current: step.highlight, leg: step.leg, decisive: step.decisive
        });
        this.steps.select(this.index);
        this.detail.replaceChildren(stepDetail(step));
        this.saveState();
        if (reveal) {
            this.post({ type: 'reveal', source: step.reveal });
        }
        if (this.index === p.steps.length - 1) {
            this.stop();
        }
    }

    private saveState(): void {
        if (this.request) {
            vscode.setState({ request: this.request, step: this.index });
        }
    }

    private togglePlay(): void {
        if (this.timer !== undefined) {
            this.stop();
            return;
        }
        if (this.playback && this.index >= this.playback.steps.length - 1) {
            this.go(0, false);
        }
        this.playButton.textContent = 'Pause';
        this.playButton.setAttribute('aria-label', 'Pause (Space)');
        this.timer = setInterval(() => this.go(this.index + 1, false), PLAY_INTERVAL_MS);
    }

    private stop(): void {
        if (this.timer !== undefined) {
            clearInterval(this.timer);
            this.timer = undefined;
        }
        this.playButton.textContent = 'Play';
        this.playButton.setAttribute('aria-label', 'Play (Space)');
    }

    private onKey(e: KeyboardEvent): void {
        if (!this.playback || e.target instanceof HTMLButtonElement && (e.key === ' ' || e.key === 'Enter')) {
            return;
        }
        const actions: Record<string, () => void> = {
            ArrowRight: () => this.go(this.index + 1, false), ArrowDown: () => this.go(this.index + 1, false), j: () => this.go(this.index + 1, false),
            ArrowLeft: () => this.go(this.index - 1, false), ArrowUp: () => this.go(this.index - 1, false), k: () => this.go(this.index - 1, false),
            Home: () => this.go(0, false), End: () => this.go(this.playback!.steps.length - 1, false),
            ' ': () => this.togglePlay(), Enter: () => this.go(this.index, true)
        };
        const action = actions[e.key];
        if (action) {
            e.preventDefault();
            action();
        }
    }
}

new TraceView(document.getElementById('app')!);
vscode.postMessage({ type: 'ready' });
