import { confSwitch, formatIPv4, getOrCreate } from '../model/model-api.js';
import type { Interface, IPv4 } from '../model/model-api.js';
import { sendError } from './icmp-errors.js';
import { egress } from './link-layer.js';
import { BROADCAST_MAC } from './packet-types.js';
import type { Frame, Packet } from './packet-types.js';
import { lookupRoute, reversePathFailure, selectSource } from './routing-lookup.js';
import { atNetns, step } from './simulation-context.js';
import type { Fate, Simulation } from './simulation-context.js';
import { localInterface } from './topology-index.js';

/**
 * ARP, as part of the path (LANGUAGE.md §4, SEMANTICS.md §7): the request is a broadcast frame that really travels
 * (bridges, macvlan, VXLAN and its underlay's netfilter), the answer travels back, and a resolution that gets no
 * answer makes the resolving namespace send ICMP host unreachable to the packet's source.
 */

function cache(sim: Simulation, netns: string): Map<IPv4, string> {
    return getOrCreate(sim.neighbours, netns, () => new Map());
}

export function resolveNeighbour(sim: Simulation, netns: string, oif: Interface, nexthop: IPv4, packet: Packet): { mac: string } | Fate {
    const known = cache(sim, netns).get(nexthop);
    if (known) {
        step(sim, netns, 'arp', `${formatIPv4(nexthop)} is-at ${known} (neighbour cache)`, { arp: { target: formatIPv4(nexthop), mac: known, steps: [] } });
        return { mac: known };
    }
    // arp_announce=0: the ARP source is the packet's source when it is local, else an address of the interface.
    const senderIp = localInterface(sim.index, netns, packet.src) ? packet.src : selectSource(sim.index, netns, oif, nexthop) ?? 0;
    const request: Frame = { src: oif.mac, dst: BROADCAST_MAC, payload: { kind: 'arp', op: 'request', senderIp, senderMac: oif.mac, targetIp: nexthop } };
    const outer = sim.steps;
    sim.steps = [];
    const fate = egress(sim, oif, request);
    const sub = sim.steps;
    sim.steps = outer;
    const question = `who-has ${formatIPv4(nexthop)} tell ${formatIPv4(senderIp)} on ${oif.name}`;
    if (fate.kind === 'resolved') {
        cache(sim, netns).set(nexthop, fate.mac);
        step(sim, netns, 'arp', `${question}: ${formatIPv4(nexthop)} is-at ${fate.mac} (${fate.answeredBy})`, {
            arp: { target: formatIPv4(nexthop), answeredBy: fate.answeredBy, mac: fate.mac, steps: sub }
        });
        return { mac: fate.mac };
    }
    const why = fate.kind === 'ignored' ? 'nobody answered' : `the ARP exchange was lost in ${fate.at.netns}: ${fate.reason}`;
    step(sim, netns, 'arp', `${question}: no answer (${why}); gives up after about 3 s`, { arp: { target: formatIPv4(nexthop), steps: sub } });
    const reason = `neighbour ${formatIPv4(nexthop)} on ${netns}.${oif.name} did not answer ARP (${why})`;
    if (netns === sim.sender && !sim.senderIif && packet.role === 'request') {
        // The sender's own stack addresses host-unreachable to itself: it passes its OUTPUT and INPUT.
        return sendError(sim, { netns, untracked: false }, packet, 'icmp-host-unreachable', 'unreachable', atNetns(netns), reason, 'loss');
    }
    return sendError(sim, { netns, untracked: false }, packet, 'icmp-host-unreachable', 'rejected', atNetns(netns), reason);
}

/** An ARP frame reached the IP layer of `ifc`. */
export function arpInput(sim: Simulation, ifc: Interface, frame: Frame): Fate {
    const payload = frame.payload;
    const netns = ifc.netns;
    if (payload.kind !== 'arp') {
        throw new Error('arpInput needs an ARP frame');
    }
    const here = `${netns}.${ifc.name}`;
    if (payload.op === 'reply') {
        return { kind: 'resolved', at: atNetns(netns), reason: 'ARP answered', mac: payload.senderMac, answeredBy: payload.answeredBy ?? payload.senderMac };
    }
    // arp_ignore=0: any local address of the namespace is answered on any interface; proxy_arp answers for routed ones,
    // on an interface that forwards (arp_process checks IN_DEV_FORWARD).
    const owns = (payload.targetIp >>> 24) !== 127 && localInterface(sim.index, netns, payload.targetIp) !== undefined;
    const ns = sim.index.namespaces.get(netns)!;
    const proxy = !owns && ns.sysctls.ipForward && confSwitch(ns.sysctls.proxyArp, ifc.name) && (() => {
        const r = lookupRoute(sim.index, netns, payload.targetIp);
        return r?.kind === 'unicast' && r.oif.name !== ifc.name;
    })();
    if (!owns && !proxy) {
        return { kind: 'ignored', at: atNetns(netns), reason: `${here} does not own ${formatIPv4(payload.targetIp)}` };
    }
    // arp_process routes the request as a packet from its sender, so the reverse-path filter applies to ARP too:
    // a request from a source that fails it is not answered (checked on this kernel by the conformance suite).
    const rpf = payload.senderIp === 0 ? undefined : reversePathFailure(sim.index, netns, ifc, payload.senderIp);
    if (rpf) {
        step(sim, netns, 'arp', `${here} ignores the request for ${formatIPv4(payload.targetIp)}: ${rpf}`);
        return { kind: 'ignored', at: atNetns(netns), reason: `${here} does not answer ARP from ${formatIPv4(payload.senderIp)} (${rpf})` };
    }
    cache(sim, netns).set(payload.senderIp, payload.senderMac);
    step(sim, netns, 'arp', `${here} answers: ${formatIPv4(payload.targetIp)} is-at ${ifc.mac}${proxy ? ' (proxy_arp)' : ''}`);
    const reply: Frame = {
        src: ifc.mac, dst: payload.senderMac,
        payload: { kind: 'arp', op: 'reply', senderIp: payload.targetIp, senderMac: ifc.mac, targetIp: payload.senderIp, answeredBy: here }
    };
    return egress(sim, ifc, reply);
}
