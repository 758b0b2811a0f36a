import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { traceMarkdown } from '../presentation/trace-markdown.js';
import { tracePlayback } from '../presentation/trace-playback.js';
import type { TracePlayback } from '../presentation/trace-playback.js';
import type { ViewSource } from '../presentation/topology-view.js';
import type { Trace } from '../simulator/trace-types.js';
import { TOPOLOGY_REQUEST, TRACE_REQUEST } from '../presentation/netz-protocol.js';
import type { TopologyResult, TraceResult } from '../presentation/netz-protocol.js';
import { makeNonce, webviewHtml } from './webview-html.js';
import type { HostMessage, ViewMessage, ViewRequest, ViewState } from './webview/webview-messages.js';

/**
 * The trace view's host: one panel, which asks the server for the topology (and the trace) of its file, prepares the
 * playback, and re-asks on every change of that file. It reveals lines and writes exports for the webview.
 */

export const TRACE_VIEW_TYPE = 'netz.trace';
const REFRESH_DELAY_MS = 400;

export class TracePanel {
    private static current: TracePanel | undefined;
    private readonly disposables: vscode.Disposable[] = [];
    private timer: ReturnType<typeof setTimeout> | undefined;
    private last: { trace?: Trace; playback?: TracePlayback } = {};

    private constructor(private readonly panel: vscode.WebviewPanel, context: vscode.ExtensionContext,
        private readonly client: LanguageClient, private request: ViewRequest) {
        const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
        panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot] };
        panel.webview.html = webviewHtml({
            cspSource: panel.webview.cspSource, nonce: makeNonce(),
            scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'trace-view.js')).toString(),
            styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'trace-view.css')).toString()
        });
        panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'images', 'icon.png');
        this.disposables.push(
            panel.onDidDispose(() => this.dispose()),
            panel.webview.onDidReceiveMessage((m: ViewMessage) => void this.onMessage(m)),
            vscode.workspace.onDidChangeTextDocument((e) => {
                if (e.document.uri.toString() === this.request.uri) {
                    this.scheduleRefresh();
                }
            }),
            vscode.workspace.onDidChangeConfiguration((e) => {
                if (e.affectsConfiguration('netz')) {
                    this.scheduleRefresh();
                }
            })
        );
        this.updateTitle();
    }

    /** Opens the view on `request`, reusing the open panel. */
    static show(context: vscode.ExtensionContext, client: LanguageClient, request: ViewRequest): void {
        if (TracePanel.current) {
            TracePanel.current.request = request;
            TracePanel.current.updateTitle();
            TracePanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
            void TracePanel.current.refresh();
            return;
        }
        const panel = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, 'Netz trace', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
        TracePanel.current = new TracePanel(panel, context, client, request);
    }

    /** Restores a panel after a reload from the state the webview saved; the webview's `ready` triggers the request. */
    static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: LanguageClient, state: ViewState | undefined): void {
        if (!state?.request) {
            panel.dispose();
            return;
        }
        TracePanel.current?.panel.dispose();
        TracePanel.current = new TracePanel(panel, context, client, state.request);
    }

    private updateTitle(): void {
        const file = basename(vscode.Uri.parse(this.request.uri).fsPath);
        const what = this.request.probe ?? (this.request.adHoc ? `${this.request.adHoc.from} → ${this.request.adHoc.to}` : 'topology');
        this.panel.title = `Netz: ${what} (${file})`;
    }

    private scheduleRefresh(): void {
        if (this.timer !== undefined) {
            clearTimeout(this.timer);
        }
        this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
    }

    private post(message: HostMessage): void {
        void this.panel.webview.postMessage(message);
    }

    private async refresh(): Promise<void> {
        const request = this.request;
        try {
            if (request.probe === undefined && request.adHoc === undefined) {
                const result = await this.client.sendRequest<TopologyResult>(TOPOLOGY_REQUEST, { uri: request.uri });
                if ('error' in result) {
                    this.post({ type: 'error', message: result.error });
                    return;
                }
                this.last = {};
                this.post({ type: 'show', request, topology: result.topology });
                return;
            }
            const result = await this.client.sendRequest<TraceResult>(TRACE_REQUEST, { uri: request.uri, probe: request.probe, adHoc: request.adHoc });
            if ('error' in result) {
                this.post({ type: 'error', message: result.error });
                return;
            }
            const showEmptyChains = vscode.workspace.getConfiguration('netz').get<boolean>('trace.showEmptyChains', false);
            const playback = tracePlayback(result.trace, result.topology, { showEmptyChains });
            this.last = { trace: result.trace, playback };
            this.post({ type: 'show', request, topology: result.topology, playback });
        } catch (error) {
            this.post({ type: 'error', message: `the language server did not answer: ${error instanceof Error ? error.message : String(error)}` });
        }
    }

    private async onMessage(message: ViewMessage): Promise<void> {
        switch (message.type) {
            case 'ready':
                await this.refresh();
                return;
            case 'reveal':
                await revealSource(message.source);
                return;
            case 'export':
                await this.exportTrace(message.format);
                return;
            case 'exportSvg':
                await this.save(message.svg, 'svg', { 'SVG image': ['svg'] });
                return;
        }
    }

    private async exportTrace(format: 'json' | 'markdown'): Promise<void> {
        if (!this.last.trace || !this.last.playback) {
            void vscode.window.showWarningMessage('Netz: there is no trace to export yet.');
            return;
        }
        if (format === 'json') {
            await this.save(`${JSON.stringify(this.last.trace, null, 2)}\n`, 'trace.json', { JSON: ['json'] });
        } else {
            await this.save(traceMarkdown(this.last.playback), 'trace.md', { Markdown: ['md'] });
        }
    }

    /** Asks where to write (next to the `.netz` file by default); the save dialog asks before replacing a file. */
    private async save(content: string, suffix: string, filters: Record<string, string[]>): Promise<void> {
        const source = vscode.Uri.parse(this.request.uri);
        const stem = basename(source.fsPath, extname(source.fsPath));
        const name = `${stem}${this.request.probe ? `.${this.request.probe}` : ''}.${suffix}`;
        const target = await vscode.window.showSaveDialog({
            defaultUri: source.scheme === 'file' ? vscode.Uri.file(join(dirname(source.fsPath), name)) : undefined, filters
        });
        if (target) {
            await writeFile(target.fsPath, content);
            void vscode.window.showInformationMessage(`Netz: wrote ${vscode.workspace.asRelativePath(target)}`);
        }
    }

    private dispose(): void {
        if (TracePanel.current === this) {
            TracePanel.current = undefined;
        }
        if (this.timer !== undefined) {
            clearTimeout(this.timer);
        }
        this.disposables.forEach((d) => d.dispose());
    }
}

/** Shows a file at a 1-based line and column in the first editor column. */
export async function revealSource(source: ViewSource): Promise<void> {
    const position = new vscode.Position(Math.max(0, source.line - 1), Math.max(0, source.column - 1));
    const uri = /^[a-z][a-z0-9+.-]+:/i.test(source.file) && !/^[a-z]:[\\/]/i.test(source.file) ? vscode.Uri.parse(source.file) : vscode.Uri.file(source.file);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
}
