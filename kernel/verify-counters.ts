import { run } from './verify-environment.js';

/**
 * The kernel's own counters (`/proc/net/snmp`, `/proc/net/netstat`) and half-open TCP connections (`/proc/net/tcp`),
 * read in every namespace before and after a probe: they say where a packet was delivered or lost when no rule
 * decided (forwarding disabled, reverse-path filter, no route, TTL exhausted; SEMANTICS.md §11).
 */

export type Counters = Map<string, number>;

export interface NamespaceSnapshot {
    counters: Counters;
    /** Local ports of TCP connections in SYN_RECV: a SYN reached a listener whose answer has not come back. */
    synReceivedPorts: number[];
}

/** Reads every namespace in one shell, so a snapshot costs one process, not one per namespace. */
export async function snapshot(namespaces: string[]): Promise<Map<string, NamespaceSnapshot>> {
    const script = namespaces
        .map((ns) => `echo '@@ ${ns}'; ip netns exec '${ns}' cat /proc/net/snmp /proc/net/netstat /proc/net/tcp`)
        .join('\n');
    const result = await run('bash', ['-c', script], { timeoutMs: 15_000 });
    const out = new Map<string, NamespaceSnapshot>();
    for (const section of result.stdout.split(/^@@ /m).slice(1)) {
        const newline = section.indexOf('\n');
        out.set(section.slice(0, newline).trim(), parseProc(section.slice(newline + 1)));
    }
    return out;
}

/** `Ip: Forwarding DefaultTTL ...` followed by `Ip: 1 64 ...` become `IpForwarding = 1`, ... */
export function parseProc(text: string): NamespaceSnapshot {
    const counters: Counters = new Map();
    const synReceivedPorts: number[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const tcp = /^\s*\d+: [0-9A-F]{8}:([0-9A-F]{4}) [0-9A-F]{8}:[0-9A-F]{4} 03 /.exec(lines[i]);
        if (tcp) {
            synReceivedPorts.push(parseInt(tcp[1], 16));
            continue;
        }
        const head = /^(\w+): (.*)$/.exec(lines[i]);
        const values = head ? /^(\w+): (.*)$/.exec(lines[i + 1] ?? '') : null;
        if (!head || !values || head[1] !== values[1] || !/^[A-Za-z]/.test(head[2])) {
            continue;
        }
        const names = head[2].trim().split(/\s+/);
        const nums = values[2].trim().split(/\s+/);
        names.forEach((name, k) => counters.set(head[1] + name, Number(nums[k])));
        i++;
    }
    return { counters, synReceivedPorts };
}

/** Counters that moved between two snapshots, per namespace. */
export function deltas(before: Map<string, NamespaceSnapshot>, after: Map<string, NamespaceSnapshot>): Map<string, Counters> {
    const out = new Map<string, Counters>();
    for (const [ns, snap] of after) {
        const old = before.get(ns)?.counters ?? new Map<string, number>();
        const moved: Counters = new Map();
        for (const [name, value] of snap.counters) {
            const d = value - (old.get(name) ?? 0);
            if (d !== 0) moved.set(name, d);
        }
        out.set(ns, moved);
    }
    return out;
}
