import { spawn } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Running commands, checking that the machine can build topologies, and cleaning up after crashed runs. */

export interface CommandResult {
    code: number | null;
    stdout: string;
    stderr: string;
    timedOut: boolean;
}

/** Runs a command to completion, killed after `timeoutMs` (no command of `netz verify` may hang the run). */
export function run(command: string, args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
    return new Promise((resolve) => {
        const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
        }, options.timeoutMs ?? 30_000);
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', (e) => {
            stderr += e.message;
        });
        child.on('close', (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, timedOut });
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input ?? '');
    });
}

/** The commands `netz verify` runs, and the Debian package that provides each. */
export const REQUIRED_TOOLS: readonly { command: string; debianPackage: string }[] = [
    { command: 'ip', debianPackage: 'iproute2' },
    { command: 'iptables-nft-restore', debianPackage: 'iptables' },
    { command: 'iptables-nft', debianPackage: 'iptables' },
    { command: 'xtables-monitor', debianPackage: 'iptables' },
    { command: 'conntrack', debianPackage: 'conntrack' },
    { command: 'python3', debianPackage: 'python3' },
    { command: 'bash', debianPackage: 'bash' },
];

function onPath(command: string): boolean {
    const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
    return dirs.some((dir) => {
        try {
            accessSync(join(dir, command), constants.X_OK);
            return true;
        } catch {
            return false;
        }
    });
}

/**
 * Why this machine cannot run `netz verify`, or an empty list when it can: root, every tool, and a network namespace
 * actually created and removed (containers without CAP_SYS_ADMIN fail only there).
 */
export async function environmentProblems(probeNamespace: string): Promise<string[]> {
    const problems: string[] = [];
    if (process.getuid?.() !== 0) {
        problems.push('netz verify needs root: it creates network namespaces, devices and iptables rulesets (run it with sudo)');
    }
    const missing = REQUIRED_TOOLS.filter((t) => !onPath(t.command));
    if (missing.length > 0) {
        const packages = [...new Set(missing.map((t) => t.debianPackage))].join(' ');
        problems.push(`missing tools: ${missing.map((t) => t.command).join(', ')} (Debian: apt-get install ${packages})`);
    }
    if (problems.length > 0) {
        return problems;
    }
    const made = await run('ip', ['netns', 'add', probeNamespace], { timeoutMs: 10_000 });
    if (made.code !== 0) {
        problems.push(`cannot create a network namespace: ${made.stderr.trim() || `ip netns add exited with ${made.code}`}`);
    } else {
        await run('ip', ['netns', 'del', probeNamespace], { timeoutMs: 10_000 });
    }
    return problems;
}

/**
 * The Python that runs the traffic agent: Debian's own when present (a version manager's shim in PATH costs
 * most of a second per start, and the agent starts several times per probe).
 */
export function pythonCommand(): string {
    try {
        accessSync('/usr/bin/python3', constants.X_OK);
        return '/usr/bin/python3';
    } catch {
        return 'python3';
    }
}

/** Deletes namespaces (stopping what runs inside first, or the namespace outlives `ip netns del`). */
export async function deleteNamespaces(names: string[]): Promise<void> {
    await Promise.all(
        names.map(async (name) => {
            const pids = await run('ip', ['netns', 'pids', name], { timeoutMs: 10_000 });
            for (const pid of pids.stdout.split(/\s+/).filter((p) => /^\d+$/.test(p))) {
                try {
                    process.kill(Number(pid), 'SIGKILL');
                } catch {
                    // Already gone.
                }
            }
            await run('ip', ['netns', 'del', name], { timeoutMs: 10_000 });
        }),
    );
}

/** Existing namespaces whose names start with `prefix`. */
export function namespacesWithPrefix(prefix: string): string[] {
    try {
        return readdirSync('/run/netns').filter((n) => n.startsWith(prefix));
    } catch {
        return [];
    }
}

/**
 * Namespaces are named `FAMILY<pid>-<n>-...`: a leftover of a run whose process is gone (a crash, a kill -9) is
 * removed by the next run; namespaces of runs still alive are left alone.
 */
export async function cleanStale(family: string): Promise<string[]> {
    const stale = namespacesWithPrefix(family).filter((name) => {
        const m = new RegExp(`^${family}(\\d+)-`).exec(name);
        return m !== null && !processAlive(Number(m[1]));
    });
    await deleteNamespaces(stale);
    return stale;
}

function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
}
