import { spawnSync } from 'node:child_process';
import type { ProcessRun } from './process-measure.js';
import { runMeasuredOk } from './process-measure.js';

export type IptablesBackend = 'nft' | 'legacy';

/** `iptables-{nft,legacy}-restore --test FILE`: the kernel tools' own parse and check of a ruleset, committing nothing. */
export function iptablesRestoreTest(backend: IptablesBackend, file: string): Promise<ProcessRun> {
    return runMeasuredOk(`iptables-${backend}-restore`, ['--test', file]);
}

/** Whether `iptables-{backend}-restore` can run here (installed, and we may use netfilter). */
export function iptablesRestoreAvailable(backend: IptablesBackend): boolean {
    const probe = spawnSync(`iptables-${backend}-restore`, ['--test'], { input: '*filter\nCOMMIT\n', stdio: ['pipe', 'ignore', 'ignore'] });
    return probe.status === 0;
}

let scratchCounter = 0;
/** Scratch namespaces that exist right now, so that an interrupted bench can still delete them. */
const liveScratch = new Set<string>();

/** Deletes every scratch namespace still present (the bench calls it on SIGINT/SIGTERM, where `finally` never runs). */
export function deleteScratchNamespaces(): void {
    for (const name of liveScratch) {
        spawnSync('ip', ['netns', 'delete', name]);
        liveScratch.delete(name);
    }
}

/**
 * The real load, for scale context: `iptables-legacy-restore FILE` inside a fresh network namespace with a unique
 * name, deleted afterwards whatever happened, so the host's own rules are never touched.
 */
export async function loadIntoScratchNamespace(file: string): Promise<ProcessRun> {
    const name = `netz-bench-${process.pid}-${scratchCounter++}`;
    const added = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
    if (added.status !== 0) {
        throw new Error(`ip netns add ${name}: ${added.stderr.trim()}`);
    }
    liveScratch.add(name);
    try {
        return await runMeasuredOk('ip', ['netns', 'exec', name, 'iptables-legacy-restore', file]);
    } finally {
        spawnSync('ip', ['netns', 'delete', name]);
        liveScratch.delete(name);
    }
}
