// Starts a real VS Code (code-server from npm) on a fresh profile and drives it with Debian's chromium
// (recipe: shared/design/E2E.md). Every process started here is stopped by its PID in `stop()`.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'e2e');
const CHROMIUM = '/usr/bin/chromium';

/** code-server's entry script, as installed by scripts/e2e/install-e2e-deps.sh (which prints it). */
export function codeServerEntry(): string {
    const fromEnv = process.env.NETZ_E2E_CODE_SERVER;
    if (fromEnv !== undefined && existsSync(fromEnv)) return fromEnv;
    const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'e2e', 'install-e2e-deps.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const entry = result.stdout.trim().split('\n').pop() ?? '';
    if (result.status !== 0 || !existsSync(entry)) {
        throw new Error(`scripts/e2e/install-e2e-deps.sh failed (exit ${result.status}); see its messages above`);
    }
    return entry;
}

/** Asks the kernel for a free loopback port (the server then binds to it; a race with another process is unlikely and fails loudly). */
export function freePort(): Promise<number> {
    return new Promise((done, fail) => {
        const server = createServer();
        server.once('error', fail);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => typeof address === 'object' && address !== null ? done(address.port) : fail(new Error('no port')));
        });
    });
}

/** Polls `check` every 100 ms until it holds or `ms` pass; `reason` says what was awaited when it times out. */
export async function waitUntil(reason: string, ms: number, check: () => boolean | Promise<boolean>): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${reason}`);
        await new Promise(r => setTimeout(r, 100));
    }
}

let packaged: string | undefined;

/**
 * The packaged extension, built once per mocha run for every suite: NETZ_VSIX when set (CI may package once
 * for several runs), else `npm run package`. The suites install what users install, never the sources.
 */
export function sharedVsix(): string {
    if (packaged === undefined) {
        const dir = mkdtempSync(join(tmpdir(), 'netz-e2e-vsix-'));
        process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
        packaged = packageVsix(dir);
    }
    return packaged;
}

function packageVsix(outDir: string): string {
    const given = process.env.NETZ_VSIX;
    if (given !== undefined && given !== '') {
        if (!existsSync(given)) throw new Error(`NETZ_VSIX=${given} does not exist`);
        return resolve(given);
    }
    const out = join(outDir, 'netz.vsix');
    // `npm run package` builds first (Langium, tsc, esbuild: about 1.5 min on busy cores) and ends with vsce, which takes --out.
    const result = spawnSync('npm', ['run', '--silent', 'package', '--', '--out', out], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
    if (result.status !== 0 || !existsSync(out)) {
        throw new Error(`packaging failed (npm run package -- --out ${out}, exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
    return out;
}

export interface LaunchOptions {
    /** The folder to open. */
    workspace: string;
    /** A .vsix to install into the fresh profile before starting. */
    vsix?: string;
    /** Environment for code-server and so for the extension host it starts. */
    env?: Record<string, string>;
}

/** One code-server plus one chromium on a private temp dir; `stop()` ends both by PID and is safe to call twice. */
export class CodeServerSession {
    readonly dir: string;
    page!: Page;
    port = 0;
    private server: ChildProcess | undefined;
    /** Where the packaged extension was installed (its package.json and dist/). */
    extensionDir = '';
    private context: BrowserContext | undefined;
    private readonly browserProfile: string;
    readonly logPath: string;

    constructor(label: string) {
        this.dir = mkdtempSync(join(tmpdir(), `netz-e2e-${label}-`));
        this.browserProfile = join(this.dir, 'chromium-profile');
        this.logPath = join(this.dir, 'code-server.log');
    }

    async start(options: LaunchOptions): Promise<Page> {
        const entry = codeServerEntry();
        const userData = join(this.dir, 'ud');
        const extensions = join(this.dir, 'ext');
        mkdirSync(join(userData, 'User'), { recursive: true });
        // Settings that keep first-run prompts, tips and update checks off the screen.
        writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
            'security.workspace.trust.enabled': false,
            'workbench.startupEditor': 'none',
            'workbench.tips.enabled': false,
            'telemetry.telemetryLevel': 'off',
            'extensions.autoCheckUpdates': false,
            'extensions.autoUpdate': false,
            'update.mode': 'none',
            'editor.minimap.enabled': false,
            'editor.hover.delay': 150,
            'files.autoSave': 'off',
            'chat.disableAIFeatures': true
        }, null, 2));
        // Keep code-server's own state out of $HOME.
        const env = { ...process.env, XDG_DATA_HOME: join(this.dir, 'xdg-data'), XDG_CONFIG_HOME: join(this.dir, 'xdg-config'), ...options.env };
        const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
        if (options.vsix !== undefined) {
            const installed = spawnSync(process.execPath, [entry, ...common, '--install-extension', options.vsix], { env, encoding: 'utf8', timeout: 120_000 });
            if (installed.status !== 0) throw new Error(`code-server --install-extension failed (exit ${installed.status}):\n${installed.stdout}\n${installed.stderr}`);
            const folder = readdirSync(extensions).find(name => name.startsWith('netz.netz-'));
            if (folder === undefined) throw new Error(`--install-extension left no netz.netz-* folder in ${extensions}`);
            this.extensionDir = join(extensions, folder);
        }
        this.port = await freePort();
        writeFileSync(join(this.dir, 'config.yaml'), `bind-addr: 127.0.0.1:${this.port}\nauth: none\ncert: false\n`);
        const log = openSync(this.logPath, 'a');
        // Own process group, so stopping it by PID also ends the extension host and language server it spawned.
        this.server = spawn(process.execPath, [entry, '--config', join(this.dir, 'config.yaml'), '--auth', 'none',
            '--bind-addr', `127.0.0.1:${this.port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
            '--disable-getting-started-override', ...common, options.workspace], { env, detached: true, stdio: ['ignore', log, log] });
        closeSync(log);
        const server = this.server;
        await waitUntil(`code-server /healthz on 127.0.0.1:${this.port} (log: ${this.logPath})`, 60_000, async () => {
            if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}:\n${this.serverLog()}`);
            try {
                return (await fetch(`http://127.0.0.1:${this.port}/healthz`)).ok;
            } catch {
                return false;
            }
        });
        this.context = await chromium.launchPersistentContext(this.browserProfile, {
            executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 },
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync']
        });
        this.page = this.context.pages()[0] ?? await this.context.newPage();
        return this.page;
    }

    /** The workbench URL; `payload` entries (extensionDevelopmentPath, extensionTestsPath) load a test runner. */
    url(workspace: string, payload?: [string, string][]): string {
        const query = `folder=${encodeURIComponent(workspace)}` + (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
        return `http://127.0.0.1:${this.port}/?${query}`;
    }

    serverLog(): string {
        return existsSync(this.logPath) ? readFileSync(this.logPath, 'utf8').split('\n').slice(-40).join('\n') : '(no log)';
    }

    async stop(): Promise<void> {
        const context = this.context;
        this.context = undefined;
        if (context !== undefined) {
            // Bounded: a wedged browser must not hang the suite; the PIDs below are ended regardless.
            let timer: ReturnType<typeof setTimeout> | undefined;
            await Promise.race([context.close().catch(() => undefined), new Promise(r => { timer = setTimeout(() => r(undefined), 10_000); })]);
            clearTimeout(timer);
        }
        for (const pid of this.chromiumPids()) killQuietly(pid, 'SIGKILL');
        const server = this.server;
        this.server = undefined;
        if (server?.pid !== undefined && server.exitCode === null) {
            const exited = new Promise(r => server.once('exit', r));
            killQuietly(-server.pid, 'SIGTERM');
            let timer: ReturnType<typeof setTimeout> | undefined;
            const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>(r => { timer = setTimeout(() => r(false), 10_000); })]);
            clearTimeout(timer);
            if (!stopped) killQuietly(-server.pid, 'SIGKILL');
        }
        if (process.env.NETZ_E2E_KEEP !== '1') rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
    }

    /** Chromium processes that use this session's private profile (playwright does not expose the browser PID). */
    private chromiumPids(): number[] {
        const pids: number[] = [];
        for (const entry of readdirSync('/proc')) {
            if (!/^\d+$/.test(entry)) continue;
            try {
                if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(this.browserProfile)) pids.push(Number(entry));
            } catch {
                // The process ended while we were reading: nothing to stop.
            }
        }
        return pids;
    }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(pid, signal);
    } catch {
        // Already gone.
    }
}

/** A copy of examples/ in a fresh folder, plus the extra files a test writes. */
export function makeWorkspace(root: string, extra: Record<string, string>): string {
    const workspace = join(root, 'workspace');
    cpSync(join(REPO_ROOT, 'examples'), join(workspace, 'examples'), { recursive: true });
    for (const [name, text] of Object.entries(extra)) {
        mkdirSync(join(workspace, name, '..'), { recursive: true });
        writeFileSync(join(workspace, name), text);
    }
    return workspace;
}
