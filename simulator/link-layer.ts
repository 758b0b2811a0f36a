import type { Interface } from '../model/model-api.js';
import { getOrCreate } from '../model/model-api.js';
import { conntrackConfirm } from './conntrack-table.js';
import { receive, verdictFate } from './ip-path.js';
import type { ReceiveOptions } from './ip-path.js';
import { arpInput } from './neighbour-resolution.js';
import { hookStages, runStages } from './netfilter-hooks.js';
import type { Traversal } from './netfilter-hooks.js';
import { BROADCAST_MAC, cloneFrame } from './packet-types.js';
import type { Frame } from './packet-types.js';
import type { MatchContext } from './rule-match.js';
import { dropped, fateRank, step } from './simulation-context.js';
import type { Fate, Simulation } from './simulation-context.js';
import { ifKey } from './topology-index.js';
import { vxlanEncap } from './vxlan-overlay.js';

/**
 * Layer 2: frames leaving and entering interfaces. veth pairs and wires carry frames to their peer; a Linux bridge
 * learns source MACs, forwards known unicast and floods the rest (running the IP hooks when br_netfilter is on);
 * macvlan switches between its children by mode and never hands a child's frame to its parent's own stack; VLAN
 * sub-interfaces push and pop 802.1Q tags; VXLAN encapsulates (vxlan-overlay.ts).
 */

const ignored = (netns: string, reason: string): Fate => ({ kind: 'ignored', at: { netns, table: null, chain: null, line: null }, reason });

function name(ifc: Interface): string {
    return `${ifc.netns}.${ifc.name}`;
}

/** Runs several copies of a frame and keeps the most telling fate; the steps of copies nobody wanted are dropped. */
function flood(sim: Simulation, copies: (() => Fate)[]): Fate {
    let best: Fate | undefined;
    for (const copy of copies) {
        const mark = sim.steps.length;
        const fate = copy();
        if (fate.kind === 'ignored') {
            sim.steps.length = mark;
        }
        if (!best || fateRank(fate) > fateRank(best)) {
            best = fate;
        }
    }
    return best ?? { kind: 'ignored', at: { netns: null, table: null, chain: null, line: null }, reason: 'no port to flood to' };
}

/** Frames nested deeper than this are circling (a bridge loop has no TTL); far above any real path's length. */
const MAX_DEPTH = 400;

export function egress(sim: Simulation, ifc: Interface, frame: Frame): Fate {
    if (--sim.frameBudget < 0 || sim.depth >= MAX_DEPTH) {
        step(sim, ifc.netns, 'drop', 'forwarding loop: the frame circulates without end (a bridge loop without STP?)');
        return dropped(ifc.netns, 'forwarding loop: the frame circulates without end (no STP, and no TTL at layer 2)');
    }
    sim.depth++;
    try {
        return transmitFrame(sim, ifc, frame);
    } finally {
        sim.depth--;
    }
}

function transmitFrame(sim: Simulation, ifc: Interface, frame: Frame): Fate {
    if (!ifc.up) {
        step(sim, ifc.netns, 'drop', `${ifc.name} is down: the frame is not sent`);
        return dropped(ifc.netns, `${name(ifc)} is down`);
    }
    switch (ifc.kind) {
        case 'bridge':
            return bridgeOut(sim, ifc, frame);
        case 'vlan': {
            const parent = sim.index.interfaces.get(ifKey(ifc.vlan!.parent.netns, ifc.vlan!.parent.name));
            if (!parent) {
                return dropped(ifc.netns, `the parent of ${name(ifc)} is not in the model`);
            }
            step(sim, ifc.netns, 'vlan', `tagged with VLAN ${ifc.vlan!.id}, sent out ${parent.name}`);
            return egress(sim, parent, { ...frame, vlan: ifc.vlan!.id });
        }
        case 'macvlan':
            return macvlanOut(sim, ifc, frame);
        case 'vxlan':
            return vxlanEncap(sim, ifc, frame);
        case 'tun': case 'loopback':
            return dropped(ifc.netns, `${name(ifc)} carries no Ethernet frames`);
        default: {
            const peer = sim.index.peers.get(ifKey(ifc.netns, ifc.name));
            if (!peer) {
                if (ifc.kind === 'tap') {
                    step(sim, ifc.netns, 'deliver', `frame written to tap ${ifc.name}: read by its user-space program`);
                    return frame.payload.kind === 'ipv4' && frame.payload.packet.role === 'request'
                        ? { kind: 'delivered', at: { netns: ifc.netns, table: null, chain: null, line: null }, reason: `delivered to the user-space reader of tap ${ifc.name}` }
                        : ignored(ifc.netns, `the reader of tap ${ifc.name} is not modelled`);
                }
                step(sim, ifc.netns, 'drop', `${ifc.name} has no cable (no wire in the model): the frame is lost`);
                return dropped(ifc.netns, `${name(ifc)} is connected to nothing`);
            }
            step(sim, ifc.netns, 'link', `${name(ifc)} -> ${name(peer)}`, { link: { from: name(ifc), to: name(peer) } });
            return ingress(sim, peer, frame);
        }
    }
}

export function ingress(sim: Simulation, ifc: Interface, frame: Frame): Fate {
    if (!ifc.up) {
        step(sim, ifc.netns, 'drop', `${ifc.name} is down: the frame is discarded`);
        return dropped(ifc.netns, `${name(ifc)} is down`);
    }
    if (ifc.master) {
        return bridgeIn(sim, ifc, frame);
    }
    if (frame.vlan !== undefined) {
        const child = (sim.index.vlanChildren.get(ifKey(ifc.netns, ifc.name)) ?? []).find((v) => v.vlan!.id === frame.vlan);
        if (!child) {
            return ignored(ifc.netns, `${name(ifc)} has no sub-interface for VLAN ${frame.vlan}`);
        }
        step(sim, ifc.netns, 'vlan', `VLAN ${frame.vlan} untagged into ${child.name}`);
        return ingress(sim, child, { ...frame, vlan: undefined });
    }
    const children = sim.index.macvlanChildren.get(ifKey(ifc.netns, ifc.name));
    if (children && children.length > 0) {
        return macvlanIn(sim, ifc, children, frame);
    }
    return l3In(sim, ifc, frame, {});
}

/** Hands a frame to the IP layer (or ARP) of `ifc` if it is addressed to it. */
function l3In(sim: Simulation, ifc: Interface, frame: Frame, options: ReceiveOptions & { anyMac?: boolean }): Fate {
    if (frame.dst !== BROADCAST_MAC && frame.dst !== ifc.mac && !options.anyMac) {
        return ignored(ifc.netns, `frame for ${frame.dst} is not for ${name(ifc)}`);
    }
    if (frame.payload.kind === 'arp') {
        return arpInput(sim, ifc, frame);
    }
    if (frame.dst === BROADCAST_MAC) {
        return ignored(ifc.netns, 'broadcast IP packets are not modelled');
    }
    return receive(sim, ifc, frame.payload.packet, { ...options, srcMac: frame.src });
}

function fdbOf(sim: Simulation, bridge: Interface): Map<string, string> {
    return getOrCreate(sim.fdb, ifKey(bridge.netns, bridge.name), () => new Map());
}

function ports(sim: Simulation, bridge: Interface): Interface[] {
    return sim.index.bridgePorts.get(ifKey(bridge.netns, bridge.name)) ?? [];
}

/** The host stack sends through its bridge device: FDB lookup, else flood (no br_netfilter: OUTPUT already ran). */
function bridgeOut(sim: Simulation, bridge: Interface, frame: Frame): Fate {
    const fdb = fdbOf(sim, bridge);
    const known = frame.dst !== BROADCAST_MAC ? fdb.get(frame.dst) : undefined;
    const all = ports(sim, bridge);
    const port = known !== undefined ? all.find((p) => p.name === known) : undefined;
    if (port) {
        step(sim, bridge.netns, 'bridge', `${bridge.name}: ${frame.dst} is on ${port.name}, forward`, { bridge: { bridge: bridge.name, action: 'forward', mac: frame.dst, port: port.name } });
        return egress(sim, port, frame);
    }
    step(sim, bridge.netns, 'bridge', `${bridge.name}: ${frame.dst === BROADCAST_MAC ? 'broadcast' : `${frame.dst} unknown`}, flood to ${all.map((p) => p.name).join(', ') || 'no port'}`, {
        bridge: { bridge: bridge.name, action: 'flood', mac: frame.dst, ports: all.map((p) => p.name) }
    });
    return flood(sim, all.map((p) => () => egress(sim, p, cloneFrame(frame))));
}

/** A frame entering a bridge port. */
function bridgeIn(sim: Simulation, port: Interface, frame: Frame): Fate {
    const bridge = sim.index.interfaces.get(ifKey(port.netns, port.master!));
    if (!bridge || !bridge.up) {
        step(sim, port.netns, 'drop', `bridge ${port.master} is down`);
        return dropped(port.netns, `bridge ${port.netns}.${port.master} is down`);
    }
    const netns = bridge.netns;
    const fdb = fdbOf(sim, bridge);
    if (fdb.get(frame.src) !== port.name) {
        fdb.set(frame.src, port.name);
        step(sim, netns, 'bridge', `${bridge.name}: learn ${frame.src} on ${port.name}`, { bridge: { bridge: bridge.name, action: 'learn', mac: frame.src, port: port.name } });
    }
    const all = ports(sim, bridge);
    const toBridge = frame.dst === bridge.mac || all.some((p) => p.mac === frame.dst);
    // br_netfilter (bridge-nf-call-iptables): IPv4 frames pass PREROUTING with -i = the bridge, physdev = the port.
    const ns = sim.index.namespaces.get(netns)!;
    let tr: Traversal | undefined;
    if (frame.payload.kind === 'ipv4' && ns.sysctls.bridgeNfCallIptables && frame.dst !== BROADCAST_MAC) {
        tr = { netns, untracked: false, iifIface: bridge };
        const c = bridgedContext(sim, netns, 'PREROUTING', frame, bridge.name, port.name, undefined);
        const v = runStages(sim, tr, c, hookStages('PREROUTING', sim.backend));
        if (v.kind !== 'accept') {
            return verdictFate(sim, tr, frame.payload.packet, v);
        }
    }
    if (toBridge) {
        step(sim, netns, 'bridge', `${bridge.name}: ${frame.dst} is the bridge's own, deliver to ${bridge.name}`, { bridge: { bridge: bridge.name, action: 'local', mac: frame.dst } });
        return l3In(sim, bridge, frame, { physIn: tr ? port.name : undefined, tr, preroutingDone: tr !== undefined, anyMac: true });
    }
    if (frame.dst === BROADCAST_MAC) {
        const others = all.filter((p) => p !== port || p.hairpin);
        step(sim, netns, 'bridge', `${bridge.name}: broadcast, flood to ${others.map((p) => p.name).join(', ') || 'no other port'} and ${bridge.name} itself`, {
            bridge: { bridge: bridge.name, action: 'flood', mac: frame.dst, ports: others.map((p) => p.name) }
        });
        return flood(sim, [() => l3In(sim, bridge, cloneFrame(frame), {}), ...others.map((p) => () => bridgeForward(sim, bridge, port, p, cloneFrame(frame), tr))]);
    }
    const known = fdb.get(frame.dst);
    const out = known !== undefined ? all.find((p) => p.name === known) : undefined;
    if (out) {
        if (out === port && !port.hairpin) {
            return ignored(netns, `${bridge.name}: ${frame.dst} is behind the port the frame came in by`);
        }
        step(sim, netns, 'bridge', `${bridge.name}: ${frame.dst} is on ${out.name}, forward`, { bridge: { bridge: bridge.name, action: 'forward', mac: frame.dst, port: out.name } });
        return bridgeForward(sim, bridge, port, out, frame, tr);
    }
    const others = all.filter((p) => p !== port || p.hairpin);
    step(sim, netns, 'bridge', `${bridge.name}: ${frame.dst} unknown, flood to ${others.map((p) => p.name).join(', ') || 'no other port'}`, {
        bridge: { bridge: bridge.name, action: 'flood', mac: frame.dst, ports: others.map((p) => p.name) }
    });
    return flood(sim, others.map((p) => () => bridgeForward(sim, bridge, port, p, cloneFrame(frame), tr && { ...tr })));
}

function bridgedContext(sim: Simulation, netns: string, hook: 'PREROUTING' | 'FORWARD' | 'POSTROUTING', frame: Frame, bridge: string, physIn: string, physOut: string | undefined): MatchContext {
    if (frame.payload.kind !== 'ipv4') {
        throw new Error('bridged netfilter needs an IPv4 frame');
    }
    return {
        index: sim.index, netns, hook, packet: frame.payload.packet, iif: bridge, oif: hook === 'PREROUTING' ? undefined : bridge,
        physIn, physOut, bridged: hook !== 'PREROUTING', srcMac: frame.src, state: sim.matchState
    };
}

/** Port to port. With br_netfilter, FORWARD and POSTROUTING run first; ip_forward plays no part (bridging is not routing). */
function bridgeForward(sim: Simulation, bridge: Interface, inPort: Interface, outPort: Interface, frame: Frame, tr: Traversal | undefined): Fate {
    if (tr && frame.payload.kind === 'ipv4') {
        for (const hook of ['FORWARD', 'POSTROUTING'] as const) {
            const c = bridgedContext(sim, bridge.netns, hook, frame, bridge.name, inPort.name, outPort.name);
            c.ct = tr.ct;
            const v = runStages(sim, tr, c, hookStages(hook, sim.backend));
            if (v.kind !== 'accept') {
                return verdictFate(sim, tr, frame.payload.packet, v);
            }
        }
        if (tr.ct) {
            conntrackConfirm(sim.conntrack, tr.ct);
        }
    }
    return egress(sim, outPort, frame);
}

function macvlanOut(sim: Simulation, child: Interface, frame: Frame): Fate {
    const cfg = child.macvlan!;
    const parent = sim.index.interfaces.get(ifKey(cfg.parent.netns, cfg.parent.name));
    if (!parent || !parent.up) {
        step(sim, child.netns, 'drop', `the macvlan parent ${cfg.parent.netns}.${cfg.parent.name} is down or missing`);
        return dropped(child.netns, `the parent of macvlan ${name(child)} is down`);
    }
    const siblings = (sim.index.macvlanChildren.get(ifKey(parent.netns, parent.name)) ?? []).filter((s) => s !== child && s.up);
    const origin = ifKey(child.netns, child.name);
    const outParent = (): Fate => {
        step(sim, child.netns, 'macvlan', `${child.name} (mode ${cfg.mode}) sends out its parent ${name(parent)}; the parent's own stack does not see the frame`);
        return egress(sim, parent, { ...cloneFrame(frame), macvlanOrigin: origin });
    };
    if (cfg.mode === 'bridge') {
        if (frame.dst === BROADCAST_MAC) {
            const mates = siblings.filter((s) => s.macvlan!.mode === 'bridge');
            return flood(sim, [...mates.map((s) => () => {
                step(sim, child.netns, 'macvlan', `broadcast switched inside the macvlan driver to ${name(s)}`);
                return l3In(sim, s, cloneFrame(frame), {});
            }), outParent]);
        }
        const mate = siblings.find((s) => s.macvlan!.mode === 'bridge' && s.mac === frame.dst);
        if (mate) {
            step(sim, child.netns, 'macvlan', `switched inside the macvlan driver (bridge mode) to ${name(mate)}`);
            return l3In(sim, mate, frame, {});
        }
    }
    return outParent();
}

/** Frames arriving on a macvlan parent: to the child owning the MAC, else the parent's own stack. */
function macvlanIn(sim: Simulation, parent: Interface, children: Interface[], frame: Frame): Fate {
    const up = children.filter((c) => c.up);
    const passthru = up.find((c) => c.macvlan!.mode === 'passthru');
    if (passthru) {
        step(sim, parent.netns, 'macvlan', `passthru: every frame on ${parent.name} goes to ${name(passthru)}`);
        return l3In(sim, passthru, frame, { anyMac: true });
    }
    const origin = frame.macvlanOrigin !== undefined ? up.find((c) => ifKey(c.netns, c.name) === frame.macvlanOrigin) : undefined;
    const blockedByMode = (target: Interface): string | undefined =>
        origin && (origin.macvlan!.mode === 'private' || target.macvlan!.mode === 'private')
            ? `private mode: ${name(target)} does not take frames from its sibling ${name(origin)}, even reflected`
            : undefined;
    if (frame.dst === BROADCAST_MAC) {
        const targets = up.filter((c) => c !== origin && !blockedByMode(c));
        return flood(sim, [() => l3In(sim, parent, cloneFrame(frame), {}), ...targets.map((c) => () => {
            step(sim, parent.netns, 'macvlan', `broadcast on ${parent.name} delivered to macvlan ${name(c)}`);
            return l3In(sim, c, cloneFrame(frame), {});
        })]);
    }
    const target = up.find((c) => c.mac === frame.dst);
    if (!target) {
        return l3In(sim, parent, frame, {});
    }
    const blocked = blockedByMode(target);
    if (blocked) {
        step(sim, parent.netns, 'drop', blocked);
        return dropped(parent.netns, blocked);
    }
    step(sim, parent.netns, 'macvlan', `${frame.dst} on ${parent.name} belongs to macvlan ${name(target)}`);
    return l3In(sim, target, frame, {});
}
