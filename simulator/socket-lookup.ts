import { formatIPv4 } from '../model/model-api.js';
import { endpointsText, invertTuple, tracePacket, tupleKey, tupleOf } from './packet-types.js';
import type { Packet } from './packet-types.js';
import type { Simulation } from './simulation-context.js';

/**
 * The sender's socket lookup for a reply. Arriving in the sender's namespace is not enough: the kernel hands the
 * reply to the probe's socket only if it answers what the socket sent. A TCP socket is connected, so the reply must
 * carry its four-tuple reversed; the probe's UDP and ping sockets are not connected (as the verify agent opens them),
 * so they take a datagram to their port or an echo reply with their identifier, from any address.
 */

/** Undefined when the sender's socket takes `reply`, else why no socket does, and what the kernel answers. */
export function senderSocketMiss(sim: Simulation, netns: string, reply: Packet): string | undefined {
    // Set when the request left the sender's socket; only then is there a reply.
    const socket = sim.socket!;
    let miss: string;
    if (reply.proto === 'tcp') {
        if (tupleKey(tupleOf(reply)) === tupleKey(invertTuple(socket))) {
            return undefined;
        }
        // tcp_v4_rcv finds no socket and answers with a reset.
        miss = `the socket is connected to ${formatIPv4(socket.dst)}:${socket.dport}; ${netns} answers with a TCP reset`;
    } else if (reply.dport === socket.sport) {
        return undefined;
    } else {
        miss = reply.proto === 'udp' ? `the socket is bound to port ${socket.sport}; ${netns} answers ICMP port unreachable`
            : `the ping socket's echo identifier is ${socket.sport}`;
    }
    return `no socket of ${netns} takes ${reply.proto} ${endpointsText(tracePacket(reply))}: ${miss}${untranslated(sim, reply)}`;
}

/**
 * Why a reply kept the addresses the request was translated to: the namespace whose conntrack entry waits for it as
 * a reply (and would have reversed the NAT) never saw it, typically because its bridge forwarded it port to port
 * without br_netfilter (SEMANTICS.md §3, §4).
 */
function untranslated(sim: Simulation, reply: Packet): string {
    const key = tupleKey(tupleOf(reply));
    for (const [netns, table] of sim.conntrack) {
        const hit = table.get(key);
        if (!hit || hit.direction !== 'reply' || hit.entry.seenReply || !(hit.entry.dnat || hit.entry.snat)) {
            continue;
        }
        const nat = hit.entry.dnat ? 'DNAT' : 'SNAT';
        const bridged = sim.steps.find((s) => s.netns === netns && s.kind === 'bridge' && s.bridge?.action === 'forward');
        const how = bridged && !sim.index.namespaces.get(netns)!.sysctls.bridgeNfCallIptables
            ? `: ${netns}.${bridged.bridge!.bridge} bridged it port to port, and without br_netfilter (net.bridge.bridge-nf-call-iptables = 0) bridged packets skip conntrack`
            : '';
        return `. ${netns} translated the request (${nat}), but the reply did not pass ${netns}'s conntrack, so nothing reversed the ${nat}${how}`;
    }
    return '';
}
