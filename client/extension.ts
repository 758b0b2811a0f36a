import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import { registerCommands } from './netz-commands.js';
import { registerStatusSummary } from './status-summary.js';
import { TRACE_VIEW_TYPE, TracePanel } from './trace-panel.js';
import type { ViewState } from './webview/webview-messages.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const module = context.asAbsolutePath(path.join('dist', 'server', 'main.cjs'));
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const clientOptions: LanguageClientOptions = {
        // iptables-save dumps opened on their own get the diagnostics of `netz check FILE`, hovers and quick fixes.
        documentSelector: ['netz', 'iptables-save'].flatMap(language => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
        // `netz.iptablesBackend` and `netz.trace.*` reach the server as workspace/didChangeConfiguration.
        synchronize: { configurationSection: 'netz' },
        initializationOptions: { iptablesBackend: vscode.workspace.getConfiguration('netz').get<string>('iptablesBackend', 'nft') }
    };
    const started = new LanguageClient('netz', 'Netz', serverOptions, clientOptions);
    client = started;
    registerCommands(context, started);
    registerStatusSummary(context);
    context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(TRACE_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => TracePanel.revive(panel, context, started, state as ViewState | undefined)
    }));
    await started.start();
}

export async function deactivate(): Promise<void> {
    await client?.stop();
}
