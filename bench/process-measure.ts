import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcessRun {
    /** Wall-clock time from spawn to exit. */
    ms: number;
    /** User plus system CPU time (GNU time's %U + %S): what the work cost, whatever else the machine was doing. */
    cpuMs: number;
    /** The child's peak resident set (GNU time's %M), in KiB. */
    maxRssKiB: number;
    code: number;
    stdout: string;
    stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command to completion under GNU time, for its wall time and peak memory (Node cannot read a child's
 * rusage). Resolves whatever the exit status: callers decide what a failure means.
 */
export function runMeasured(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProcessRun> {
    if (!existsSync(GNU_TIME)) {
        return Promise.reject(new Error(`${GNU_TIME} is missing: install Debian's \`time\` package (apt-get install time)`));
    }
    const dir = mkdtempSync(join(tmpdir(), 'netz-time-'));
    const report = join(dir, 'rusage');
    return new Promise((resolve, reject) => {
        const start = performance.now();
        const child = spawn(GNU_TIME, ['-f', '%U %S %M', '-o', report, command, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        child.on('error', error => {
            rmSync(dir, { recursive: true, force: true });
            reject(error);
        });
        child.on('close', code => {
            const ms = performance.now() - start;
            // GNU time writes "Command exited with non-zero status N" before the figures when the command fails.
            const lines = existsSync(report) ? readFileSync(report, 'utf8').trim().split('\n') : [];
            const [user, system, rss] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
            rmSync(dir, { recursive: true, force: true });
            resolve({
                ms,
                cpuMs: (user + system) * 1000,
                maxRssKiB: rss,
                code: code ?? -1,
                stdout: Buffer.concat(out).toString('utf8'),
                stderr: Buffer.concat(err).toString('utf8')
            });
        });
    });
}

/** Like `runMeasured`, but a non-zero exit is an error carrying the command's own output. */
export async function runMeasuredOk(command: string, args: string[], options: { cwd?: string } = {}): Promise<ProcessRun> {
    const run = await runMeasured(command, args, options);
    if (run.code !== 0) {
        throw new Error(`${command} ${args.join(' ')} exited with ${run.code}:\n${run.stderr.slice(-2000)}${run.stdout.slice(-2000)}`);
    }
    return run;
}
