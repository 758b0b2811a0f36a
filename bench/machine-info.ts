import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineInfo {
    cpu: string;
    cores: number;
    memoryGiB: number;
    kernel: string;
    node: string;
    iptables: string;
    commit: string;
    date: string;
}

function quiet(command: string, args: string[], cwd?: string): string {
    try {
        return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
        return 'unknown';
    }
}

/** What the figures were measured on; the commit is read with `git rev-parse` (read-only). */
export function machineInfo(repo: string): MachineInfo {
    return {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        kernel: release(),
        node: process.version,
        iptables: quiet('iptables', ['--version']),
        commit: quiet('git', ['rev-parse', '--short', 'HEAD'], repo),
        date: new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    };
}

/** The 1-minute load average over the core count: above 1 the cores were oversubscribed while we measured. */
export function loadPerCore(): number {
    return loadavg()[0] / Math.max(1, cpus().length);
}
