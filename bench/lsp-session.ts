import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface Message {
    id?: number;
    method?: string;
    params?: unknown;
    result?: unknown;
    error?: { message: string };
}

interface PublishedDiagnostics {
    uri: string;
    diagnostics: { severity?: number; message: string }[];
}

/**
 * A minimal LSP client over stdio (JSON-RPC with Content-Length framing) for timing the language server as an
 * editor sees it: didOpen/didChange out, publishDiagnostics back.
 */
export class LspSession {
    private readonly child: ChildProcessWithoutNullStreams;
    private buffer = Buffer.alloc(0);
    private nextId = 1;
    private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
    private readonly diagnosticWaiters: { uri: string; resolve: (published: PublishedDiagnostics) => void }[] = [];
    private readonly versions = new Map<string, number>();
    private stderr = '';
    private exited = false;

    private constructor(serverPath: string) {
        this.child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
        this.child.stderr.on('data', (chunk: Buffer) => { this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000); });
        this.child.on('exit', () => {
            this.exited = true;
            for (const { reject } of this.pending.values()) {
                reject(new Error(`language server exited: ${this.stderr}`));
            }
        });
    }

    /** Starts `node SERVER --stdio` and completes the initialize handshake with `rootDir` as the only workspace folder. */
    static async start(serverPath: string, rootDir: string): Promise<LspSession> {
        const session = new LspSession(serverPath);
        const rootUri = pathToFileURL(rootDir).toString();
        await session.request('initialize', {
            processId: process.pid,
            rootUri,
            workspaceFolders: [{ uri: rootUri, name: 'bench' }],
            capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true }, synchronization: { didSave: true } } }
        });
        session.notify('initialized', {});
        return session;
    }

    get pid(): number {
        return this.child.pid ?? -1;
    }

    /** Opens a document and resolves with the milliseconds until its first diagnostics arrive. */
    async open(path: string, text: string): Promise<{ ms: number; diagnostics: PublishedDiagnostics['diagnostics'] }> {
        const uri = pathToFileURL(path).toString();
        this.versions.set(uri, 1);
        const start = performance.now();
        const published = this.nextDiagnostics(uri);
        this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'netz', version: 1, text } });
        const { diagnostics } = await published;
        return { ms: performance.now() - start, diagnostics };
    }

    /** Replaces the document's text (a full-content change, which every sync kind accepts) and times the diagnostics that follow. */
    async change(path: string, text: string): Promise<{ ms: number; diagnostics: PublishedDiagnostics['diagnostics'] }> {
        const uri = pathToFileURL(path).toString();
        const version = (this.versions.get(uri) ?? 1) + 1;
        this.versions.set(uri, version);
        const start = performance.now();
        const published = this.nextDiagnostics(uri);
        this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
        const { diagnostics } = await published;
        return { ms: performance.now() - start, diagnostics };
    }

    /** The server's peak resident set so far (VmHWM), in KiB. */
    peakRssKiB(): number {
        const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
        return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
    }

    async stop(): Promise<void> {
        if (this.exited) {
            return;
        }
        const exited = new Promise<void>(resolve => this.child.once('exit', () => resolve()));
        try {
            await Promise.race([this.request('shutdown', null), new Promise(resolve => setTimeout(resolve, 2000))]);
            this.notify('exit', null);
        } finally {
            const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
            await exited;
            clearTimeout(timer);
        }
    }

    private nextDiagnostics(uri: string): Promise<PublishedDiagnostics> {
        return new Promise(resolve => this.diagnosticWaiters.push({ uri, resolve }));
    }

    private request(method: string, params: unknown): Promise<unknown> {
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            if (this.exited) {
                reject(new Error(`language server exited: ${this.stderr}`));
                return;
            }
            this.pending.set(id, { resolve, reject });
            this.send({ id, method, params });
        });
    }

    private notify(method: string, params: unknown): void {
        this.send({ method, params });
    }

    private send(message: Message): void {
        const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
        this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
        this.child.stdin.write(body);
    }

    private receive(chunk: Buffer): void {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        for (;;) {
            const headerEnd = this.buffer.indexOf('\r\n\r\n');
            if (headerEnd < 0) {
                return;
            }
            const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
            if (this.buffer.length < headerEnd + 4 + length) {
                return;
            }
            const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
            this.buffer = this.buffer.subarray(headerEnd + 4 + length);
            this.dispatch(message);
        }
    }

    private dispatch(message: Message): void {
        if (message.id !== undefined && message.method === undefined) {
            const waiter = this.pending.get(message.id);
            this.pending.delete(message.id);
            if (message.error) {
                waiter?.reject(new Error(message.error.message));
            } else {
                waiter?.resolve(message.result);
            }
        } else if (message.id !== undefined && message.method !== undefined) {
            // Server-to-client requests (configuration, registration): an empty answer is what a bare client gives.
            const items = (message.params as { items?: unknown[] } | undefined)?.items;
            this.send({ id: message.id, result: message.method === 'workspace/configuration' ? (items ?? []).map(() => null) : null });
        } else if (message.method === 'textDocument/publishDiagnostics') {
            const published = message.params as PublishedDiagnostics;
            const index = this.diagnosticWaiters.findIndex(w => w.uri === published.uri);
            if (index >= 0) {
                this.diagnosticWaiters.splice(index, 1)[0].resolve(published);
            }
        }
    }
}
