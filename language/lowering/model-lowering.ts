import type { Reference } from 'langium';
import type {
    Diagnostic, IfRef, Interface, InterfaceAddress, InterfaceKind, Link, Listen, MacvlanMode, Model, Namespace, Probe, Route,
    Ruleset, SourceRef, VxlanConfig
} from '../../model/model-api.js';
import { formatIPv4, MACVLAN_MODES, networkOf, OUTCOMES, parseIPv4 } from '../../model/model-api.js';
import type * as ast from '../generated/ast.js';
import {
    isAddressAttr, isDevAttr, isDownAttr, isDstportAttr, isGroupAttr, isHairpinAttr, isIdAttr, isIptablesBlock, isIptablesFrom,
    isListenStmt, isLocalAttr, isMacAttr, isMasterAttr, isModeAttr, isMtuAttr, isParentAttr, isRemoteAttr, isRouteStmt, isStpAttr,
    isWire, isProbe
} from '../generated/ast.js';
import { MAX_INTERFACE_NAME } from '../iptables/iptables-registry.js';
import { emptyRuleset, parseIptablesSave } from '../iptables/iptables-save-parser.js';
import { interfacesOf, namespacesOf } from '../netz-scope-provider.js';
import { derivedMac, parseWrittenAddress } from './address-lowering.js';
import type { LoadedRulesFile } from './rules-files.js';
import { copyRuleset } from './rules-files.js';
import { DiagnosticSink, refOf } from './source-refs.js';
import { lowerSysctls } from './sysctl-lowering.js';

export interface LoweringOptions {
    /** The `.netz` file's path, used in every SourceRef. */
    path: string;
    /**
     * Reads and parses a file named by `iptables from` (the path as written, relative to the `.netz` file's folder);
     * undefined when it cannot be read. The language server answers from a cache while the file is unchanged.
     */
    loadRulesFile: (relativePath: string) => LoadedRulesFile | undefined;
    backend: 'nft' | 'legacy';
}

export interface Lowered {
    model: Model;
    diagnostics: Diagnostic[];
}

/** Attributes whose value a syntax error may leave out of the partial AST. */
const VALUE_ATTRS = new Set(['AddressAttr', 'MacAttr', 'MtuAttr', 'StpAttr', 'IdAttr', 'RemoteAttr', 'GroupAttr', 'LocalAttr', 'DstportAttr', 'ModeAttr']);

/** Builds the plain model from a parsed (and linked) file. Never throws: what cannot be lowered is reported and skipped. */
export function lowerNetzFile(file: ast.NetzFile, options: LoweringOptions): Lowered {
    const sink = new DiagnosticSink(options.path);
    const astNamespaces = namespacesOf(file);
    const seen = new Map<string, ast.Namespace>();
    const namespaces: Namespace[] = [];
    for (const node of astNamespaces) {
        const first = seen.get(node.name);
        if (first) {
            sink.report('error', 'name-duplicate', `namespace '${node.name}' is declared twice; namespace names are unique in the file`,
                sink.at(node, 'name'), [{ message: 'first declared here', source: sink.at(first, 'name') }]);
            continue;
        }
        seen.set(node.name, node);
        namespaces.push(lowerNamespace(node, sink, options));
    }
    const byName = new Map(namespaces.map(ns => [ns.name, ns]));
    for (const ns of namespaces) {
        if (ns.kind === 'netns' && ns.host) {
            lowerSysctls(seen.get(ns.name)!, ns, byName.get(ns.host), sink);
        }
    }
    const links = [...vethLinks(namespaces, sink), ...wireLinks(file, sink)];
    const probes = file.statements.filter(isProbe).map(probe => lowerProbe(probe, byName, sink)).filter(p => p !== undefined);
    return { model: { namespaces, links, probes }, diagnostics: sink.diagnostics };
}

/** A namespace as the kernel creates it: only `lo`, no routes, default sysctls, an empty ruleset. */
export function emptyNamespace(name: string, kind: Namespace['kind'], source: SourceRef): Namespace {
    return {
        name,
        kind,
        interfaces: [loopback(name, source)],
        routes: [],
        sysctls: { ipForward: false, bridgeNfCallIptables: false, rpFilterAll: 0, rpFilter: new Map(), proxyArp: new Map(), routeLocalnet: new Map(), acceptLocal: new Map(), entries: new Map() },
        listens: [],
        ruleset: emptyRuleset(),
        source
    };
}

function lowerNamespace(node: ast.Namespace, sink: DiagnosticSink, options: LoweringOptions): Namespace {
    const host = node.$type === 'Netns' && node.$container.$type === 'Host' ? node.$container.name : undefined;
    const source = sink.at(node, 'name');
    const ns = emptyNamespace(node.name, node.$type === 'Host' ? 'host' : 'netns', source);
    ns.host = host;
    if (node.name.includes('.')) {
        sink.report('error', 'name-invalid', `namespace name '${node.name}' contains '.', which separates namespace and interface in NS.IF references`, source);
    }
    const sharedRulesets = new WeakSet<Ruleset>();
    const names = new Map<string, ast.Interface>();
    for (const iface of interfacesOf(node)) {
        const first = names.get(iface.name);
        if (first || iface.name === 'lo') {
            sink.report('error', 'name-duplicate', `interface '${iface.name}' is declared twice in namespace '${node.name}'` +
                (iface.name === 'lo' ? ' (every namespace has lo implicitly)' : ''),
            sink.at(iface, 'name'), first ? [{ message: 'first declared here', source: sink.at(first, 'name') }] : undefined);
            continue;
        }
        names.set(iface.name, iface);
        ns.interfaces.push(lowerInterface(iface, node.name, sink));
    }
    if (node.$type === 'Host' || !host) {
        lowerSysctls(node, ns, undefined, sink);
    }
    for (const statement of node.statements) {
        if (isRouteStmt(statement)) {
            if (!statement.isDefault && statement.destination === undefined) {
                continue;
            }
            const route = lowerRoute(statement, ns, sink);
            if (route) {
                ns.routes.push(route);
            }
        } else if (isListenStmt(statement) && statement.port !== undefined) {
            ns.listens.push(lowerListen(statement, sink));
        } else if (isIptablesBlock(statement)) {
            lowerIptablesBlock(statement, writable(ns, sharedRulesets), sink, options);
        } else if (isIptablesFrom(statement) && statement.path !== undefined) {
            lowerIptablesFrom(statement, ns, sharedRulesets, sink, options);
        }
    }
    ns.routes.unshift(...connectedRoutes(ns));
    return ns;
}

function loopback(netns: string, source: SourceRef): Interface {
    return {
        name: 'lo', netns, kind: 'loopback', addresses: [{ address: 0x7f000001, prefix: 8, source }],
        mac: '00:00:00:00:00:00', macWritten: false, mtu: 65536, up: true, hairpin: false, source
    };
}

function lowerInterface(node: ast.Interface, netns: string, sink: DiagnosticSink): Interface {
    const iface: Interface = {
        name: node.name, netns, kind: node.kind as InterfaceKind, addresses: [], mac: derivedMac(netns, node.name), macWritten: false,
        mtu: 1500, up: true, hairpin: false, source: sink.at(node, 'name')
    };
    if (node.name.length > MAX_INTERFACE_NAME) {
        sink.report('error', 'ifname-too-long', `interface name '${node.name}' has ${node.name.length} characters; Linux allows at most ${MAX_INTERFACE_NAME} (IFNAMSIZ 16 with its terminating NUL)`, iface.source);
    }
    if (node.$type === 'Veth' && node.peer?.ref) {
        iface.peer = ifRefOf(node.peer);
    }
    if (node.$type === 'Bridge') {
        iface.stp = false;
    }
    const seenAttrs = new Map<string, ast.CommonAttr | ast.VxlanAttr | ast.StpAttr | ast.ParentAttr | ast.ModeAttr>();
    let mtuWritten = false;
    const vxlan: Partial<VxlanConfig> & { devRef?: Reference<ast.Interface> } = {};
    for (const attr of node.attrs) {
        if (VALUE_ATTRS.has(attr.$type) && (attr as { value?: unknown }).value === undefined) {
            continue; // a syntax error left it incomplete; the parser reported it
        }
        if (!isAddressAttr(attr)) {
            const first = seenAttrs.get(attr.$type);
            if (first) {
                sink.report('warning', 'attr-duplicate', `'${keywordOf(attr.$type)}' is written twice for ${node.name}; the last one counts`,
                    sink.at(attr), [{ message: 'first written here', source: sink.at(first) }]);
            }
            seenAttrs.set(attr.$type, attr);
        }
        if (isAddressAttr(attr)) {
            const parsed = parseWrittenAddress(attr.value);
            if ('problem' in parsed) {
                sink.report('error', 'address-invalid', `invalid address: ${parsed.problem}`, sink.at(attr, 'value'));
            } else {
                iface.addresses.push({ address: parsed.cidr.address, prefix: parsed.cidr.prefix, source: sink.at(attr, 'value') });
            }
        } else if (isMacAttr(attr)) {
            iface.mac = attr.value.toLowerCase();
            iface.macWritten = true;
            if ((parseInt(iface.mac.slice(0, 2), 16) & 1) === 1) {
                sink.report('error', 'mac-multicast', `MAC ${attr.value} has the multicast bit set (first octet is odd); an interface needs a unicast MAC`, sink.at(attr, 'value'));
            }
        } else if (isMtuAttr(attr)) {
            mtuWritten = true;
            iface.mtu = Number(attr.value);
            if (iface.mtu < 68 || iface.mtu > 65535) {
                sink.report('error', 'mtu-range', `MTU ${attr.value} is out of range; IPv4 interfaces take 68..65535`, sink.at(attr, 'value'));
            }
        } else if (isHairpinAttr(attr)) {
            iface.hairpin = true;
        } else if (isMasterAttr(attr)) {
            const bridge = attr.bridge?.ref;
            if (bridge && bridge.$container !== node.$container) {
                sink.report('error', 'master-other-namespace', `master '${attr.bridge.$refText}' is in another namespace; a bridge port must be in the bridge's namespace`, sink.at(attr, 'bridge'));
            } else if (bridge && bridge.kind !== 'bridge') {
                sink.report('error', 'master-not-bridge', `master '${attr.bridge.$refText}' is a ${bridge.kind}, not a bridge`, sink.at(attr, 'bridge'));
            } else if (bridge === node) {
                sink.report('error', 'master-not-bridge', `a bridge cannot be a port of itself`, sink.at(attr, 'bridge'));
            } else if (bridge && node.kind === 'tun') {
                sink.report('error', 'tun-bridge-port', `tun ${node.name} carries IP packets without an Ethernet header and cannot be a bridge port; use a tap`, sink.at(attr, 'bridge'));
            } else if (bridge) {
                iface.master = bridge.name;
            }
        } else if (isDownAttr(attr)) {
            iface.up = false;
        } else if (isStpAttr(attr)) {
            iface.stp = attr.value === 'on';
        } else if (isIdAttr(attr)) {
            vxlan.vni = Number(attr.value);
        } else if (isRemoteAttr(attr)) {
            vxlan.remote = addressValue(attr, sink);
        } else if (isGroupAttr(attr)) {
            vxlan.group = addressValue(attr, sink);
        } else if (isLocalAttr(attr)) {
            vxlan.local = addressValue(attr, sink);
        } else if (isDevAttr(attr)) {
            vxlan.devRef = attr.device;
        } else if (isDstportAttr(attr)) {
            vxlan.dstport = Number(attr.value);
        }
    }
    if (node.$type === 'Vxlan') {
        iface.vxlan = lowerVxlan(node, vxlan, sink);
        if (!mtuWritten) {
            iface.mtu = 1450;
        }
    } else if (node.$type === 'Macvlan') {
        lowerMacvlan(node, iface, sink);
    } else if (node.$type === 'Vlan') {
        lowerVlan(node, iface, sink);
    }
    return iface;
}

function keywordOf(type: string): string {
    return type.replace(/Attr$/, '').toLowerCase();
}

function addressValue(attr: ast.RemoteAttr | ast.GroupAttr | ast.LocalAttr, sink: DiagnosticSink): number | undefined {
    const address = parseIPv4(attr.value);
    if (address === undefined) {
        const parsed = parseWrittenAddress(attr.value);
        sink.report('error', 'address-invalid', `invalid address: ${'problem' in parsed ? parsed.problem : attr.value}`, sink.at(attr, 'value'));
    }
    return address;
}

function lowerVxlan(node: ast.Vxlan, written: Partial<VxlanConfig> & { devRef?: Reference<ast.Interface> }, sink: DiagnosticSink): VxlanConfig {
    const vni = written.vni ?? 0;
    if (written.vni === undefined) {
        sink.report('error', 'vxlan-missing-id', `vxlan ${node.name} needs 'id N' (its VNI)`, sink.at(node, 'name'));
    } else if (vni > 16777215) {
        const attr = node.attrs.find(isIdAttr)!;
        sink.report('error', 'vxlan-vni-range', `VNI ${vni} is out of range; a VXLAN network identifier is 24 bits: 0..16777215`, sink.at(attr, 'value'));
    }
    if (written.remote === undefined && written.group === undefined && !node.attrs.some(a => isRemoteAttr(a) || isGroupAttr(a))) {
        sink.report('error', 'vxlan-no-remote', `vxlan ${node.name} has neither 'remote IP' nor 'group IP': it has nowhere to send encapsulated frames`, sink.at(node, 'name'));
    }
    const dstportWritten = written.dstport !== undefined;
    const dstport = written.dstport ?? 8472;
    if (dstport < 1 || dstport > 65535) {
        sink.report('error', 'port-range', `dstport ${dstport} is out of range 1..65535`, sink.at(node.attrs.find(isDstportAttr)!, 'value'));
    }
    const config: VxlanConfig = { vni, dstport, dstportWritten };
    if (written.remote !== undefined) config.remote = written.remote;
    if (written.group !== undefined) config.group = written.group;
    if (written.local !== undefined) config.local = written.local;
    if (written.devRef) {
        const target = written.devRef.ref;
        if (target && target.$container !== node.$container) {
            sink.report('error', 'ref-other-namespace', `vxlan dev '${written.devRef.$refText}' must be an interface of the same namespace`, sink.at(node.attrs.find(isDevAttr)!));
        } else if (target) {
            config.dev = target.name;
        }
    }
    return config;
}

function lowerMacvlan(node: ast.Macvlan, iface: Interface, sink: DiagnosticSink): void {
    const parentAttr = node.attrs.find(isParentAttr);
    const modeAttr = node.attrs.find(isModeAttr);
    if (!parentAttr) {
        sink.report('error', 'parent-missing', `macvlan ${node.name} needs 'parent IF' (the interface it is stacked on)`, iface.source);
    }
    let mode: MacvlanMode = 'vepa';
    if (!modeAttr) {
        sink.report('info', 'macvlan-default-mode', `no mode given: the kernel uses 'vepa' (Docker's macvlan driver defaults to 'bridge'); write 'mode vepa' to make it explicit`, iface.source);
    } else if (modeAttr.value !== undefined) {
        // Without a value (`mode` cut short while typing) the syntax error says so, and the kernel's default stands.
        if (MACVLAN_MODES.includes(modeAttr.value as MacvlanMode)) {
            mode = modeAttr.value as MacvlanMode;
        } else {
            sink.report('error', 'macvlan-mode', `unknown macvlan mode '${modeAttr.value}'; use one of ${MACVLAN_MODES.join(', ')}`, sink.at(modeAttr, 'value'));
        }
    }
    if (parentAttr?.parent?.ref) {
        iface.macvlan = { parent: ifRefOf(parentAttr.parent), mode };
    }
}

function lowerVlan(node: ast.Vlan, iface: Interface, sink: DiagnosticSink): void {
    const parentAttr = node.attrs.find(isParentAttr);
    const idAttr = node.attrs.find(isIdAttr);
    if (!parentAttr) {
        sink.report('error', 'parent-missing', `vlan ${node.name} needs 'parent IF' (the interface that carries the tagged frames)`, iface.source);
    }
    if (!idAttr) {
        sink.report('error', 'vlan-missing-id', `vlan ${node.name} needs 'id N' (the 802.1Q VLAN ID, 1..4094)`, iface.source);
    } else if (Number(idAttr.value) < 1 || Number(idAttr.value) > 4094) {
        sink.report('error', 'vlan-id-range', `VLAN ID ${idAttr.value} is out of range; 802.1Q IDs are 1..4094 (0 and 4095 are reserved)`, sink.at(idAttr, 'value'));
    }
    if (parentAttr?.parent?.ref && idAttr) {
        iface.vlan = { parent: ifRefOf(parentAttr.parent), id: Number(idAttr.value) };
    }
}

function ifRefOf(reference: Reference<ast.Interface>): IfRef {
    const target = reference.ref!;
    return { netns: target.$container.name, name: target.name };
}

function lowerRoute(node: ast.RouteStmt, ns: Namespace, sink: DiagnosticSink): Route | undefined {
    let destination = 0;
    let prefix = 0;
    if (!node.isDefault) {
        const parsed = parseWrittenAddress(node.destination!);
        if ('problem' in parsed) {
            sink.report('error', 'address-invalid', `invalid route destination: ${parsed.problem}`, sink.at(node, 'destination'));
            return undefined;
        }
        destination = networkOf(parsed.cidr);
        prefix = parsed.cidr.prefix;
        if (destination !== parsed.cidr.address) {
            sink.report('error', 'route-host-bits', `route destination ${node.destination} has host bits set; ip route refuses it ("Invalid prefix for given prefix length"): write ${formatIPv4(destination)}/${prefix}`, sink.at(node, 'destination'));
        }
    }
    const route: Route = { destination, prefix, metric: node.metric === undefined ? 0 : Number(node.metric), origin: 'static', source: sink.at(node) };
    if (node.via !== undefined) {
        const via = parseIPv4(node.via);
        if (via === undefined) {
            const parsed = parseWrittenAddress(node.via);
            sink.report('error', 'address-invalid', `invalid gateway: ${'problem' in parsed ? parsed.problem : node.via}`, sink.at(node, 'via'));
            return undefined;
        }
        route.via = via;
    }
    if (node.device) {
        const target = node.device.ref;
        if (target && target.$container.name !== ns.name) {
            sink.report('error', 'ref-other-namespace', `route dev '${node.device.$refText}' is not an interface of namespace '${ns.name}'`, sink.at(node, 'device'));
            return undefined;
        }
        if (target) {
            route.dev = target.name;
        }
    }
    if (node.via === undefined && !node.device) {
        sink.report('error', 'route-no-nexthop', `a route needs 'via GATEWAY' or 'dev IF' (or both)`, route.source);
        return undefined;
    }
    if (node.onlink) {
        route.onlink = true;
    }
    return route;
}

/** The routes the kernel adds itself for each address of an interface that is up (none for /32, none when down). */
function connectedRoutes(ns: Namespace): Route[] {
    const routes: Route[] = [];
    for (const iface of ns.interfaces) {
        if (!iface.up || iface.kind === 'loopback') {
            continue;
        }
        for (const address of iface.addresses) {
            if (address.prefix < 32) {
                routes.push(connectedRoute(iface, address));
            }
        }
    }
    return routes;
}

function connectedRoute(iface: Interface, address: InterfaceAddress): Route {
    return {
        destination: networkOf(address), prefix: address.prefix, dev: iface.name, metric: 0, origin: 'connected',
        preferredSource: address.address, source: address.source
    };
}

function lowerListen(node: ast.ListenStmt, sink: DiagnosticSink): Listen {
    const port = Number(node.port);
    if (port < 1 || port > 65535) {
        sink.report('error', 'port-range', `port ${node.port} is out of range 1..65535`, sink.at(node, 'port'));
    }
    return { protocol: node.protocol as 'tcp' | 'udp', port, source: sink.at(node) };
}

function lowerIptablesBlock(node: ast.IptablesBlock, ruleset: Ruleset, sink: DiagnosticSink, options: LoweringOptions): void {
    const cst = node.$cstNode!;
    const open = node.body.indexOf('{');
    const before = node.body.slice(0, open + 1);
    const start = cst.range.start;
    const newlines = before.split('\n').length - 1;
    const line = start.line + 1 + newlines;
    const column = newlines === 0 ? start.character + before.length + 1 : before.length - before.lastIndexOf('\n');
    const body = node.body.slice(open + 1, -1);
    sink.diagnostics.push(...parseIptablesSave(body, ruleset, { file: options.path, line, column, backend: options.backend }));
}

/**
 * A namespace whose ruleset is just one rules file takes the file's own parsed ruleset, shared with every other
 * compilation while the file is unchanged (a kube-proxy dump is parsed once, not on every keystroke); otherwise
 * the file's text appends to what the namespace already has, as several blocks do.
 */
function lowerIptablesFrom(node: ast.IptablesFrom, ns: Namespace, shared: WeakSet<Ruleset>, sink: DiagnosticSink, options: LoweringOptions): void {
    const relative = node.path;
    const loaded = options.loadRulesFile(relative);
    if (!loaded) {
        sink.report('error', 'rules-file-missing', `cannot read rules file '${relative}' (paths are relative to this .netz file)`, sink.at(node, 'path'));
        return;
    }
    if (ns.ruleset.tables.size === 0) {
        ns.ruleset = loaded.ruleset;
        shared.add(loaded.ruleset);
        sink.diagnostics.push(...loaded.diagnostics);
        return;
    }
    sink.diagnostics.push(...parseIptablesSave(loaded.text, writable(ns, shared), { file: loaded.path, backend: options.backend, wholeFile: true }));
}

/** The namespace's ruleset, copied first when it is a shared parse of a rules file. */
function writable(ns: Namespace, shared: WeakSet<Ruleset>): Ruleset {
    if (shared.has(ns.ruleset)) {
        ns.ruleset = copyRuleset(ns.ruleset);
    }
    return ns.ruleset;
}

/** One link per veth pair, from either end's `peer`; every inconsistency is reported on the end that causes it. */
function vethLinks(namespaces: Namespace[], sink: DiagnosticSink): Link[] {
    const lookup = new Map<string, Interface>();
    for (const ns of namespaces) {
        for (const iface of ns.interfaces) {
            lookup.set(`${ns.name}.${iface.name}`, iface);
        }
    }
    const key = (ref: IfRef) => `${ref.netns}.${ref.name}`;
    const veths = namespaces.flatMap(ns => ns.interfaces.filter(iface => iface.kind === 'veth'));
    /** Ends already reported on, so that one mistake gives one diagnostic. */
    const broken = new Set<Interface>();
    const claims = new Map<string, Interface[]>();
    for (const iface of veths) {
        if (!iface.peer) {
            continue;
        }
        const peer = lookup.get(key(iface.peer));
        if (peer && peer.kind !== 'veth') {
            sink.report('error', 'veth-peer-not-veth', `the peer of veth ${iface.name} must be a veth; ${key(iface.peer)} is a ${peer.kind}`, iface.source);
            broken.add(iface);
        } else if (peer === iface) {
            sink.report('error', 'veth-peer-self', `veth ${iface.name} cannot be its own peer`, iface.source);
            broken.add(iface);
        } else {
            claims.set(key(iface.peer), [...(claims.get(key(iface.peer)) ?? []), iface]);
        }
    }
    const links: Link[] = [];
    for (const iface of veths) {
        if (broken.has(iface)) {
            continue;
        }
        const self = key(iface);
        const claimedBy = claims.get(self) ?? [];
        if (claimedBy.length > 1) {
            sink.report('error', 'veth-peer-conflict', `veth ${self} is named as peer by ${claimedBy.length} interfaces (${claimedBy.map(key).join(', ')}); a veth pair has exactly two ends`,
                iface.source, claimedBy.map(i => ({ message: `${key(i)} names it as peer`, source: i.source })));
        } else if (iface.peer && claimedBy.length === 1 && key(iface.peer) !== key(claimedBy[0])) {
            sink.report('error', 'veth-peer-not-mutual', `veth ${self} names ${key(iface.peer)} as its peer, but ${key(claimedBy[0])} names ${self} as its peer`,
                iface.source, [{ message: 'the other claim', source: claimedBy[0].source }]);
        } else if (!iface.peer && claimedBy.length === 0) {
            sink.report('error', 'veth-no-peer', `veth ${self} has no peer: name the other end with 'peer NS.IF' on one side of the pair`, iface.source);
        } else if (iface.peer) {
            // One link per pair, from the end that names the other (the first in file order when both do).
            const mutual = claimedBy.length === 1;
            if (!mutual || iface.source.line < claimedBy[0].source.line || (iface.source.line === claimedBy[0].source.line && iface.source.column < claimedBy[0].source.column)) {
                links.push({ kind: 'veth', a: { netns: iface.netns, name: iface.name }, b: iface.peer, source: iface.source });
            }
        } else {
            iface.peer = { netns: claimedBy[0].netns, name: claimedBy[0].name };
        }
    }
    return links;
}

function wireLinks(file: ast.NetzFile, sink: DiagnosticSink): Link[] {
    const links: Link[] = [];
    const used = new Map<ast.Interface, ast.Wire>();
    for (const wire of file.statements.filter(isWire)) {
        const ends = [wire.a, wire.b];
        let ok = true;
        for (const [index, end] of ends.entries()) {
            const target = end?.ref;
            if (!target) {
                ok = false;
                continue;
            }
            const property = index === 0 ? 'a' : 'b';
            if (target.kind !== 'nic' && target.kind !== 'tap') {
                sink.report('error', 'wire-end-kind', `a wire connects nic or tap interfaces; ${end.$refText} is a ${target.kind}` +
                    (target.kind === 'veth' ? ' (a veth already has its peer as the other end)' : ''), sink.at(wire, property));
                ok = false;
            }
            const previous = used.get(target);
            if (previous) {
                sink.report('error', 'wire-twice', `${end.$refText} is already wired; an interface takes one cable (use a bridge to join more)`,
                    sink.at(wire, property), [{ message: 'first wire', source: sink.at(previous) }]);
                ok = false;
            }
        }
        if (ok && wire.a.ref === wire.b.ref) {
            sink.report('error', 'wire-self', `a wire needs two different interfaces`, sink.at(wire));
            ok = false;
        }
        if (ok) {
            used.set(wire.a.ref!, wire);
            used.set(wire.b.ref!, wire);
            links.push({ kind: 'wire', a: ifRefOf(wire.a), b: ifRefOf(wire.b), source: sink.at(wire) });
        }
    }
    return links;
}

const PACKET_DEFAULTS = { tcp: 80, udp: 53 } as const;

function lowerProbe(node: ast.Probe, namespaces: Map<string, Namespace>, sink: DiagnosticSink): Probe | undefined {
    const from = node.from?.ref ? namespaces.get(node.from.ref.name) : undefined;
    if (!from || node.outcome === undefined) {
        return undefined;
    }
    const source = sink.at(node, 'name');
    let to: number | undefined;
    let toNamespace: string | undefined;
    if (node.toAddress !== undefined) {
        to = parseIPv4(node.toAddress);
        if (to === undefined) {
            const parsed = parseWrittenAddress(node.toAddress);
            sink.report('error', 'address-invalid', `invalid destination: ${'problem' in parsed ? parsed.problem : node.toAddress}`, sink.at(node, 'toAddress'));
            return undefined;
        }
    } else if (node.toNamespace?.ref) {
        toNamespace = node.toNamespace.ref.name;
        to = primaryAddress(namespaces.get(toNamespace));
        if (to === undefined) {
            sink.report('error', 'probe-no-address', `namespace '${toNamespace}' has no address to send to: 'to NS' means the first address of its first interface that has one`, sink.at(node, 'toNamespace'));
            return undefined;
        }
    } else {
        return undefined;
    }
    let src: number | undefined;
    if (node.src !== undefined) {
        src = parseIPv4(node.src);
        if (src === undefined) {
            sink.report('error', 'address-invalid', `invalid source address '${node.src}'`, sink.at(node, 'src'));
            return undefined;
        }
    }
    const protocol = (node.packet?.protocol ?? 'icmp') as 'icmp' | 'tcp' | 'udp';
    const probe: Probe = { name: node.name, from: from.name, to, packet: { protocol }, source };
    if (protocol !== 'icmp') {
        probe.packet.sport = node.packet?.sport === undefined ? 40000 : Number(node.packet.sport);
        probe.packet.dport = node.packet?.dport === undefined ? PACKET_DEFAULTS[protocol] : Number(node.packet.dport);
        for (const [property, port] of [['sport', probe.packet.sport], ['dport', probe.packet.dport]] as const) {
            if (port < 1 || port > 65535) {
                sink.report('error', 'port-range', `${property} ${port} is out of range 1..65535`, refOf(sink.file, node.packet!, property));
            }
        }
    }
    if (src !== undefined) probe.src = src;
    if (toNamespace !== undefined) probe.toNamespace = toNamespace;
    if (node.iif) {
        const target = node.iif.ref;
        if (target && target.$container.name !== from.name) {
            sink.report('error', 'ref-other-namespace', `iif '${node.iif.$refText}' must be an interface of the probe's 'from' namespace '${from.name}'`, sink.at(node, 'iif'));
        } else if (target) {
            probe.iif = target.name;
        }
        if (src === undefined) {
            sink.report('error', 'probe-iif-needs-src', `a probe with 'iif' arrives from the wire, so it needs 'src IP' (there is no local socket to choose one)`, sink.at(node, 'iif'));
        }
    } else if (src === undefined && primaryAddress(from) === undefined) {
        sink.report('error', 'probe-no-source-address', `namespace '${from.name}' has no address on any interface, so a probe from it has no source address; add an address or write 'src IP'`, sink.at(node, 'from'));
    }
    if (!(OUTCOMES as readonly string[]).includes(node.outcome)) {
        sink.report('error', 'probe-outcome-unknown', `unknown outcome '${node.outcome}'; expect one of ${OUTCOMES.join(', ')}`, sink.at(node, 'outcome'));
        return probe;
    }
    probe.expect = { outcome: node.outcome as NonNullable<Probe['expect']>['outcome'] };
    if (node.at?.ref) {
        probe.expect.at = node.at.ref.name;
    }
    if (node.table !== undefined && node.chain !== undefined) {
        probe.expect.table = node.table;
        probe.expect.chain = node.chain;
    }
    return probe;
}

/** LANGUAGE.md §4: the first address of the first non-loopback interface that has one. */
export function primaryAddress(ns: Namespace | undefined): number | undefined {
    return ns?.interfaces.find(iface => iface.kind !== 'loopback' && iface.addresses.length > 0)?.addresses[0].address;
}
