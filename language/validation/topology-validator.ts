import type { Diagnostic, Interface, Model, Namespace, Route } from '../../model/model-api.js';
import { broadcastOf, cidrContains, formatCidr, formatIPv4 } from '../../model/model-api.js';
import { l2Segments } from './l2-segments.js';

/**
 * Checks that need the whole resolved topology, as the kernel would judge the commands that build it.
 * Name resolution and per-statement checks happen during lowering; these run on the model.
 */
export function validateTopology(model: Model): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    const namespaces = new Map(model.namespaces.map(ns => [ns.name, ns]));
    checkDuplicateAddresses(model, diagnostics);
    for (const ns of model.namespaces) {
        for (const route of ns.routes) {
            if (route.origin === 'static') {
                checkGateway(ns, route, diagnostics);
            }
        }
        for (const port of ns.interfaces) {
            if (port.hairpin && !port.master) {
                diagnostics.push({ code: 'hairpin-not-port', severity: 'warning', source: port.source,
                    message: `hairpin applies to a bridge port; ${port.name} has no master, so it has no effect` });
            }
            if (port.vxlan) {
                checkVxlan(ns, port, diagnostics);
            }
            const lower = port.macvlan?.parent ?? port.vlan?.parent;
            if (lower) {
                const parentNs = namespaces.get(lower.netns);
                if (parentNs && machineOf(parentNs) !== machineOf(ns)) {
                    diagnostics.push({ code: 'parent-other-machine', severity: 'error', source: port.source,
                        message: `${port.kind} ${port.name} is on machine '${machineOf(ns)}' but its parent ${lower.netns}.${lower.name} is on '${machineOf(parentNs)}'; a stacked device lives on its parent's machine` });
                }
            }
        }
    }
    checkPassthru(model, diagnostics);
    checkVxlanPorts(model, diagnostics);
    return diagnostics;
}

function machineOf(ns: Namespace): string {
    return ns.host ?? ns.name;
}

/** Two interfaces of one broadcast domain with the same address: ARP answers from both, traffic goes to whichever answers last. */
function checkDuplicateAddresses(model: Model, diagnostics: Diagnostic[]): void {
    const segments = l2Segments(model);
    const owners = new Map<string, Interface>();
    for (const ns of model.namespaces) {
        for (const iface of ns.interfaces) {
            if (iface.kind === 'loopback') {
                continue;
            }
            for (const address of iface.addresses) {
                const key = `${segments.get(iface)}/${address.address}`;
                const first = owners.get(key);
                if (first && first !== iface) {
                    diagnostics.push({ code: 'address-duplicate', severity: 'error', source: address.source,
                        message: `${formatIPv4(address.address)} is also on ${first.netns}.${first.name}, in the same L2 segment: both would answer ARP for it`,
                        related: [{ message: 'the other interface with this address', source: first.source }] });
                } else {
                    owners.set(key, iface);
                }
            }
        }
    }
}

/**
 * What `ip route add` refuses of a static route: a device that is down ("Device for nexthop is not up"), a gateway
 * that is not a unicast address of a subnet (its broadcast address), and a gateway that is not on-link: covered by a
 * connected or device route of an interface that is up.
 */
function checkGateway(ns: Namespace, route: Route, diagnostics: Diagnostic[]): void {
    const dev = route.dev === undefined ? undefined : ns.interfaces.find(i => i.name === route.dev);
    if (dev && !dev.up) {
        diagnostics.push({ code: 'route-dev-down', severity: 'error', source: route.source,
            message: `${dev.name} is down: the kernel refuses a route through it ("Device for nexthop is not up"). Bring ${dev.name} up or route through another interface.` });
        return;
    }
    if (route.via === undefined) {
        return;
    }
    const via = route.via;
    const broadcastOwner = ns.interfaces.find(i => i.addresses.some(a => a.prefix < 31 && broadcastOf(a) === via));
    if (broadcastOwner) {
        diagnostics.push({ code: 'route-gateway-broadcast', severity: 'error', source: route.source,
            message: `Nexthop has invalid gateway: ${formatIPv4(via)} is the broadcast address of a subnet of ${broadcastOwner.name}, not a router's address` });
        return;
    }
    if (route.onlink) {
        return;
    }
    const linkRoutes = ns.routes.filter(r => r !== route && r.via === undefined && (route.dev === undefined || r.dev === route.dev)
        && cidrContains({ address: r.destination, prefix: r.prefix }, via));
    const usable = linkRoutes.filter(r => ns.interfaces.find(i => i.name === r.dev)?.up !== false);
    if (usable.length > 0) {
        return;
    }
    const downOwner = ns.interfaces.find(i => !i.up && i.addresses.some(a => a.prefix < 32 && cidrContains(a, via))
        && (route.dev === undefined || i.name === route.dev));
    if (downOwner) {
        diagnostics.push({ code: 'route-gateway-down', severity: 'error', source: route.source,
            message: `gateway ${formatIPv4(via)} is reachable only through ${downOwner.name}, which is down: the kernel refuses the route ("Nexthop has invalid gateway")` });
        return;
    }
    const subnets = ns.interfaces.filter(i => i.kind !== 'loopback').flatMap(i => i.addresses.map(a => `${formatCidr(a)} on ${i.name}`));
    diagnostics.push({ code: 'route-gateway-offlink', severity: 'error', source: route.source,
        message: `Nexthop has invalid gateway: ${formatIPv4(via)} is not on any subnet of '${ns.name}'` +
            (route.dev ? ` reachable through ${route.dev}` : '') +
            ` (${subnets.length ? `its subnets: ${subnets.join(', ')}` : 'it has no addresses'}); a gateway must be directly reachable, so give an interface an address in the gateway's subnet, route the gateway's subnet with 'dev IF', or write 'onlink'` });
}

function checkVxlan(ns: Namespace, vx: Interface, diagnostics: Diagnostic[]): void {
    const config = vx.vxlan!;
    const underlay = config.dev ? ns.interfaces.find(i => i.name === config.dev) : underlayTowards(ns, config.remote ?? config.group);
    if (underlay && vx.mtu > underlay.mtu - 50) {
        diagnostics.push({ code: 'vxlan-mtu', severity: 'warning', source: vx.source,
            message: `vxlan ${vx.name} has MTU ${vx.mtu}, but its underlay ${underlay.name} has MTU ${underlay.mtu}: VXLAN adds 50 bytes (outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8), so full-size inner packets will not fit; use at most ${underlay.mtu - 50}` });
    }
}

function underlayTowards(ns: Namespace, address: number | undefined): Interface | undefined {
    if (address === undefined) {
        return undefined;
    }
    const route = ns.routes.filter(r => cidrContains({ address: r.destination, prefix: r.prefix }, address))
        .sort((a, b) => b.prefix - a.prefix || a.metric - b.metric)[0];
    return route?.dev ? ns.interfaces.find(i => i.name === route.dev) : undefined;
}

/** The 8472-vs-4789 trap: two ends of one VNI that listen on different UDP ports never hear each other. */
function checkVxlanPorts(model: Model, diagnostics: Diagnostic[]): void {
    const byVni = new Map<number, Interface>();
    for (const ns of model.namespaces) {
        for (const vx of ns.interfaces) {
            if (!vx.vxlan) {
                continue;
            }
            const first = byVni.get(vx.vxlan.vni);
            if (!first) {
                byVni.set(vx.vxlan.vni, vx);
            } else if (first.vxlan!.dstport !== vx.vxlan.dstport) {
                const port = (i: Interface) => `${i.vxlan!.dstport}${i.vxlan!.dstportWritten ? '' : ' (the Linux default when dstport is omitted)'}`;
                diagnostics.push({ code: 'vxlan-dstport-mismatch', severity: 'warning', source: vx.source,
                    message: `VNI ${vx.vxlan.vni}: ${vx.netns}.${vx.name} uses UDP port ${port(vx)} but ${first.netns}.${first.name} uses ${port(first)}; the ends never hear each other. Write the same 'dstport' on both (4789 is the IANA port Docker and Flannel use)`,
                    related: [{ message: 'the other end', source: first.source }] });
            }
        }
    }
}

/** passthru takes over the parent: one child only, and no other modes beside it. */
function checkPassthru(model: Model, diagnostics: Diagnostic[]): void {
    const children = new Map<string, Interface[]>();
    for (const ns of model.namespaces) {
        for (const child of ns.interfaces) {
            if (child.macvlan) {
                const key = `${child.macvlan.parent.netns}.${child.macvlan.parent.name}`;
                children.set(key, [...(children.get(key) ?? []), child]);
            }
        }
    }
    for (const [parent, list] of children) {
        const passthru = list.filter(c => c.macvlan!.mode === 'passthru');
        if (passthru.length > 0 && list.length > 1) {
            diagnostics.push({ code: 'macvlan-passthru-conflict', severity: 'error', source: passthru[passthru.length > 1 ? 1 : 0].source,
                message: `parent ${parent} has a passthru macvlan and ${list.length - 1} other macvlan child(ren); passthru takes over the parent and must be its only child (the kernel answers EINVAL)` });
        }
    }
}
