import type { IPv4, Outcome, SourceRef } from '../model/model-api.js';
import type { ConntrackTables } from './conntrack-table.js';
import type { Packet, Tuple } from './packet-types.js';
import type { MatchState } from './match-state.js';
import type { TopologyIndex } from './topology-index.js';
import type { TraceAt, TraceSource, TraceStep } from './trace-types.js';

export type Backend = 'nft' | 'legacy';

/**
 * The mutable state of one simulation (one probe: request, reply, and the errors they cause): conntrack, bridge
 * FDBs and neighbour caches persist across legs as they do in a kernel; `steps` is the sink of the current leg.
 * Created per call of simulateProbe: the simulator keeps no state between calls.
 */
export interface Simulation {
    index: TopologyIndex;
    backend: Backend;
    /** The probe's file: steps from other files (`iptables from`) carry a `file` field. */
    file: string;
    conntrack: ConntrackTables;
    /** Bridge FDBs by bridge key (`ns.br0`): MAC → port name. */
    fdb: Map<string, Map<string, string>>;
    /** VXLAN FDBs by device key: inner MAC → the underlay address it was learned from. */
    vxlanFdb: Map<string, Map<string, IPv4>>;
    /** Neighbour caches by namespace: IPv4 → MAC. */
    neighbours: Map<string, Map<IPv4, string>>;
    /** What matches remember between packets (`recent` lists, `hashlimit` buckets). */
    matchState: MatchState;
    steps: TraceStep[];
    /** Frames left before the simulation declares a forwarding loop (a bridge loop has no TTL). */
    frameBudget: number;
    /** How many frames are in flight one inside the other (the recursion depth of the layer-2 walk). */
    depth: number;
    /** The namespace whose socket sent the request; replies and errors that reach it have arrived. */
    sender: string;
    /** `iif` probes: replies and errors leaving the sender by this interface have arrived. */
    senderIif?: string;
    /** The sender's socket: the request's tuple as it left the socket (source chosen, no NAT yet). */
    socket?: Tuple;
}

/**
 * What finally happened to a packet. `arrived`: a reply or error reached the sender. `resolved`: an ARP request
 * got its answer. `ignored`: a flooded copy nobody wanted (not an outcome: flooding sends copies everywhere).
 */
export type Fate =
    | { kind: Outcome; at: TraceAt; reason: string; packet?: Packet }
    | { kind: 'arrived'; at: TraceAt; reason: string }
    | { kind: 'resolved'; at: TraceAt; reason: string; mac: string; answeredBy: string }
    | { kind: 'ignored'; at: TraceAt; reason: string };

export function atNetns(netns: string): TraceAt {
    return { netns, table: null, chain: null, line: null };
}

export function traceSource(source: SourceRef): TraceSource {
    return { file: source.file, line: source.line, column: source.column };
}

/** Adds a non-netfilter step. */
export function step(sim: Simulation, netns: string, kind: TraceStep['kind'], detail: string, extra: Partial<TraceStep> = {}): TraceStep {
    const s: TraceStep = { netns, kind, hook: null, table: null, chain: null, line: null, verdict: null, policy: false, detail, ...extra };
    sim.steps.push(s);
    return s;
}

/** Ranks fates when flooding yields several: the most informative copy wins. */
export function fateRank(f: Fate): number {
    switch (f.kind) {
        case 'arrived': case 'resolved': case 'delivered': case 'established': return 5;
        case 'rejected': case 'refused': case 'unreachable': return 4;
        case 'dropped': return 3;
        case 'ignored': return 0;
    }
}

export function dropped(netns: string, reason: string): Fate {
    return { kind: 'dropped', at: atNetns(netns), reason };
}
