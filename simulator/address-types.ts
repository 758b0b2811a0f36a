import type { IPv4, Model } from '../model/model-api.js';
import { broadcastOf, networkOf } from '../model/model-api.js';
import { lookupRoute } from './routing-lookup.js';
import { isBroadcastFor, localInterface, topologyIndex } from './topology-index.js';
import type { TopologyIndex } from './topology-index.js';

/** The address types the `addrtype` match sees in a namespace (the kernel's route types that the model has). */
export const ADDRESS_TYPES_MODELLED = ['LOCAL', 'BROADCAST', 'MULTICAST', 'UNICAST', 'UNREACHABLE'] as const;
export type ModelledAddressType = (typeof ADDRESS_TYPES_MODELLED)[number];

/** What the kernel's route lookup makes of an address in a namespace, as `-m addrtype` tests it. */
export function addressTypeOf(index: TopologyIndex, netns: string, address: IPv4): ModelledAddressType {
    if (localInterface(index, netns, address)) {
        return 'LOCAL';
    }
    if (isBroadcastFor(index, netns, address)) {
        return 'BROADCAST';
    }
    if ((address >>> 28) === 14) {
        return 'MULTICAST';
    }
    return lookupRoute(index, netns, address) ? 'UNICAST' : 'UNREACHABLE';
}

/**
 * The type as `--limit-iface-in`/`--limit-iface-out` see it (inet_dev_addr_type): a local or broadcast address counts
 * only when its local route's device is `dev`, and is plain unicast otherwise; multicast stays multicast. Without a
 * device (the packet has none at that hook) the kernel uses none either.
 */
export function addressTypeOn(index: TopologyIndex, netns: string, address: IPv4, dev: string | undefined): ModelledAddressType {
    const type = addressTypeOf(index, netns, address);
    if (dev === undefined || (type !== 'LOCAL' && type !== 'BROADCAST')) {
        return type;
    }
    const owners = type === 'LOCAL' ? [localInterface(index, netns, address)?.name] : broadcastInterfaces(index, netns, address);
    return owners.includes(dev) ? type : 'UNICAST';
}

/** The interfaces whose subnet has `address` as its broadcast address (any of them for 255.255.255.255). */
function broadcastInterfaces(index: TopologyIndex, netns: string, address: IPv4): string[] {
    const ns = index.namespaces.get(netns);
    return (ns?.interfaces ?? []).filter((ifc) => address === 0xffffffff
        || ifc.addresses.some((a) => a.prefix < 31 && broadcastOf(a) === address)).map((ifc) => ifc.name);
}

/**
 * Every address of IPv4 by type, as inclusive ranges: the same classification as addressTypeOf, read at one
 * address of each stretch between the places where it can change (loopback, local and broadcast addresses,
 * multicast, route prefixes). The rule analysis uses it to tie `-m addrtype` to the namespace's addresses.
 */
export function addressTypeRanges(model: Model, netns: string): Map<ModelledAddressType, [IPv4, IPv4][]> {
    const index = topologyIndex(model);
    const ns = index.namespaces.get(netns);
    // Starts of stretches: a classification can change only at these addresses.
    const starts = new Set<number>([0, 0x7f000000, 0x80000000, 0xe0000000, 0xf0000000, 0xffffffff]);
    const edge = (from: number, to: number): void => {
        starts.add(from);
        if (to < 0xffffffff) starts.add(to + 1);
    };
    for (const ifc of ns?.interfaces ?? []) {
        for (const a of ifc.addresses) {
            edge(a.address, a.address);
            if (a.prefix < 31) edge(broadcastOf(a), broadcastOf(a));
        }
    }
    for (const route of index.routes.get(netns) ?? []) {
        const c = { address: route.destination, prefix: route.prefix };
        edge(networkOf(c), broadcastOf(c));
    }
    const sorted = [...starts].sort((a, b) => a - b);
    const ranges = new Map<ModelledAddressType, [IPv4, IPv4][]>(ADDRESS_TYPES_MODELLED.map((t) => [t, []]));
    sorted.forEach((from, i) => {
        const to = i + 1 < sorted.length ? sorted[i + 1] - 1 : 0xffffffff;
        const list = ranges.get(addressTypeOf(index, netns, from))!;
        const last = list[list.length - 1];
        if (last && last[1] + 1 === from) {
            last[1] = to;
        } else {
            list.push([from, to]);
        }
    });
    return ranges;
}
