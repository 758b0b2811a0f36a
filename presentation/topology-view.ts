import { formatIPv4 } from '../model/model-api.js';
import type { IfRef, Interface, InterfaceKind, Model, Namespace, SourceRef } from '../model/model-api.js';

/**
 * What the trace view draws, as plain JSON: hosts as regions holding their namespaces, namespaces holding their
 * interfaces as ports, bridges as nodes inside their namespace, and the edges between ports. Ids derive from names
 * only, so a small edit of the file keeps every other element's id (and the webview keeps its layout).
 */

export interface ViewSource {
    file: string;
    line: number;
    column: number;
}

export interface TopologyView {
    hosts: HostView[];
    namespaces: NamespaceView[];
    edges: EdgeView[];
}

export interface HostView {
    /** `host:NAME`. */
    id: string;
    name: string;
    /** Ids of the namespaces drawn inside the region: the host's root namespace first, then its containers. */
    namespaces: string[];
}

export interface NamespaceView {
    /** `ns:NAME`. */
    id: string;
    name: string;
    kind: Namespace['kind'];
    /** The region (`host:NAME`) this namespace is drawn in; absent for a standalone namespace. */
    host?: string;
    /** Every interface but `lo`, in declaration order. Bridges are ports too (their own L3 side) and nodes in `bridges`. */
    ports: PortView[];
    /** Bridges of this namespace, each with the ids of its member ports. */
    bridges: BridgeView[];
    ipForward: boolean;
    source: ViewSource;
}

export interface PortView {
    /** `if:NS/IF`. */
    id: string;
    name: string;
    netns: string;
    kind: InterfaceKind;
    /** CIDR notation, primary first. */
    addresses: string[];
    mac: string;
    mtu: number;
    up: boolean;
    /** The bridge port's master, as a port id. */
    master?: string;
    /** macvlan/vlan: the parent port id (possibly in another namespace); vxlan: its underlay device. */
    parent?: string;
    /** vxlan: its VNI, to tie encapsulation steps to the device. */
    vni?: number;
    /** A short line for the label: `macvlan bridge`, `vxlan 42 :8472`, `vlan 100`. */
    detail?: string;
    source: ViewSource;
}

export interface BridgeView {
    /** `br:NS/IF`: the switch inside the namespace; the bridge's own L3 port keeps its `if:` id. */
    id: string;
    name: string;
    port: string;
    members: string[];
    stp: boolean;
}

export type EdgeKind = 'veth' | 'wire' | 'vxlan' | 'member' | 'parent';

export interface EdgeView {
    /** `KIND:A|B` with the endpoint ids sorted, so the id does not depend on which side was written first. */
    id: string;
    kind: EdgeKind;
    /** Port ids, or a bridge id for the bridge end of a `member` edge. */
    from: string;
    to: string;
    /** vxlan: the underlay ports the tunnel rides on, and its VNI and UDP port. */
    underlay?: string[];
    label?: string;
    /** Dashed: tunnels (they ride over other edges, not a cable of their own). */
    dashed: boolean;
}

export function namespaceId(name: string): string {
    return `ns:${name}`;
}

export function hostId(name: string): string {
    return `host:${name}`;
}

export function portId(netns: string, name: string): string {
    return `if:${netns}/${name}`;
}

export function bridgeId(netns: string, name: string): string {
    return `br:${netns}/${name}`;
}

/** Trace steps name interfaces `NS.IF` (everything after the first `.` is the interface name, LANGUAGE.md §2). */
export function portIdOfQualified(qualified: string): string {
    const dot = qualified.indexOf('.');
    return dot < 0 ? namespaceId(qualified) : portId(qualified.slice(0, dot), qualified.slice(dot + 1));
}

export function edgeId(kind: EdgeKind, a: string, b: string): string {
    return a <= b ? `${kind}:${a}|${b}` : `${kind}:${b}|${a}`;
}

function viewSource(source: SourceRef): ViewSource {
    return { file: source.file, line: source.line, column: source.column };
}

function refId(ref: IfRef): string {
    return portId(ref.netns, ref.name);
}

function detailOf(i: Interface): string | undefined {
    if (i.vxlan) {
        return `vxlan ${i.vxlan.vni} :${i.vxlan.dstport}`;
    }
    if (i.macvlan) {
        return `macvlan ${i.macvlan.mode}`;
    }
    if (i.vlan) {
        return `vlan ${i.vlan.id}`;
    }
    return i.kind === 'nic' ? undefined : i.kind;
}

function portOf(i: Interface): PortView {
    const parent = i.macvlan?.parent ?? i.vlan?.parent ?? (i.vxlan?.dev !== undefined ? { netns: i.netns, name: i.vxlan.dev } : undefined);
    const detail = detailOf(i);
    return {
        id: portId(i.netns, i.name), name: i.name, netns: i.netns, kind: i.kind,
        addresses: i.addresses.map((a) => `${formatIPv4(a.address)}/${a.prefix}`), mac: i.mac, mtu: i.mtu, up: i.up,
        ...(i.master !== undefined ? { master: portId(i.netns, i.master) } : {}),
        ...(parent ? { parent: refId(parent) } : {}),
        ...(i.vxlan ? { vni: i.vxlan.vni } : {}),
        ...(detail !== undefined ? { detail } : {}),
        source: viewSource(i.source)
    };
}

function namespaceOf(ns: Namespace): NamespaceView {
    const interfaces = ns.interfaces.filter((i) => i.kind !== 'loopback');
    const bridges = interfaces.filter((i) => i.kind === 'bridge').map((b): BridgeView => ({
        id: bridgeId(ns.name, b.name), name: b.name, port: portId(ns.name, b.name),
        members: interfaces.filter((i) => i.master === b.name).map((i) => portId(ns.name, i.name)), stp: b.stp ?? false
    }));
    const host = ns.kind === 'host' ? ns.name : ns.host;
    return {
        id: namespaceId(ns.name), name: ns.name, kind: ns.kind, ...(host !== undefined ? { host: hostId(host) } : {}),
        ports: interfaces.map(portOf), bridges, ipForward: ns.sysctls.ipForward, source: viewSource(ns.source)
    };
}

/**
 * VXLAN tunnels: each end whose `remote` is an address of another namespace holding a vxlan device with the same VNI
 * is tied to that device; ends sharing a multicast `group` and VNI are tied to each other. Indexed by address and by
 * (VNI, group), so a large file costs one pass.
 */
function vxlanEdges(model: Model): EdgeView[] {
    const owner = new Map<number, string>();
    const byVni = new Map<string, Interface[]>();
    for (const ns of model.namespaces) {
        for (const i of ns.interfaces) {
            for (const a of i.addresses) {
                owner.set(a.address, ns.name);
            }
            if (i.vxlan) {
                const key = `${ns.name}/${i.vxlan.vni}`;
                byVni.set(key, [...(byVni.get(key) ?? []), i]);
            }
        }
    }
    const edges = new Map<string, EdgeView>();
    const groups = new Map<string, Interface[]>();
    const add = (a: Interface, b: Interface): void => {
        const from = portId(a.netns, a.name);
        const to = portId(b.netns, b.name);
        const id = edgeId('vxlan', from, to);
        const underlay = [a, b].flatMap((i) => i.vxlan?.dev !== undefined ? [portId(i.netns, i.vxlan.dev)] : []).sort();
        edges.set(id, { id, kind: 'vxlan', from, to, underlay, label: `VNI ${a.vxlan!.vni} udp/${a.vxlan!.dstport}`, dashed: true });
    };
    for (const ns of model.namespaces) {
        for (const i of ns.interfaces) {
            if (!i.vxlan) {
                continue;
            }
            if (i.vxlan.remote !== undefined) {
                const remoteNs = owner.get(i.vxlan.remote);
                for (const peer of remoteNs !== undefined ? byVni.get(`${remoteNs}/${i.vxlan.vni}`) ?? [] : []) {
                    add(i, peer);
                }
            } else if (i.vxlan.group !== undefined) {
                const key = `${i.vxlan.group}/${i.vxlan.vni}`;
                for (const peer of groups.get(key) ?? []) {
                    add(peer, i);
                }
                groups.set(key, [...(groups.get(key) ?? []), i]);
            }
        }
    }
    return [...edges.values()];
}

export function topologyView(model: Model): TopologyView {
    const namespaces = model.namespaces.map(namespaceOf);
    const hosts = new Map<string, HostView>();
    for (const ns of namespaces) {
        if (ns.host !== undefined) {
            const host = hosts.get(ns.host) ?? { id: ns.host, name: ns.host.slice('host:'.length), namespaces: [] };
            // The host's root namespace leads its region whatever the declaration order.
            if (ns.kind === 'host') {
                host.namespaces.unshift(ns.id);
            } else {
                host.namespaces.push(ns.id);
            }
            hosts.set(ns.host, host);
        }
    }
    const edges: EdgeView[] = model.links.map((l) => {
        const from = refId(l.a);
        const to = refId(l.b);
        return { id: edgeId(l.kind, from, to), kind: l.kind, from, to, dashed: false };
    });
    for (const ns of namespaces) {
        for (const b of ns.bridges) {
            for (const m of b.members) {
                edges.push({ id: edgeId('member', b.id, m), kind: 'member', from: m, to: b.id, dashed: false });
            }
            // The bridge's own L3 interface is a port of the switch too: routed traffic enters the switch there.
            edges.push({ id: edgeId('member', b.id, b.port), kind: 'member', from: b.port, to: b.id, dashed: false });
        }
        for (const p of ns.ports) {
            if (p.parent !== undefined && p.kind !== 'vxlan') {
                edges.push({ id: edgeId('parent', p.id, p.parent), kind: 'parent', from: p.id, to: p.parent, label: p.detail, dashed: false });
            }
        }
    }
    edges.push(...vxlanEdges(model));
    return { hosts: [...hosts.values()], namespaces, edges };
}
