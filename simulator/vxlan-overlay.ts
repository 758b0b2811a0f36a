import { formatIPv4, getOrCreate } from '../model/model-api.js';
import type { Interface, IPv4 } from '../model/model-api.js';
import { sendLocal } from './ip-path.js';
import { lookupRoute } from './routing-lookup.js';
import { ingress } from './link-layer.js';
import { BROADCAST_MAC, cloneFrame, tracePacket } from './packet-types.js';
import type { Frame, Packet } from './packet-types.js';
import { dropped, fateRank, step } from './simulation-context.js';
import { ifKey } from './topology-index.js';
import type { Fate, Simulation } from './simulation-context.js';

/**
 * VXLAN (SEMANTICS.md §6): a frame sent out a vxlan device becomes the payload of a UDP packet that the device's
 * namespace generates itself, so it passes that namespace's OUTPUT and POSTROUTING, and on the far side PREROUTING
 * and INPUT before the kernel's UDP socket on the dstport hands it to the vxlan device with the same VNI.
 */

/** Head-end replication targets: the `remote`, or every other member of the `group` (multicast is not routed). */
function remotes(sim: Simulation, vx: Interface): IPv4[] {
    const cfg = vx.vxlan!;
    if (cfg.remote !== undefined) {
        return [cfg.remote];
    }
    if (cfg.group === undefined) {
        return [];
    }
    const members: IPv4[] = [];
    for (const other of sim.index.vxlans) {
        const o = other.vxlan!;
        if (other !== vx && o.group === cfg.group && o.vni === cfg.vni) {
            const address = o.local ?? (o.dev ? sim.index.interfaces.get(`${other.netns}.${o.dev}`)?.addresses[0]?.address : undefined);
            if (address !== undefined) {
                members.push(address);
            }
        }
    }
    return members;
}

/** The outer UDP source port is a hash of the inner flow (for ECMP); any stable value in the ephemeral range will do. */
function sourcePort(frame: Frame): number {
    let h = 0;
    for (const ch of `${frame.src}${frame.dst}`) {
        h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    }
    return 32768 + (h % 28232);
}

function learned(sim: Simulation, vx: Interface): Map<string, IPv4> {
    return getOrCreate(sim.vxlanFdb, ifKey(vx.netns, vx.name), () => new Map());
}

export function vxlanEncap(sim: Simulation, vx: Interface, frame: Frame): Fate {
    const cfg = vx.vxlan!;
    // A learned MAC goes to the one underlay address it came from; broadcast and unknown unicast are flooded.
    const known = frame.dst !== BROADCAST_MAC ? learned(sim, vx).get(frame.dst) : undefined;
    const targets = known !== undefined ? [known] : remotes(sim, vx);
    if (targets.length === 0) {
        step(sim, vx.netns, 'drop', `${vx.name} has no remote and no group member to send to`);
        return dropped(vx.netns, `vxlan ${vx.netns}.${vx.name} has nowhere to send`);
    }
    let best: Fate | undefined;
    for (const remote of targets) {
        const route = lookupRoute(sim.index, vx.netns, remote);
        if (route?.kind === 'unicast' && route.oif === vx) {
            // vxlan_xmit refuses a route to the remote through the vxlan device itself.
            step(sim, vx.netns, 'drop', `circular route: the remote ${formatIPv4(remote)} is routed through ${vx.name} itself`);
            best ??= dropped(vx.netns, `vxlan ${vx.netns}.${vx.name}: circular route to ${formatIPv4(remote)}`);
            continue;
        }
        const outer: Packet = {
            proto: 'udp', src: cfg.local ?? 0, dst: remote, sport: sourcePort(frame), dport: cfg.dstport, icmpType: 0, icmpCode: 0,
            tcpFlags: 0, ttl: 64, mark: 0, role: 'encap', encap: { vni: cfg.vni, frame: cloneFrame(frame) }
        };
        step(sim, vx.netns, 'encap', `${vx.name}: VXLAN VNI ${cfg.vni} to ${formatIPv4(remote)}:${cfg.dstport}${cfg.dstportWritten ? '' : ' (default port 8472)'}`, {
            encap: { vni: cfg.vni, outer: tracePacket(outer) }
        });
        const fate = sendLocal(sim, vx.netns, outer, { fixedSrc: cfg.local !== undefined });
        if (!best || fateRank(fate) > fateRank(best)) {
            best = fate;
        }
    }
    return best!;
}

/** The outer UDP packet reached the socket layer of `netns`. */
export function vxlanDecap(sim: Simulation, netns: string, outer: Packet): Fate {
    const onPort = sim.index.vxlans.filter((v) => v.netns === netns && v.vxlan!.dstport === outer.dport);
    if (onPort.length === 0) {
        step(sim, netns, 'drop', `no socket on udp port ${outer.dport} (UdpNoPorts): the VXLAN packet is discarded`);
        return dropped(netns, `${netns} has no VXLAN socket on udp port ${outer.dport}`);
    }
    const vni = outer.encap!.vni;
    const vx = onPort.find((v) => v.vxlan!.vni === vni);
    if (!vx) {
        step(sim, netns, 'drop', `no vxlan device with VNI ${vni} on port ${outer.dport}: silently discarded`);
        return dropped(netns, `${netns} has no vxlan device for VNI ${vni}`);
    }
    step(sim, netns, 'decap', `${vx.name}: VXLAN VNI ${vni} decapsulated; learns ${outer.encap!.frame.src} behind ${formatIPv4(outer.src)}`);
    learned(sim, vx).set(outer.encap!.frame.src, outer.src);
    return ingress(sim, vx, cloneFrame(outer.encap!.frame));
}
