import { formatIPv4 } from '../model/model-api.js';
import { sendLocal } from './ip-path.js';
import type { Traversal } from './netfilter-hooks.js';
import { TCP_ACK, TCP_RST, tupleOf } from './packet-types.js';
import type { Packet } from './packet-types.js';
import { lookupRoute } from './routing-lookup.js';
import { step } from './simulation-context.js';
import type { Fate, Simulation } from './simulation-context.js';
import { localInterface } from './topology-index.js';
import type { TraceAt } from './trace-types.js';

/**
 * Errors the kernel sends back about a request: REJECT's ICMP or TCP reset, a router's net/host unreachable, a
 * closed port's reset or port unreachable. The error travels like any locally generated packet (OUTPUT,
 * POSTROUTING, the links, the reverse NAT of each conntrack it meets); the sender observes the outcome only if it
 * arrives. A lost error is a drop at the place that sent it (LANGUAGE.md §4).
 */

const ICMP_UNREACHABLE_CODES: Record<string, number> = {
    'icmp-net-unreachable': 0, 'net-unreach': 0,
    'icmp-host-unreachable': 1, 'host-unreach': 1,
    'icmp-proto-unreachable': 2, 'proto-unreach': 2,
    'icmp-port-unreachable': 3, 'port-unreach': 3,
    'icmp-net-prohibited': 9, 'net-prohib': 9,
    'icmp-host-prohibited': 10, 'host-prohib': 10,
    'icmp-admin-prohibited': 13, 'admin-prohib': 13
};

/**
 * `lostAt`: where a lost error puts the outcome. `origin` (REJECT, routers): the place that sent the error.
 * `loss`: the sender's own failed ARP, whose self-addressed error is discarded by the sender's own chain.
 */
export function sendError(
    sim: Simulation, tr: Traversal, offending: Packet, kind: string, outcome: 'rejected' | 'refused' | 'unreachable', at: TraceAt, reason: string,
    lostAt: 'origin' | 'loss' = 'origin'
): Fate {
    const netns = tr.netns;
    if (offending.role !== 'request') {
        // Replies, errors and tunnel packets: whatever comes back goes to a kernel, not to the probe's sender.
        return { kind: 'dropped', at, reason };
    }
    const base = { ttl: 64, mark: 0, role: 'error' as const, inner: tupleOf(offending), icmpType: 0, icmpCode: 0, tcpFlags: 0 };
    let error: Packet;
    let name: string;
    if (kind === 'tcp-reset') {
        error = { ...base, proto: 'tcp', src: offending.dst, dst: offending.src, sport: offending.dport, dport: offending.sport, tcpFlags: TCP_RST | TCP_ACK };
        name = 'TCP reset';
    } else {
        const code = ICMP_UNREACHABLE_CODES[kind] ?? 3;
        const back = lookupRoute(sim.index, netns, offending.src);
        const src = localInterface(sim.index, netns, offending.dst) ? offending.dst
            : back?.kind === 'unicast' && back.src !== undefined ? back.src : offending.src;
        error = { ...base, proto: 'icmp', src, dst: offending.src, sport: 0, dport: 0, icmpType: 3, icmpCode: code };
        name = `ICMP ${kind.replace(/^icmp-/, '')}`;
    }
    step(sim, netns, 'icmp', `sends ${name} from ${formatIPv4(error.src)} to ${formatIPv4(error.dst)}`);
    // The error is attached to the request's conntrack entry (nf_ct_attach), so reverse NAT applies to it.
    const errTr: Traversal = {
        netns, untracked: false,
        ct: tr.ct?.entry ? { netns, state: 'RELATED', entry: tr.ct.entry, direction: 'reply' } : undefined
    };
    const fate = sendLocal(sim, netns, error, { fixedSrc: true, tr: errTr });
    if (fate.kind === 'arrived') {
        return { kind: outcome, at, reason };
    }
    return { kind: 'dropped', at: lostAt === 'loss' ? fate.at : at, reason: `${reason}; the ${name} sent back was lost in ${fate.at.netns ?? '?'}: ${fate.reason}` };
}
