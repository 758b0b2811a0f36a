import { formatIPv4 } from '../model/model-api.js';
import type { IPv4, Model, PacketSpec, Probe } from '../model/model-api.js';
import { receive, sendLocal } from './ip-path.js';
import { emptyMatchState } from './match-state.js';
import { TCP_ACK, TCP_SYN, tracePacket } from './packet-types.js';
import type { Packet } from './packet-types.js';
import { atNetns, step } from './simulation-context.js';
import type { Backend, Fate, Simulation } from './simulation-context.js';
import { ifKey, localInterface, topologyIndex } from './topology-index.js';
import type { Trace, TracePacket, TraceStep } from './trace-types.js';

/**
 * The probe driver: sends the request (from a local socket, or arriving on `iif`), and when it is delivered sends
 * the reply back through the same conntrack and NAT state. Pure: a fresh Simulation per call; the only cache is
 * the per-model index (topology-index.ts, rule-match.ts), keyed by identity.
 */

export interface SimulateOptions {
    backend?: Backend;
}

/** The ad-hoc form of a probe (`netz trace FILE --from NS --to ADDR ...`). */
export interface AdHocPacket {
    from: string;
    to: IPv4;
    packet?: PacketSpec;
    src?: IPv4;
    iif?: string;
}

/** The ICMP echo identifier; conntrack keys ICMP flows on it. */
const ECHO_ID = 1;
/** Enough for any loop-free topology; a bridge loop without STP would otherwise circulate forever. */
const FRAME_BUDGET = 10_000;

function requestPacket(probe: Probe): Packet {
    const spec = probe.packet;
    const sport = spec.protocol === 'icmp' ? ECHO_ID : spec.sport ?? 40000;
    const dport = spec.protocol === 'icmp' ? ECHO_ID : spec.dport ?? (spec.protocol === 'tcp' ? 80 : 53);
    return {
        proto: spec.protocol, src: probe.src ?? 0, dst: probe.to, sport, dport, icmpType: spec.protocol === 'icmp' ? 8 : 0, icmpCode: 0,
        tcpFlags: spec.protocol === 'tcp' ? TCP_SYN : 0, ttl: 64, mark: 0, role: 'request'
    };
}

/** The answer of the socket that got the request: echo reply, SYN-ACK, or a UDP datagram back. */
function replyPacket(delivered: Packet): Packet {
    return {
        proto: delivered.proto, src: delivered.dst, dst: delivered.src, sport: delivered.dport, dport: delivered.sport,
        icmpType: 0, icmpCode: 0, tcpFlags: delivered.proto === 'tcp' ? TCP_SYN | TCP_ACK : 0, ttl: 64, mark: 0, role: 'reply'
    };
}

function newSimulation(model: Model, probe: Probe, options: SimulateOptions | undefined): Simulation {
    return {
        index: topologyIndex(model), backend: options?.backend ?? 'nft', file: probe.source.file, conntrack: new Map(), fdb: new Map(), vxlanFdb: new Map(),
        neighbours: new Map(), matchState: emptyMatchState(), steps: [], frameBudget: FRAME_BUDGET, depth: 0, sender: probe.from, senderIif: probe.iif
    };
}

/** Maps a fate that is not an outcome of the request (the flood found nobody) to `dropped`. */
function outcomeOf(fate: Fate): Pick<Trace, 'outcome' | 'at' | 'reason'> {
    switch (fate.kind) {
        case 'ignored':
            return { outcome: 'dropped', at: fate.at, reason: `nobody took the packet: ${fate.reason}` };
        case 'arrived': case 'resolved':
            return { outcome: 'dropped', at: fate.at, reason: fate.reason };
        default:
            return { outcome: fate.kind, at: fate.at, reason: fate.reason };
    }
}

/** The packet as its sender emitted it: the first route step holds it right after the source address was chosen. */
function emitted(steps: TraceStep[], fallback: Packet): TracePacket {
    return steps.find((s) => s.kind === 'route')?.packet ?? tracePacket(fallback);
}

export function simulateProbe(model: Model, probe: Probe, options?: SimulateOptions): Trace {
    const sim = newSimulation(model, probe, options);
    const request = requestPacket(probe);
    const initial = tracePacket(request);
    let fate: Fate;
    if (!sim.index.namespaces.has(probe.from)) {
        return { probe: probe.name, packet: initial, outcome: 'dropped', at: atNetns(probe.from), reason: `no namespace ${probe.from}`, steps: [] };
    }
    if (probe.iif !== undefined) {
        const iif = sim.index.interfaces.get(ifKey(probe.from, probe.iif));
        if (!iif || probe.src === undefined) {
            const reason = !iif ? `${probe.from} has no interface ${probe.iif}` : '`iif` needs `src`: the sender is outside the model';
            return { probe: probe.name, packet: initial, outcome: 'dropped', at: atNetns(probe.from), reason, steps: [] };
        }
        fate = receive(sim, iif, request, {});
    } else if (probe.src !== undefined && !localInterface(sim.index, probe.from, probe.src)) {
        // A socket can only bind an address of its own namespace.
        step(sim, probe.from, 'drop', `bind to ${formatIPv4(probe.src)} fails: not an address of ${probe.from} (Cannot assign requested address)`);
        fate = { kind: 'unreachable', at: atNetns(probe.from), reason: `${formatIPv4(probe.src)} is not an address of ${probe.from}: the socket cannot bind it` };
    } else {
        fate = sendLocal(sim, probe.from, request, { fixedSrc: probe.src !== undefined });
    }
    const trace: Trace = { probe: probe.name, packet: probe.iif !== undefined ? initial : emitted(sim.steps, request), ...outcomeOf(fate), steps: sim.steps };
    if (fate.kind === 'delivered' && fate.packet) {
        sim.steps = [];
        const reply = replyPacket(fate.packet);
        const replyInitial = tracePacket(reply);
        const replyFate = sendLocal(sim, fate.at.netns!, reply, { fixedSrc: true });
        const arrived = replyFate.kind === 'arrived';
        trace.reply = arrived
            ? { outcome: 'delivered', packet: replyInitial, at: replyFate.at, reason: replyFate.reason, steps: sim.steps }
            : { ...outcomeOf(replyFate), packet: replyInitial, steps: sim.steps };
        trace.outcome = arrived ? 'established' : 'delivered';
        trace.reason = arrived
            ? `delivered to a local socket in ${fate.at.netns}, and the reply reached the sender`
            : `delivered to a local socket in ${fate.at.netns}; the reply did not come back: ${trace.reply.reason}`;
    }
    return trace;
}

/** The ad-hoc form: a probe without a name or an expectation. */
export function simulatePacket(model: Model, spec: AdHocPacket, options?: SimulateOptions): Trace {
    const ns = model.namespaces.find((n) => n.name === spec.from);
    const probe: Probe = {
        name: `${spec.from}->${formatIPv4(spec.to)}`, from: spec.from, src: spec.src, to: spec.to, packet: spec.packet ?? { protocol: 'icmp' },
        iif: spec.iif, source: ns?.source ?? { file: '', line: 1, column: 1, endLine: 1, endColumn: 1 }
    };
    const trace = simulateProbe(model, probe, options);
    trace.probe = null;
    return trace;
}
