import { CONNTRACK_PRIORITY, optionValue, parseIPv4, tablesAtHook } from '../model/model-api.js';
import type { Chain, Interface, IPv4, Namespace, PortRange, Table, TableName, Target } from '../model/model-api.js';
import { runChain } from './chain-evaluation.js';
import type { ChainVerdict } from './chain-evaluation.js';
import { applyStoredNat, conntrackLookup, describeTuple, traceConntrack } from './conntrack-table.js';
import type { CtAttachment } from './conntrack-table.js';
import { endpointsText, tracePacket } from './packet-types.js';
import { selectSource } from './routing-lookup.js';
import type { MatchContext } from './rule-match.js';
import { step } from './simulation-context.js';
import type { Backend, Simulation } from './simulation-context.js';
import type { HookName, TraceNat } from './trace-types.js';

/**
 * The netfilter pipeline of one namespace (SEMANTICS.md §1): at each hook, the tables and the conntrack lookup in
 * priority order, with the security table's priority depending on the backend (50 legacy, 150 nft).
 */

export type Stage = 'raw' | 'conntrack' | 'mangle' | 'nat' | 'filter' | 'security';

/** Per-namespace state of one packet's passage: what conntrack attached, NOTRACK, and what NAT needs to know. */
export interface Traversal {
    netns: string;
    ct?: CtAttachment;
    untracked: boolean;
    iifIface?: Interface;
    oifIface?: Interface;
    nexthop?: IPv4;
    /** Looped-back packets: NAT was decided on the way out (OUTPUT/POSTROUTING), so the input side runs no nat chain. */
    natDone?: boolean;
}

/**
 * Stage order per hook: the tables in priority order (model/netfilter-tables.ts) with conntrack's lookup at its own
 * priority in PREROUTING and OUTPUT. OUTPUT is split around the re-route, which follows nat OUTPUT (destination NAT,
 * below priority 0) and precedes filter OUTPUT.
 */
export function hookStages(hook: HookName, backend: Backend, part: 'before-reroute' | 'after-reroute' | 'all' = 'all'): Stage[] {
    const stages: { stage: Stage; priority: number }[] = tablesAtHook(hook, backend).map(t => ({ stage: t.table, priority: t.priority }));
    if (hook === 'PREROUTING' || hook === 'OUTPUT') {
        stages.push({ stage: 'conntrack', priority: CONNTRACK_PRIORITY });
    }
    return stages
        .filter(s => part === 'all' || (part === 'before-reroute' ? s.priority < 0 : s.priority >= 0))
        .sort((a, b) => a.priority - b.priority)
        .map(s => s.stage);
}

/**
 * The built-in chain the kernel traverses, if any: every built-in chain of a table the namespace loads. iptables-nft
 * creates base chains lazily (SEMANTICS.md §1.4), but a restore that declares `:CHAIN POLICY` creates them, and
 * iptables-save output and netz's own export declare every chain of each table, so they exist on both backends
 * (exp7's trace shows `nat:PREROUTING:policy:ACCEPT` for a nat table whose only rule was in POSTROUTING).
 */
function builtinChain(ns: Namespace, table: TableName, hook: HookName): { table: Table; chain: Chain } | undefined {
    const t = ns.ruleset.tables.get(table);
    const chain = t?.chains.get(hook);
    return t && chain && chain.builtin ? { table: t, chain } : undefined;
}

function natRangeOf(target: Target, name: string): Extract<Target['options'][number]['value'], { kind: 'natRange' }> | undefined {
    const v = optionValue(target, name);
    return v?.kind === 'natRange' ? v : undefined;
}

function portsOf(target: Target, name: string): PortRange | undefined {
    const v = optionValue(target, name);
    return v?.kind === 'ports' && v.ranges.length > 0 ? v.ranges[0] : undefined;
}

/**
 * The port a NAT rewrite gives the connection (nf_nat's get_unique_tuple, for a probe alone, whose tuple is always
 * unique): the port it has when that lies in the range, unless --random asks otherwise; else the range's first port
 * for a destination, and a random one for a source. `random` says when the kernel's choice is not the one returned.
 */
function natPort(current: number, range: PortRange | undefined, destination: boolean, randomFlag: boolean): { port: number; random: boolean } {
    if (range === undefined) {
        return { port: current, random: randomFlag && !destination };
    }
    if (!randomFlag && current >= range.from && current <= range.to) {
        return { port: current, random: false };
    }
    return { port: range.from, random: range.from !== range.to && (randomFlag || !destination) };
}

const LOCALHOST = parseIPv4('127.0.0.1')!;

/** A NAT target on the NEW connection of `tr`: rewrites the packet and the entry's reply tuple. */
function applyNatTarget(sim: Simulation, tr: Traversal, c: MatchContext, target: Target): TraceNat | string {
    const entry = tr.ct?.entry;
    if (!entry) {
        return 'no conntrack entry, so no NAT';
    }
    const p = c.packet;
    const before = tracePacket(p);
    const hasPorts = p.proto !== 'icmp';
    // Where the rewritten end goes: an address and a port of the range (a probe is alone, so any is free).
    let address: IPv4 | undefined;
    let ports: PortRange | undefined;
    let addressHashed = false;
    // Chain evaluation hands only these four targets here.
    const kind = target.name as 'DNAT' | 'SNAT' | 'REDIRECT' | 'MASQUERADE';
    if (kind === 'DNAT' || kind === 'SNAT') {
        const range = natRangeOf(target, kind === 'DNAT' ? 'to-destination' : 'to-source');
        address = range?.from;
        // The kernel picks among several addresses by a hash of the connection, seeded at boot.
        addressHashed = range?.from !== undefined && range.to !== undefined && range.from !== range.to;
        ports = range?.ports;
    } else if (kind === 'REDIRECT') {
        address = c.hook === 'OUTPUT' ? LOCALHOST : tr.iifIface?.addresses[0]?.address;
        if (address === undefined) {
            return `REDIRECT: ${tr.iifIface?.name ?? 'the input interface'} has no address; the kernel drops the packet`;
        }
        ports = portsOf(target, 'to-ports');
    } else {
        // MASQUERADE: the address the route picks as source on the out interface, per new connection.
        const oif = tr.oifIface;
        address = oif ? selectSource(sim.index, tr.netns, oif, tr.nexthop ?? p.dst) : undefined;
        if (address === undefined) {
            return `MASQUERADE: ${oif?.name ?? 'the out interface'} has no address to masquerade to`;
        }
        ports = portsOf(target, 'to-ports');
    }
    const destination = kind === 'DNAT' || kind === 'REDIRECT';
    const randomFlag = target.options.some((o) => o.name === 'random' || o.name === 'random-fully');
    const chosen = natPort(destination ? p.dport : p.sport, hasPorts ? ports : undefined, destination, randomFlag);
    const port = hasPorts ? chosen.port : undefined;
    if (destination) {
        p.dst = address ?? p.dst;
        p.dport = port ?? p.dport;
        entry.reply.src = p.dst;
        entry.reply.sport = hasPorts ? p.dport : entry.reply.sport;
        entry.dnat = true;
    } else {
        p.src = address ?? p.src;
        p.sport = port ?? p.sport;
        entry.reply.dst = p.src;
        entry.reply.dport = hasPorts ? p.sport : entry.reply.dport;
        entry.snat = true;
    }
    const uncertain = [
        addressHashed ? 'the kernel picks one address of the range by a hash of the connection; netz shows the first' : undefined,
        hasPorts && chosen.random ? `the kernel picks the ${destination ? 'destination' : 'source'} port at random${ports ? ` in ${ports.from}-${ports.to}` : ''}; netz shows ${port}` : undefined,
    ].filter((n) => n !== undefined);
    const result: TraceNat = { kind, before, after: tracePacket(p) };
    if (uncertain.length > 0) {
        result.note = uncertain.join('; ');
    }
    return result;
}

/** Runs the stages in order; stops at the first verdict that is not ACCEPT. */
export function runStages(sim: Simulation, tr: Traversal, c: MatchContext, stages: Stage[]): ChainVerdict {
    const ns = sim.index.namespaces.get(tr.netns)!;
    const active = sim.index.conntrackActive.get(tr.netns) ?? false;
    for (const stage of stages) {
        if (stage === 'conntrack') {
            if (!active) {
                continue;
            }
            if (tr.untracked) {
                tr.ct = { netns: tr.netns, state: 'UNTRACKED', direction: 'original' };
            } else if (!tr.ct) {
                tr.ct = conntrackLookup(sim.conntrack, tr.netns, c.packet);
            }
            c.ct = tr.ct;
            const e = tr.ct.entry;
            step(sim, tr.netns, 'conntrack', `ctstate ${tr.ct.state}${e ? ` (${tr.ct.direction}; entry ${describeTuple(e.original)})` : ''}`, { hook: c.hook, conntrack: traceConntrack(tr.ct) });
            continue;
        }
        const found = builtinChain(ns, stage, c.hook);
        if (stage === 'nat') {
            const ct = active ? tr.ct : undefined;
            if (!ct || ct.state === 'UNTRACKED' || ct.state === 'INVALID') {
                if (found && found.chain.rules.length > 0) {
                    const why = !active ? 'conntrack is not active in this namespace (no rule needs it)' : `the packet is ${ct?.state ?? 'untracked'}`;
                    step(sim, tr.netns, 'netfilter', `nat ${c.hook} not consulted: ${why}`, { hook: c.hook, table: 'nat', chain: c.hook, verdict: 'SKIP' });
                }
                continue;
            }
            if (ct.state !== 'NEW') {
                const dstStage = c.hook === 'PREROUTING' || c.hook === 'OUTPUT';
                const before = tracePacket(c.packet);
                if (applyStoredNat(c.packet, ct, dstStage ? 'dst' : 'src')) {
                    const after = tracePacket(c.packet);
                    step(sim, tr.netns, 'nat', `conntrack ${ct.direction === 'reply' ? 'reverse ' : ''}translation: ${endpointsText(before)} becomes ${endpointsText(after)}`, {
                        hook: c.hook, nat: { kind: ct.direction === 'reply' ? 'reverse' : 'established', before, after }, packet: after
                    });
                }
                continue;
            }
            if (!found || tr.natDone) {
                continue;
            }
            const verdict = runChain(sim, c, found.table, found.chain, { nat: (t) => applyNatTarget(sim, tr, c, t), untrack: () => undefined });
            if (verdict.kind !== 'accept') {
                return verdict;
            }
            continue;
        }
        if (!found) {
            continue;
        }
        const verdict = runChain(sim, c, found.table, found.chain, {
            untrack: () => {
                tr.untracked = true;
            }
        });
        if (verdict.kind !== 'accept') {
            return verdict;
        }
    }
    return { kind: 'accept' };
}
