import { cidrContains, getOrCreate, prefixMask, pushTo } from '../model/model-api.js';
import type { Interface, IPv4, Model, Namespace, Route, Rule, Ruleset } from '../model/model-api.js';

/**
 * Everything the simulator looks up, indexed once per model (cached by identity in a WeakMap), so a probe never
 * rescans the model: interfaces by name, veth/wire peers, bridge ports, macvlan/vlan children, vxlan endpoints,
 * local addresses, sorted route tables and whether conntrack is active in each namespace.
 */
export interface TopologyIndex {
    model: Model;
    namespaces: Map<string, Namespace>;
    interfaces: Map<string, Interface>;
    /** veth peer or wire peer, by interface key. */
    peers: Map<string, Interface>;
    bridgePorts: Map<string, Interface[]>;
    macvlanChildren: Map<string, Interface[]>;
    vlanChildren: Map<string, Interface[]>;
    vxlans: Interface[];
    /** Every local address of a namespace (the local routing table), with the interface that holds it. */
    localAddresses: Map<string, Map<IPv4, Interface>>;
    /** Routes sorted for lookup: longest prefix first, then lowest metric, then as written. */
    routes: Map<string, Route[]>;
    conntrackActive: Map<string, boolean>;
}

const cache = new WeakMap<Model, TopologyIndex>();

export function ifKey(netns: string, name: string): string {
    return `${netns}.${name}`;
}

export function topologyIndex(model: Model): TopologyIndex {
    return getOrCreate(cache, model, buildIndex);
}

function buildIndex(model: Model): TopologyIndex {
    const index: TopologyIndex = {
        model,
        namespaces: new Map(),
        interfaces: new Map(),
        peers: new Map(),
        bridgePorts: new Map(),
        macvlanChildren: new Map(),
        vlanChildren: new Map(),
        vxlans: [],
        localAddresses: new Map(),
        routes: new Map(),
        conntrackActive: new Map()
    };
    for (const ns of model.namespaces) {
        index.namespaces.set(ns.name, ns);
        const locals = new Map<IPv4, Interface>();
        for (const ifc of ns.interfaces) {
            index.interfaces.set(ifKey(ns.name, ifc.name), ifc);
            for (const a of ifc.addresses) {
                if (!locals.has(a.address)) {
                    locals.set(a.address, ifc);
                }
            }
        }
        index.localAddresses.set(ns.name, locals);
        index.routes.set(ns.name, [...ns.routes].sort((x, y) => y.prefix - x.prefix || x.metric - y.metric));
        index.conntrackActive.set(ns.name, rulesetNeedsConntrack(ns.ruleset));
    }
    for (const ns of model.namespaces) {
        for (const ifc of ns.interfaces) {
            if (ifc.master) {
                pushTo(index.bridgePorts, ifKey(ns.name, ifc.master), ifc);
            }
            if (ifc.macvlan) {
                pushTo(index.macvlanChildren, ifKey(ifc.macvlan.parent.netns, ifc.macvlan.parent.name), ifc);
            }
            if (ifc.vlan) {
                pushTo(index.vlanChildren, ifKey(ifc.vlan.parent.netns, ifc.vlan.parent.name), ifc);
            }
            if (ifc.vxlan) {
                index.vxlans.push(ifc);
            }
            if (ifc.peer) {
                const peer = index.interfaces.get(ifKey(ifc.peer.netns, ifc.peer.name));
                if (peer) {
                    index.peers.set(ifKey(ns.name, ifc.name), peer);
                    index.peers.set(ifKey(peer.netns, peer.name), ifc);
                }
            }
        }
    }
    for (const link of model.links) {
        const a = index.interfaces.get(ifKey(link.a.netns, link.a.name));
        const b = index.interfaces.get(ifKey(link.b.netns, link.b.name));
        if (a && b) {
            index.peers.set(ifKey(a.netns, a.name), b);
            index.peers.set(ifKey(b.netns, b.name), a);
        }
    }
    return index;
}

/** Matches and targets whose kernel check registers conntrack in the namespace (nf_ct_netns_get). */
const CONNTRACK_MATCHES = new Set(['conntrack', 'state', 'connmark', 'helper']);
const CONNTRACK_TARGETS = new Set(['MASQUERADE', 'SNAT', 'DNAT', 'REDIRECT', 'CT', 'NOTRACK', 'CONNMARK']);

/** SEMANTICS.md §3 [V≠S]: the kernel registers conntrack in a namespace only when a rule needs it. */
export function rulesetNeedsConntrack(ruleset: Ruleset): boolean {
    for (const table of ruleset.tables.values()) {
        for (const chain of table.chains.values()) {
            if (chain.rules.some(ruleNeedsConntrack)) {
                return true;
            }
        }
    }
    return false;
}

/** Does loading this rule register conntrack? A refused rule is never loaded, so it registers nothing. */
export function ruleNeedsConntrack(rule: Rule): boolean {
    return !rule.refused
        && (rule.matches.some((m) => CONNTRACK_MATCHES.has(m.module)) || (rule.target !== undefined && CONNTRACK_TARGETS.has(rule.target.name)));
}

/** The interface holding `address` in `netns`, if the address is local there (weak host: any interface). */
export function localInterface(index: TopologyIndex, netns: string, address: IPv4): Interface | undefined {
    if ((address >>> 24) === 127) {
        return index.interfaces.get(ifKey(netns, 'lo'));
    }
    return index.localAddresses.get(netns)?.get(address);
}

export function isBroadcastFor(index: TopologyIndex, netns: string, address: IPv4): boolean {
    if (address === 0xffffffff) {
        return true;
    }
    const ns = index.namespaces.get(netns);
    return ns !== undefined && ns.interfaces.some((ifc) => ifc.addresses.some((a) =>
        a.prefix < 31 && cidrContains(a, address) && ((address | prefixMask(a.prefix)) >>> 0) === 0xffffffff));
}
