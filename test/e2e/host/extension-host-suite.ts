// Runs inside code-server's extension host (loaded through `extensionTestsPath`, the test-electron `run()` contract):
// asks VS Code itself for diagnostics, hovers and code lenses, and runs the extension's commands.
// Results go to the JSON file named by NETZ_E2E_RESULTS after every check, so a hang still leaves what was learnt.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { docSnippet, FORWARD, FORWARD_RULE, OFFLINK, probesOf, SEED, SHADOWED, SHADOWED_DUMP } from '../e2e-fixtures.js';
import type { FixtureFile } from '../e2e-fixtures.js';
import type { Feature } from '../feature-gates.js';
import { contributedCommands, missingFeature, TRACE_COMMAND } from '../feature-gates.js';
import type { HostCheck, HostResult } from './host-checks.js';
import { HOST_CHECKS } from './host-checks.js';

const EXTENSION_ID = 'netz.netz';
/** The language server parses, analyses and simulates before answering; 60 s covers a cold start on busy cores. */
const SERVER_MS = 60_000;
/** Each check ends within this, so one wedged request cannot hold the whole suite. */
const CHECK_MS = 90_000;

class Pending extends Error {}

async function waitFor<T>(reason: string, ms: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
    const deadline = Date.now() + ms;
    let last: unknown;
    for (;;) {
        try {
            const value = await probe();
            if (value !== undefined) return value;
        } catch (error) {
            last = error;
        }
        if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${reason}${last ? ` (last error: ${String(last)})` : ''}`);
        await new Promise(r => setTimeout(r, 200));
    }
}

function workspaceUri(path: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder === undefined) throw new Error('no workspace folder is open');
    return vscode.Uri.joinPath(folder.uri, path);
}

async function open(path: string): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(workspaceUri(path));
    await vscode.window.showTextDocument(document);
    return document;
}

function extension(): vscode.Extension<unknown> {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    if (found === undefined) throw new Error(`extension ${EXTENSION_ID} is not installed`);
    return found;
}

function requireFeature(feature: Feature): void {
    const missing = missingFeature(extension().extensionPath, feature);
    if (missing !== undefined) throw new Pending(missing);
}

function codeOf(diagnostic: vscode.Diagnostic): string {
    const code = diagnostic.code;
    return typeof code === 'object' ? String(code.value) : String(code);
}

/** 0-based position of `word` on the first line containing `lineText`. */
function positionOf(document: vscode.TextDocument, lineText: string, word: string): vscode.Position {
    for (let line = 0; line < document.lineCount; line++) {
        const text = document.lineAt(line).text;
        if (text.includes(lineText)) return new vscode.Position(line, text.indexOf(word, text.indexOf(lineText)) + 1);
    }
    throw new Error(`${document.uri.fsPath} has no line containing '${lineText}'`);
}

async function expectDiagnostic(fixture: FixtureFile): Promise<string> {
    const document = await open(fixture.path);
    const line = positionOf(document, fixture.line, fixture.line).line;
    const severity = fixture.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
    const found = await waitFor(`a ${fixture.code} diagnostic on ${fixture.path}`, SERVER_MS,
        () => vscode.languages.getDiagnostics(document.uri).find(d => codeOf(d) === fixture.code));
    if (found.range.start.line !== line || found.severity !== severity) {
        throw new Error(`${fixture.code} is at line ${found.range.start.line + 1} with severity ${found.severity}, expected line ${line + 1} with ${severity}: ${found.message}`);
    }
    return `line ${line + 1}: ${found.message}`;
}

function plain(text: string): string {
    return text.replace(/[`*]/g, '').replace(/\s+/g, ' ');
}

async function expectHover(path: string, lineText: string, word: string, docKey: string): Promise<string> {
    const document = await open(path);
    const snippet = docSnippet(docKey);
    const text = await waitFor(`a hover on '${word}' containing '${snippet}'`, SERVER_MS, async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, lineText, word));
        const all = hovers.flatMap(h => h.contents.map(c => typeof c === 'string' ? c : c.value)).join('\n');
        if (!plain(all).includes(snippet)) throw new Error(`hover text: ${all.slice(0, 300) || '(none)'}`);
        return all;
    });
    return text.slice(0, 120);
}

async function lensesOf(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
    return lenses.filter(l => l.command?.command === TRACE_COMMAND);
}

async function probeLens(document: vscode.TextDocument, probe: string, titleHas: string): Promise<vscode.CodeLens> {
    const line = positionOf(document, `probe ${probe} `, 'probe').line;
    return waitFor(`the ${probe} lens titled with '${titleHas}'`, SERVER_MS, async () => {
        const lens = (await lensesOf(document)).find(l => l.range.start.line === line);
        if (lens === undefined) throw new Error(`no ${TRACE_COMMAND} lens on line ${line + 1}`);
        if (!lens.command!.title.includes(titleHas)) throw new Error(`lens title '${lens.command!.title}'`);
        return lens;
    });
}

const CHECKS: Record<HostCheck, () => Promise<string>> = {
    'the extension activates on seed.netz, whose language is netz': async () => {
        const document = await open(SEED);
        if (document.languageId !== 'netz') throw new Error(`language of ${SEED} is '${document.languageId}'`);
        await waitFor('the extension to activate', SERVER_MS, () => extension().isActive || undefined);
        return `languageId ${document.languageId}, ${EXTENSION_ID} active`;
    },
    'every contributed command is registered': async () => {
        const contributed = contributedCommands(extension().extensionPath).map(c => c.command);
        if (contributed.length === 0) throw new Pending('the packaged package.json contributes no commands');
        const registered = new Set(await vscode.commands.getCommands(true));
        const missing = contributed.filter(c => !registered.has(c));
        if (missing.length > 0) throw new Error(`contributed but not registered: ${missing.join(', ')}`);
        return contributed.join(', ');
    },
    'seed.netz has no error diagnostics': async () => {
        const document = await open(SEED);
        // No diagnostics is also what an unstarted server shows: a code lens proves it has compiled the file.
        await waitFor('the language server to answer with code lenses for seed.netz', SERVER_MS, async () => {
            const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
            return lenses.length > 0 || undefined;
        });
        const errors = vscode.languages.getDiagnostics(document.uri).filter(d => d.severity === vscode.DiagnosticSeverity.Error);
        if (errors.length > 0) throw new Error(errors.map(d => `line ${d.range.start.line + 1}: ${codeOf(d)} ${d.message}`).join('\n'));
        return 'no errors';
    },
    'an off-link gateway is a route-gateway-offlink error on its line': () => expectDiagnostic(OFFLINK),
    'a shadowed rule is a rule-shadowed warning on its line': () => expectDiagnostic(SHADOWED),
    'hover on MASQUERADE shows the target documentation': async () => {
        requireFeature('hover');
        return expectHover(SEED, '-j MASQUERADE', 'MASQUERADE', 'target:MASQUERADE');
    },
    'hover on veth shows the keyword documentation': async () => {
        requireFeature('hover');
        return expectHover(SEED, 'veth veth1 peer', 'veth', 'keyword:veth');
    },
    'every probe has a code lens tracing it, titled with its result': async () => {
        requireFeature('lenses');
        const document = await open(SEED);
        const titles: string[] = [];
        for (const probe of probesOf(document.getText())) {
            // The seed's probes all hold, so each lens names its outcome with a check mark.
            const lens = await probeLens(document, probe.name, `✓ ${probe.outcome}`);
            titles.push(`${probe.name}: ${lens.command!.title}`);
        }
        return titles.join('; ');
    },
    'the c1-web lens command opens the trace view': async () => {
        requireFeature('lenses');
        const document = await open(SEED);
        const lens = await probeLens(document, 'c1-web', '✓ established');
        await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
        const tab = await waitFor('a webview tab after running the lens command', SERVER_MS, () =>
            vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.input instanceof vscode.TabInputWebview));
        return `tab '${tab.label}' (${(tab.input as vscode.TabInputWebview).viewType})`;
    },
    'flipping a FORWARD rule to DROP changes the c1-web lens': async () => {
        requireFeature('lenses');
        const document = await open(FORWARD);
        const before = await probeLens(document, 'c1-web', '✓ established');
        const at = positionOf(document, FORWARD_RULE, 'ACCEPT');
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, new vscode.Range(at.line, at.character - 1, at.line, at.character - 1 + 'ACCEPT'.length), 'DROP');
        if (!await vscode.workspace.applyEdit(edit)) throw new Error('the edit was refused');
        const after = await probeLens(document, 'c1-web', 'got dropped');
        return `'${before.command!.title}' -> '${after.command!.title}'`;
    },
    'an iptables-save dump opened on its own is checked and documented': async () => {
        const document = await open(SHADOWED_DUMP.path);
        if (document.languageId !== 'iptables-save') throw new Error(`language of ${SHADOWED_DUMP.path} is '${document.languageId}'`);
        const diagnostic = await expectDiagnostic(SHADOWED_DUMP);
        requireFeature('hover');
        const hover = await expectHover(SHADOWED_DUMP.path, '-m conntrack', 'conntrack', 'match:conntrack');
        return `${diagnostic}; hover: ${hover}`;
    }
};

export async function run(): Promise<void> {
    const resultsPath = process.env.NETZ_E2E_RESULTS;
    if (resultsPath === undefined) throw new Error('NETZ_E2E_RESULTS is not set');
    const results: HostResult[] = [];
    for (const name of HOST_CHECKS) {
        const started = Date.now();
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
            const detail = await Promise.race([CHECKS[name](), new Promise<never>((_, fail) => {
                timer = setTimeout(() => fail(new Error(`check did not finish within ${CHECK_MS} ms`)), CHECK_MS);
            })]);
            results.push({ name, status: 'passed', detail, ms: Date.now() - started });
        } catch (error) {
            const pending = error instanceof Pending;
            results.push({ name, status: pending ? 'pending' : 'failed', detail: pending ? error.message : String((error as Error).stack ?? error), ms: Date.now() - started });
        } finally {
            clearTimeout(timer);
        }
        writeFileSync(resultsPath, JSON.stringify(results, null, 2));
    }
    // The exit code reaches the page through codeAutomationExit; details are in the results file.
    if (results.some(r => r.status === 'failed')) throw new Error(`failed: ${results.filter(r => r.status === 'failed').map(r => r.name).join(', ')}`);
}
