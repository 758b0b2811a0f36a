import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeLens, CompletionList, Hover, PublishDiagnosticsParams, WorkspaceEdit } from 'vscode-languageserver';

/**
 * The bundled server driven over stdio as an editor drives it: initialize, open, diagnostics, hover, completion,
 * code lenses, rename, the custom requests, a settings change, shutdown and exit. Every wait is bounded.
 */

const SERVER = fileURLToPath(new URL('../../dist/server/main.cjs', import.meta.url));
const SEED_PATH = fileURLToPath(new URL('../../examples/seed.netz', import.meta.url));
const SEED_URI = pathToFileURL(SEED_PATH).toString();
const SEED = readFileSync(SEED_PATH, 'utf8');
const WAIT_MS = 15_000;

function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The 0-based LSP position of `delta` characters into the first `needle` of the seed. */
function at(needle: string, delta = 0): { line: number; character: number } {
    const offset = SEED.indexOf(needle) + delta;
    const before = SEED.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
}

class Editor {
    readonly process: ChildProcessWithoutNullStreams;
    readonly connection: MessageConnection;
    private readonly diagnostics: PublishDiagnosticsParams[] = [];
    private readonly waiting: (() => void)[] = [];

    constructor() {
        this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
        this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
        this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
            this.diagnostics.push(params);
            this.waiting.splice(0).forEach(wake => wake());
        });
        // What VS Code answers: the `netz` section of the settings, and yes to dynamic registrations and refreshes.
        this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
            params.items.map(item => (item.section === 'netz' ? { iptablesBackend: 'nft' } : null)));
        this.connection.onRequest('client/registerCapability', () => null);
        this.connection.onRequest('workspace/codeLens/refresh', () => null);
        this.connection.listen();
    }

    async start(locale: string): Promise<void> {
        await within(this.connection.sendRequest('initialize', {
            processId: process.pid, rootUri: null, locale, workspaceFolders: null, initializationOptions: { iptablesBackend: 'nft' },
            capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { codeLens: {}, hover: {}, completion: {}, rename: { prepareSupport: true } } }
        }), 'initialize');
        await this.connection.sendNotification('initialized', {});
    }

    /** The next diagnostics published for `uri` after `count` earlier publications of it. */
    async diagnosticsFor(uri: string, count = 0): Promise<PublishDiagnosticsParams> {
        const find = () => this.diagnostics.filter(d => d.uri === uri)[count];
        return within((async () => {
            while (!find()) {
                await new Promise<void>(wake => this.waiting.push(wake));
            }
            return find()!;
        })(), `diagnostics #${count + 1} of ${uri}`);
    }

    request<T>(method: string, params: unknown): Promise<T> {
        return within(this.connection.sendRequest(method, params), method);
    }

    async stop(): Promise<number | null> {
        const exited = new Promise<number | null>(resolve => this.process.once('exit', code => resolve(code)));
        await this.request('shutdown', undefined);
        await this.connection.sendNotification('exit');
        const code = await within(exited, 'the server to exit');
        this.connection.dispose();
        return code;
    }
}

const textDocument = { uri: SEED_URI };

for (const locale of ['en', 'zh-tw'] as const) {
    describe(`language server over stdio (${locale})`, function () {
        this.timeout(60_000);
        let editor: Editor;

        before(async () => {
            assert.ok(existsSync(SERVER), `${SERVER} is missing: run node scripts/bundle.js first`);
            editor = new Editor();
            await editor.start(locale);
            await editor.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: SEED_URI, languageId: 'netz', version: 1, text: SEED } });
        });

        after(async () => {
            if (editor.process.exitCode === null) {
                editor.process.kill();
            }
        });

        it('publishes the seed\'s diagnostics: no errors', async () => {
            const published = await editor.diagnosticsFor(SEED_URI);
            assert.deepEqual(published.diagnostics.filter(d => d.severity === 1), []);
        });

        it('hovers a target with its documentation in the display language', async () => {
            const hover = await editor.request<Hover>('textDocument/hover', { textDocument, position: at('MASQUERADE', 2) });
            const value = (hover.contents as { value: string }).value;
            assert.match(value, /^\*\*MASQUERADE\*\*/);
            assert.match(value, locale === 'en' ? /Valid in tables: `nat`/ : /可用的表：`nat`/);
        });

        it('hovers a rule line with what it does', async () => {
            const hover = await editor.request<Hover>('textDocument/hover', { textDocument, position: at('192.168.31.0/24 -o', 3) });
            const value = (hover.contents as { value: string }).value;
            assert.match(value, locale === 'en'
                ? /^Packets from 192\.168\.31\.0\/24 leaving through eth0 get eth0's address as their source\./
                : /^來源為 192\.168\.31\.0\/24、從 eth0 送出的封包的來源位址改為 eth0 的位址。/);
        });

        it('completes the targets valid in nat POSTROUTING', async () => {
            const list = await editor.request<CompletionList>('textDocument/completion', { textDocument, position: at('MASQUERADE') });
            const labels = list.items.map(i => i.label);
            assert.ok(labels.includes('MASQUERADE') && labels.includes('SNAT'), labels.join(' '));
            assert.ok(!labels.includes('DNAT') && !labels.includes('REJECT'), labels.join(' '));
        });

        it('puts every probe\'s result in a code lens', async () => {
            const lenses = await editor.request<CodeLens[]>('textDocument/codeLens', { textDocument });
            const probes = lenses.filter(l => l.command?.command === 'netz.traceProbe');
            assert.equal(probes.length, 3);
            for (const lens of probes) {
                assert.match(lens.command!.title, locale === 'en' ? /^▶ Trace · ✓ \w+, \d+ steps$/ : /^▶ 追蹤 · ✓ \w+，\d+ 步$/);
            }
        });

        it('renames a namespace with its NS.IF references', async () => {
            const edit = await editor.request<WorkspaceEdit>('textDocument/rename', { textDocument, position: at('netns c1', 7), newName: 'web' });
            const edits = edit.changes![SEED_URI];
            const lines = SEED.split('\n');
            const renamed = edits.map(e => lines[e.range.start.line].slice(e.range.start.character, e.range.end.character));
            assert.deepEqual(renamed, renamed.map(() => 'c1'));
            assert.equal(edits.length, 4); // netns c1, peer c1.veth0, from c1 (twice: c1-web, c1-ping)
        });

        it('answers netz/trace, netz/topology and netz/exportScript', async () => {
            const trace = await editor.request<{ trace: { outcome: string; steps: unknown[] } }>('netz/trace', { uri: SEED_URI, probe: 'c1-web' });
            assert.equal(trace.trace.outcome, 'established');
            const adHoc = await editor.request<{ trace: { outcome: string } }>('netz/trace', { uri: SEED_URI, adHoc: { from: 'c3', to: '198.51.100.183', protocol: 'udp', dport: 53 } });
            assert.equal(adHoc.trace.outcome, 'established');
            const topology = await editor.request<{ topology: { namespaces: unknown[] } }>('netz/topology', { uri: SEED_URI });
            assert.equal(topology.topology.namespaces.length, 6);
            const script = await editor.request<{ setup: string; teardown: string }>('netz/exportScript', { uri: SEED_URI });
            assert.match(script.setup, /netz-docker-host/);
            assert.deepEqual(await editor.request('netz/trace', { uri: SEED_URI, probe: 'missing' }), { error: 'no probe named \'missing\'' });
        });

        it('rebuilds the open documents when the iptables backend changes', async () => {
            // TCPMSS without a SYN match: iptables-legacy refuses it, iptables-nft does not.
            const uri = pathToFileURL(SEED_PATH.replace('seed.netz', 'tcpmss-unsaved.netz')).toString();
            const text = 'host router {\n  nic eth0 { address 192.0.2.1/24 }\n  iptables {\n    *mangle\n    -A FORWARD -p tcp -j TCPMSS --clamp-mss-to-pmtu\n    COMMIT\n  }\n}\n';
            await editor.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'netz', version: 1, text } });
            const nft = await editor.diagnosticsFor(uri);
            assert.ok(!nft.diagnostics.some(d => d.code === 'ipt-tcpmss-needs-syn'), JSON.stringify(nft.diagnostics));
            await editor.connection.sendNotification('workspace/didChangeConfiguration', { settings: { netz: { iptablesBackend: 'legacy' } } });
            const legacy = await editor.diagnosticsFor(uri, 1);
            assert.ok(legacy.diagnostics.some(d => d.code === 'ipt-tcpmss-needs-syn'), JSON.stringify(legacy.diagnostics));
        });

        it('shuts down and exits cleanly', async () => {
            assert.equal(await editor.stop(), 0);
        });
    });
}
