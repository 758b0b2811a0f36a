import { cidrContains, confSwitch, formatIPv4 } from '../model/model-api.js';
import type { Interface, IPv4, Route, RpFilter } from '../model/model-api.js';
import { ifKey, localInterface } from './topology-index.js';
import type { TopologyIndex } from './topology-index.js';
import type { TraceRoute } from './trace-types.js';

/**
 * The FIB of one namespace: the local table first (weak host: any local address on any interface, even a down one),
 * then the main table by longest prefix and lowest metric. The model has no `ip rule`, so there is one main table.
 */

export type RouteResult =
    | { kind: 'local'; iface: Interface }
    | { kind: 'unicast'; route: Route; oif: Interface; nexthop: IPv4; src: IPv4 | undefined };

export function lookupRoute(index: TopologyIndex, netns: string, dst: IPv4): RouteResult | undefined {
    const local = localInterface(index, netns, dst);
    if (local) {
        return { kind: 'local', iface: local };
    }
    return lookupMain(index, netns, dst);
}

function lookupMain(index: TopologyIndex, netns: string, dst: IPv4): RouteResult | undefined {
    for (const route of index.routes.get(netns) ?? []) {
        if (!cidrContains({ address: route.destination, prefix: route.prefix }, dst)) {
            continue;
        }
        const oif = routeDevice(index, netns, route);
        if (!oif || !oif.up) {
            continue;
        }
        const nexthop = route.via ?? dst;
        return { kind: 'unicast', route, oif, nexthop, src: route.preferredSource ?? selectSource(index, netns, oif, nexthop) };
    }
    return undefined;
}

/** A route's device: written, or the interface whose connected route holds the gateway (the on-link check). */
function routeDevice(index: TopologyIndex, netns: string, route: Route): Interface | undefined {
    if (route.dev) {
        return index.interfaces.get(ifKey(netns, route.dev));
    }
    if (route.via === undefined) {
        return undefined;
    }
    for (const r of index.routes.get(netns) ?? []) {
        if (r.via === undefined && r.dev && cidrContains({ address: r.destination, prefix: r.prefix }, route.via)) {
            return index.interfaces.get(ifKey(netns, r.dev));
        }
    }
    return undefined;
}

/** inet_select_addr: an address of the out interface on the next hop's subnet, its primary, else any global address. */
export function selectSource(index: TopologyIndex, netns: string, oif: Interface, nexthop: IPv4): IPv4 | undefined {
    const onLink = oif.addresses.find((a) => cidrContains(a, nexthop));
    if (onLink) {
        return onLink.address;
    }
    if (oif.addresses.length > 0) {
        return oif.addresses[0].address;
    }
    const ns = index.namespaces.get(netns);
    for (const ifc of ns?.interfaces ?? []) {
        if (ifc.kind !== 'loopback' && ifc.up && ifc.addresses.length > 0) {
            return ifc.addresses[0].address;
        }
    }
    return undefined;
}

/** max(conf.all.rp_filter, conf.IF.rp_filter), as ip-sysctl.rst defines it. */
export function effectiveRpFilter(index: TopologyIndex, netns: string, iif: string): RpFilter {
    const sysctls = index.namespaces.get(netns)?.sysctls;
    if (!sysctls) {
        return 0;
    }
    return Math.max(sysctls.rpFilterAll, sysctls.rpFilter.get(iif) ?? 0) as RpFilter;
}

const isLoopback = (a: IPv4): boolean => (a >>> 24) === 127;

/**
 * The addresses ip_route_input_slow refuses before routing a received packet (a "martian"), and fib_validate_source's
 * refusal of a source that is an address of the namespace itself (SEMANTICS.md §7), unless route_localnet or
 * accept_local (all or the interface's own) allow them. Undefined when the packet passes.
 */
export function martianFailure(index: TopologyIndex, netns: string, iif: Interface, src: IPv4, dst: IPv4): string | undefined {
    if (iif.kind === 'loopback' || dst === 0xffffffff || (src === 0 && dst === 0)) {
        // Looped-back packets keep the route they were sent with; limited broadcast goes to broadcast input.
        return undefined;
    }
    const sysctls = index.namespaces.get(netns)!.sysctls;
    const source = `martian source ${formatIPv4(src)}`;
    const destination = `martian destination ${formatIPv4(dst)}`;
    const localnet = `arriving on ${iif.name} is refused while route_localnet = 0 (net.ipv4.conf.all or .${iif.name})`;
    if ((src >>> 28) === 14 || src === 0xffffffff) {
        return `${source}: a multicast or broadcast address is never a sender`;
    }
    // Only 0.0.0.0 itself: the rest of 0.0.0.0/8 is ordinary unicast since Linux 5.3 (checked on this kernel).
    if (src === 0) {
        return `${source}: the unspecified address is never a sender`;
    }
    if (dst === 0) {
        return `${destination}: the unspecified address is no destination`;
    }
    const routeLocalnet = confSwitch(sysctls.routeLocalnet, iif.name);
    if (isLoopback(dst) && !routeLocalnet) {
        return `${destination}: a loopback address ${localnet}`;
    }
    if (isLoopback(src) && !routeLocalnet) {
        return `${source}: a loopback address ${localnet}`;
    }
    if (localInterface(index, netns, src) && !confSwitch(sysctls.acceptLocal, iif.name)) {
        return `${source}: an address of ${netns} itself arriving on ${iif.name} is refused while accept_local = 0 (net.ipv4.conf.all or .${iif.name})`;
    }
    return undefined;
}

/** Reverse-path check of a received packet: undefined when it passes, else why it fails. */
export function reversePathFailure(index: TopologyIndex, netns: string, iif: Interface, src: IPv4): string | undefined {
    if (iif.kind === 'loopback') {
        return undefined;
    }
    const mode = effectiveRpFilter(index, netns, iif.name);
    if (mode === 0) {
        return undefined;
    }
    const back = lookupMain(index, netns, src);
    if (!back || back.kind !== 'unicast') {
        return `rp_filter=${mode}: no route back to ${formatIPv4(src)}`;
    }
    if (mode === 1 && back.oif.name !== iif.name) {
        return `rp_filter=1 (strict): the route back to ${formatIPv4(src)} leaves by ${back.oif.name}, not by ${iif.name} where the packet came in`;
    }
    return undefined;
}

export function traceRoute(result: RouteResult): TraceRoute {
    if (result.kind === 'local') {
        return { destination: 'local', dev: result.iface.name, origin: 'local' };
    }
    const r = result.route;
    const out: TraceRoute = {
        destination: r.prefix === 0 ? 'default' : `${formatIPv4(r.destination)}/${r.prefix}`,
        dev: result.oif.name,
        origin: r.origin
    };
    if (r.via !== undefined) {
        out.via = formatIPv4(r.via);
    }
    if (r.metric !== 0) {
        out.metric = r.metric;
    }
    if (result.src !== undefined) {
        out.src = formatIPv4(result.src);
    }
    return out;
}

export function describeRoute(route: TraceRoute): string {
    if (route.origin === 'local') {
        return `local (dev ${route.dev})`;
    }
    return `${route.destination}${route.via ? ` via ${route.via}` : ''} dev ${route.dev}${route.metric ? ` metric ${route.metric}` : ''}${route.src ? ` src ${route.src}` : ''}`;
}
