import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { importedNetz, importRefusal, NAMESPACE_NAME, namespaceNameFor } from '../language/netz-import.js';
import { EXPORT_SCRIPT_REQUEST, REVEAL_CHAIN_COMMAND, TRACE_FROM_COMMAND, TRACE_PROBE_COMMAND } from '../presentation/netz-protocol.js';
import type { ExportScriptResult } from '../presentation/netz-protocol.js';
import { TracePanel, revealSource } from './trace-panel.js';
import type { AdHocRequest } from '../presentation/netz-protocol.js';

/** The palette commands and the commands behind the server's code lenses. */

/** The active `.netz` document, or a message saying one is needed. */
function activeNetzDocument(): vscode.TextDocument | undefined {
    const document = vscode.window.activeTextEditor?.document;
    if (document?.languageId !== 'netz') {
        void vscode.window.showWarningMessage('Netz: open a .netz file first.');
        return undefined;
    }
    return document;
}

/** The probes and namespaces of a document, read from the lenses the server publishes for it. */
async function lensArguments(uri: vscode.Uri, command: string): Promise<string[]> {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri) ?? [];
    return lenses.filter((l) => l.command?.command === command).map((l) => String(l.command!.arguments?.[1]));
}

/** Asks for a destination and a packet, then traces it from `netns`. */
async function traceFrom(context: vscode.ExtensionContext, client: LanguageClient, uri: string, netns: string): Promise<void> {
    const to = await vscode.window.showInputBox({
        title: `Trace from ${netns}`, prompt: 'Destination: an IPv4 address or a namespace name', placeHolder: '198.51.100.183',
        validateInput: (v) => /^\s*$/.test(v) ? 'name a destination' : undefined
    });
    if (to === undefined) {
        return;
    }
    const protocols: AdHocRequest['protocol'][] = ['icmp', 'tcp', 'udp'];
    const picked = await vscode.window.showQuickPick(protocols, { title: 'Protocol', placeHolder: 'icmp echo request, or a tcp/udp packet' });
    const protocol = protocols.find((p) => p === picked);
    if (protocol === undefined) {
        return;
    }
    const adHoc: AdHocRequest = { from: netns, to: to.trim(), protocol };
    if (protocol !== 'icmp') {
        const dport = await vscode.window.showInputBox({
            title: `${protocol} destination port`, value: protocol === 'tcp' ? '80' : '53',
            validateInput: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'a port from 1 to 65535'
        });
        if (dport === undefined) {
            return;
        }
        adHoc.dport = Number(dport);
    }
    TracePanel.show(context, client, { uri, adHoc });
}

async function tracePacket(context: vscode.ExtensionContext, client: LanguageClient): Promise<void> {
    const document = activeNetzDocument();
    if (!document) {
        return;
    }
    const uri = document.uri.toString();
    const probes = await lensArguments(document.uri, TRACE_PROBE_COMMAND);
    const adHoc = 'Ad hoc packet…';
    const picked = await vscode.window.showQuickPick([...probes.map((p) => ({ label: p, description: 'probe' })), { label: adHoc, description: 'choose source, destination and protocol' }],
        { title: 'Netz: Trace Packet', placeHolder: probes.length > 0 ? 'a probe of this file, or an ad hoc packet' : 'this file has no probe: trace an ad hoc packet' });
    if (!picked) {
        return;
    }
    if (picked.label !== adHoc) {
        TracePanel.show(context, client, { uri, probe: picked.label });
        return;
    }
    const namespaces = await lensArguments(document.uri, TRACE_FROM_COMMAND);
    const from = await vscode.window.showQuickPick(namespaces, { title: 'Send from which namespace?' });
    if (from !== undefined) {
        await traceFrom(context, client, uri, from);
    }
}

/** Writes `NAME.setup.sh` and `NAME.teardown.sh` next to the file, asking first and again before replacing either. */
async function exportScript(client: LanguageClient): Promise<void> {
    const document = activeNetzDocument();
    if (!document) {
        return;
    }
    if (document.uri.scheme !== 'file') {
        void vscode.window.showWarningMessage('Netz: save the file first; the scripts are written next to it.');
        return;
    }
    const folder = dirname(document.uri.fsPath);
    const stem = basename(document.uri.fsPath, extname(document.uri.fsPath));
    const targets = [join(folder, `${stem}.setup.sh`), join(folder, `${stem}.teardown.sh`)];
    const existing = targets.filter((t) => existsSync(t)).map((t) => basename(t));
    const question = existing.length > 0
        ? `${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}. Replace with the scripts of ${basename(document.uri.fsPath)}?`
        : `Write ${basename(targets[0])} and ${basename(targets[1])} next to ${basename(document.uri.fsPath)}?`;
    const answer = await vscode.window.showInformationMessage(question, { modal: true }, existing.length > 0 ? 'Replace' : 'Write');
    if (answer === undefined) {
        return;
    }
    const result = await client.sendRequest<ExportScriptResult>(EXPORT_SCRIPT_REQUEST, { uri: document.uri.toString() });
    if ('error' in result) {
        void vscode.window.showErrorMessage(`Netz: ${result.error}`);
        return;
    }
    for (const [path, text] of [[targets[0], result.setup], [targets[1], result.teardown]] as const) {
        await writeFile(path, text);
        await chmod(path, 0o755);
    }
    const open = await vscode.window.showInformationMessage(`Netz: wrote ${basename(targets[0])} and ${basename(targets[1])}.`, 'Open setup script');
    if (open) {
        await vscode.window.showTextDocument(vscode.Uri.file(targets[0]));
    }
}


/** Turns an iptables-save file into a `.netz` file with `netz import`'s own function. */
async function importIptables(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({ title: 'iptables-save file to import', canSelectMany: false, openLabel: 'Import' });
    const rules = picked?.[0];
    if (!rules) {
        return;
    }
    const bytes = await readFile(rules.fsPath);
    const refusal = importRefusal(rules.fsPath, bytes);
    if (refusal) {
        void vscode.window.showErrorMessage(`Netz: ${basename(rules.fsPath)}:${refusal.line}: ${refusal.message}`);
        return;
    }
    const netns = await vscode.window.showInputBox({
        title: 'Namespace that holds these rules', value: namespaceNameFor(rules.fsPath),
        validateInput: (v) => NAMESPACE_NAME.test(v) ? undefined : 'letters, digits, _ and -, starting with a letter or _, no "."'
    });
    if (netns === undefined) {
        return;
    }
    const how = await vscode.window.showQuickPick([
        { label: 'Reference the file', description: `iptables from "${basename(rules.fsPath)}"`, embed: false },
        { label: 'Paste the rules in', description: 'the .netz file holds a copy', embed: true }
    ], { title: 'How should the .netz file hold the rules?' });
    if (!how) {
        return;
    }
    // The save dialog confirms before replacing an existing file.
    const output = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(join(dirname(rules.fsPath), `${netns}.netz`)), filters: { Netz: ['netz'] } });
    if (!output) {
        return;
    }
    await writeFile(output.fsPath, importedNetz(rules.fsPath, netns, how.embed, dirname(output.fsPath), bytes.toString('utf8')));
    await vscode.window.showTextDocument(output);
}

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
    const showTopology = (): void => {
        const document = activeNetzDocument();
        if (document) {
            TracePanel.show(context, client, { uri: document.uri.toString() });
        }
    };
    context.subscriptions.push(
        vscode.commands.registerCommand('netz.tracePacket', () => tracePacket(context, client)),
        vscode.commands.registerCommand('netz.showTopology', showTopology),
        vscode.commands.registerCommand('netz.exportScript', () => exportScript(client)),
        vscode.commands.registerCommand('netz.importIptables', importIptables),
        vscode.commands.registerCommand(TRACE_PROBE_COMMAND, (uri: string, probe: string) => TracePanel.show(context, client, { uri, probe })),
        vscode.commands.registerCommand(TRACE_FROM_COMMAND, (uri: string, netns: string) => traceFrom(context, client, uri, netns)),
        vscode.commands.registerCommand(REVEAL_CHAIN_COMMAND, (uri: string, line: number, column = 1) => revealSource({ file: uri, line, column }))
    );
}
