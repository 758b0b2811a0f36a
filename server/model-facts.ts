import type { Interface, IPv4, Namespace, Route, TableName } from '../model/model-api.js';
import { cidrContains, formatCidr, formatIPv4, networkOf } from '../model/model-api.js';
import type { DocLocale } from '../language/docs/docs-lookup.js';
import { templatesFor } from '../language/docs/docs-templates.js';
import type { ModelIndex } from './model-index.js';
import { callersOf } from './model-index.js';

/** The resolved facts of namespaces, interfaces, addresses and chains, as Markdown for hovers. */

function line(label: string, value: string, colon: string): string {
    return `- ${label}${colon}${value}`;
}

function formatRoute(route: Route): string {
    const destination = route.prefix === 0 ? 'default' : formatCidr({ address: route.destination, prefix: route.prefix });
    const via = route.via === undefined ? '' : ` via ${formatIPv4(route.via)}`;
    const dev = route.dev === undefined ? '' : ` dev ${route.dev}`;
    const metric = route.metric === 0 ? '' : ` metric ${route.metric}`;
    return `${destination}${via}${dev}${metric}`;
}

function addresses(iface: Interface): string {
    return iface.addresses.map(a => formatCidr(a)).join(', ');
}

export function interfaceFacts(iface: Interface, index: ModelIndex, locale: DocLocale): string {
    const { facts: f, colon } = templatesFor(locale);
    const lines = [`**${iface.netns}.${iface.name}**`, '', line(f.kind, `\`${iface.kind}\``, colon), line(f.namespace, `\`${iface.netns}\``, colon)];
    lines.push(line(f.addresses, iface.addresses.length > 0 ? addresses(iface) : f.none, colon));
    lines.push(line(f.mac, iface.macWritten ? iface.mac : `${iface.mac} ${f.macDerived}`, colon));
    lines.push(line(f.mtu, String(iface.mtu), colon));
    if (!iface.up) lines.push(`- ${f.down}`);
    if (iface.peer) lines.push(line(f.peer, `\`${iface.peer.netns}.${iface.peer.name}\``, colon));
    if (iface.master) lines.push(line(f.master, `\`${iface.master}\``, colon));
    const parent = iface.macvlan?.parent ?? iface.vlan?.parent;
    if (parent) lines.push(line(f.parent, `\`${parent.netns}.${parent.name}\``, colon));
    if (iface.macvlan) lines.push(line(f.mode, `\`${iface.macvlan.mode}\``, colon));
    if (iface.vlan) lines.push(line('VLAN ID', String(iface.vlan.id), colon));
    if (iface.vxlan) {
        lines.push(line(f.vni, String(iface.vxlan.vni), colon), line(f.dstport, String(iface.vxlan.dstport), colon));
        if (iface.vxlan.remote !== undefined) lines.push(line(f.remote, formatIPv4(iface.vxlan.remote), colon));
    }
    const routes = index.routesVia.get(`${iface.netns}/${iface.name}`) ?? [];
    lines.push(line(f.routes, routes.length > 0 ? routes.map(r => `\`${formatRoute(r)}\``).join(', ') : f.none, colon));
    return lines.join('\n');
}

export function namespaceFacts(ns: Namespace, locale: DocLocale): string {
    const { facts: f, colon } = templatesFor(locale);
    const lines = [`**${ns.name}**`, '', line(f.kind, `\`${ns.kind}\``, colon)];
    if (ns.host !== undefined) lines.push(line(f.host, `\`${ns.host}\``, colon));
    const interfaces = ns.interfaces.map(i => (i.addresses.length > 0 ? `\`${i.name}\` (${addresses(i)})` : `\`${i.name}\``));
    lines.push(line(f.interfaces, interfaces.join(', '), colon));
    lines.push(line(f.routes, ns.routes.map(r => `\`${formatRoute(r)}\``).join(', ') || f.none, colon));
    lines.push(line(f.ipForward, ns.sysctls.ipForward ? '1' : '0', colon));
    return lines.join('\n');
}

/** Which interface owns an address, else which interface's subnet holds it. */
export function addressFacts(address: IPv4, index: ModelIndex, locale: DocLocale): string {
    const f = templatesFor(locale).facts;
    const shown = formatIPv4(address);
    const owners = index.addressOwners.get(address) ?? [];
    if (owners.length > 0) {
        return owners.map(owner => {
            const own = owner.addresses.find(a => a.address === address)!;
            return f.addressOwner(shown, `${owner.netns}.${owner.name}`, formatCidr({ address: networkOf(own), prefix: own.prefix }));
        }).join('\n\n');
    }
    const holders: string[] = [];
    for (const iface of index.interfaces.values()) {
        for (const own of iface.addresses) {
            if (own.prefix > 0 && own.prefix < 32 && iface.kind !== 'loopback' && cidrContains(own, address)) {
                holders.push(f.addressInSubnet(shown, formatCidr({ address: networkOf(own), prefix: own.prefix }), `${iface.netns}.${iface.name}`));
            }
        }
    }
    return holders.length > 0 ? holders.join('\n\n') : f.addressUnknown(shown);
}

/** A user chain: its rule count and the chains that jump to it. */
export function chainFacts(index: ModelIndex, ns: string, table: TableName, chain: string, locale: DocLocale): string | undefined {
    const declared = index.namespaces.get(ns)?.ruleset.tables.get(table)?.chains.get(chain);
    if (!declared) {
        return undefined;
    }
    const f = templatesFor(locale).facts;
    const callers = callersOf(index, ns, table, chain);
    const callerText = callers.length > 0 ? f.chainJumpers(callers.map(c => `\`${c}\``)) : f.chainUnused;
    return `**${table} ${chain}** · ${f.chainRules(declared.rules.length)} · ${callerText}`;
}
