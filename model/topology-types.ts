import type { IPv4 } from './ipv4-address.js';
import type { Ruleset } from './ruleset-types.js';
import type { SourceRef } from './source-location.js';

/**
 * The resolved topology of a `.netz` file as plain data: what the kernel would hold after the file's
 * commands ran. Everything is resolved (no names left to look up but `IfRef`s, which always resolve
 * to an interface in `Model.namespaces`) and carries the place it was written.
 */
export interface Model {
    namespaces: Namespace[];
    links: Link[];
    probes: Probe[];
}

export type NamespaceKind = 'host' | 'netns';

export interface Namespace {
    name: string;
    kind: NamespaceKind;
    /** The enclosing host, for a `netns` nested in a `host`. */
    host?: string;
    /** Declaration order, with the implicit `lo` first. */
    interfaces: Interface[];
    /** Connected routes derived from addresses, then the written ones, in that order. */
    routes: Route[];
    sysctls: Sysctls;
    /** Empty means "accepts on every port" (LANGUAGE.md §4). */
    listens: Listen[];
    ruleset: Ruleset;
    source: SourceRef;
}

/** A reference to an interface: namespace name and interface name. */
export interface IfRef {
    netns: string;
    name: string;
}

export type InterfaceKind = 'loopback' | 'nic' | 'bridge' | 'veth' | 'tun' | 'tap' | 'vxlan' | 'macvlan' | 'vlan';

export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru';
export const MACVLAN_MODES: readonly MacvlanMode[] = ['private', 'vepa', 'bridge', 'passthru'];

export interface Interface {
    name: string;
    netns: string;
    kind: InterfaceKind;
    /** In order written; the first is the primary address. */
    addresses: InterfaceAddress[];
    /** Written, or derived deterministically from the interface's identity (as the kernel picks a random one). */
    mac: string;
    macWritten: boolean;
    mtu: number;
    up: boolean;
    /** The bridge this interface is a port of (same namespace). */
    master?: string;
    hairpin: boolean;
    /** veth only: the other end. */
    peer?: IfRef;
    /** bridge only. */
    stp?: boolean;
    vxlan?: VxlanConfig;
    macvlan?: { parent: IfRef; mode: MacvlanMode };
    vlan?: { parent: IfRef; id: number };
    source: SourceRef;
}

export interface InterfaceAddress {
    address: IPv4;
    prefix: number;
    source: SourceRef;
}

export interface VxlanConfig {
    vni: number;
    remote?: IPv4;
    group?: IPv4;
    local?: IPv4;
    /** The underlay device, in the same namespace. */
    dev?: string;
    dstport: number;
    dstportWritten: boolean;
}

export interface Route {
    /** Network address (host bits cleared) and prefix; `default` is 0.0.0.0/0. */
    destination: IPv4;
    prefix: number;
    via?: IPv4;
    dev?: string;
    metric: number;
    /** `connected`: made by the kernel from an address (scope link, with `preferredSource`). */
    origin: 'connected' | 'static';
    /** `onlink`: the gateway is taken as directly reachable on `dev` without a covering route. */
    onlink?: boolean;
    preferredSource?: IPv4;
    /** The written route, or the address that produced a connected route. */
    source: SourceRef;
}

export type RpFilter = 0 | 1 | 2;

/** Effective sysctl values of a namespace after defaults and inheritance (LANGUAGE.md §2). */
export interface Sysctls {
    ipForward: boolean;
    bridgeNfCallIptables: boolean;
    rpFilterAll: RpFilter;
    /** Per-interface `net.ipv4.conf.IF.rp_filter` (0 where absent). */
    rpFilter: Map<string, RpFilter>;
    /**
     * `net.ipv4.conf.{all,IF}` switches, by interface name and `all` (absent: 0). The kernel takes a switch as on when
     * either is 1 (see `confSwitch`).
     */
    proxyArp: Map<string, boolean>;
    routeLocalnet: Map<string, boolean>;
    acceptLocal: Map<string, boolean>;
    /** Every key with its effective value and where it came from, for hover and export. */
    entries: Map<string, SysctlEntry>;
}

/** A `net.ipv4.conf` switch as the kernel reads it for an interface: `all` or the interface's own (IN_DEV_ORCONF). */
export function confSwitch(settings: ReadonlyMap<string, boolean>, iface: string): boolean {
    return settings.get('all') === true || settings.get(iface) === true;
}

/** The `net.ipv4.conf` switches the model holds, by their sysctl name. */
export const CONF_SWITCHES = ['proxy_arp', 'route_localnet', 'accept_local'] as const;
export type ConfSwitch = typeof CONF_SWITCHES[number];

/** Every per-interface `net.ipv4.conf.IF.NAME` setting the model holds: rp_filter and the switches. */
export const CONF_SETTINGS: readonly string[] = ['rp_filter', ...CONF_SWITCHES];

/** The model's map of one `net.ipv4.conf` switch. */
export function confSwitches(sysctls: Sysctls, name: ConfSwitch): Map<string, boolean> {
    return name === 'proxy_arp' ? sysctls.proxyArp : name === 'route_localnet' ? sysctls.routeLocalnet : sysctls.acceptLocal;
}

export interface SysctlEntry {
    value: string;
    origin: 'default' | 'inherited' | 'written';
    source?: SourceRef;
}

export interface Listen {
    protocol: 'tcp' | 'udp';
    port: number;
    source: SourceRef;
}

export interface Link {
    /** `veth`: a veth pair; `wire`: a cable between two nic/tap interfaces. */
    kind: 'veth' | 'wire';
    a: IfRef;
    b: IfRef;
    source: SourceRef;
}

export type Outcome = 'delivered' | 'established' | 'dropped' | 'rejected' | 'refused' | 'unreachable';

export const OUTCOMES: readonly Outcome[] = ['delivered', 'established', 'dropped', 'rejected', 'refused', 'unreachable'];

export interface PacketSpec {
    protocol: 'icmp' | 'tcp' | 'udp';
    /** tcp/udp only. */
    sport?: number;
    dport?: number;
}

export interface Probe {
    name: string;
    from: string;
    /** The fixed source address (`src IP`), else the kernel's choice. */
    src?: IPv4;
    /** The destination address, already resolved for `to NS`. */
    to: IPv4;
    /** The namespace named by `to NS`, when written so. */
    toNamespace?: string;
    packet: PacketSpec;
    /** `iif IF`: the packet arrives on this interface of `from` instead of being sent by a local socket. */
    iif?: string;
    expect?: {
        outcome: Outcome;
        at?: string;
        table?: string;
        chain?: string;
    };
    source: SourceRef;
}
