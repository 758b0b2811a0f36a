import type { Interface, Model, Namespace, Ruleset } from '../model/model-api.js';
import { CONF_SETTINGS, CONF_SWITCHES, confSwitches, formatIPv4 } from '../model/model-api.js';
import { InterfaceNames, kernelNamespace, mainFileOf, ruleMarker, stubNamespace } from './kernel-names.js';

/**
 * `netz export`: a bash script that builds a model's topology on a real Linux machine, and the matching teardown.
 * Every model namespace (a `host` too) becomes `ip netns PREFIX+name`; the machine's root namespace is never
 * configured (only `br_netfilter` is loaded there when a namespace needs it: modules are machine-wide).
 */

export interface ExportOptions {
    prefix: string;
    /** The restore command; `netz verify` pins `iptables-nft-restore` because it reads the nf_tables trace. */
    restoreCommand?: string;
}

export interface ExportedScript {
    setup: string;
    teardown: string;
}

/** Where the other end of an interface that connects to another namespace lives in the built topology. */
export interface FarEnd {
    /** Kernel namespace name. */
    netns: string;
    /** Kernel interface name. */
    name: string;
}

/**
 * The far end of every cable-like interface (veth ends, wired nics and taps, and unwired nics, whose far end is
 * made up in the stub namespace), keyed by `ns/if` in model names. `netz verify` injects `iif` probes there.
 */
export function farEnds(model: Model, prefix: string): Map<string, FarEnd> {
    const names = new InterfaceNames(model);
    const result = new Map<string, FarEnd>();
    for (const link of model.links) {
        result.set(`${link.a.netns}/${link.a.name}`, { netns: kernelNamespace(prefix, link.b.netns), name: names.kernel(link.b.netns, link.b.name) });
        result.set(`${link.b.netns}/${link.b.name}`, { netns: kernelNamespace(prefix, link.a.netns), name: names.kernel(link.a.netns, link.a.name) });
    }
    let stubIndex = 0;
    for (const ns of model.namespaces) {
        for (const iface of ns.interfaces) {
            if ((iface.kind === 'nic' || iface.kind === 'veth') && !result.has(`${ns.name}/${iface.name}`)) {
                result.set(`${ns.name}/${iface.name}`, { netns: stubNamespace(prefix), name: `x${stubIndex++}` });
            }
        }
    }
    return result;
}

export function exportScript(model: Model, options: ExportOptions): ExportedScript {
    return new ScriptWriter(model, options).write();
}

class ScriptWriter {
    private readonly names: InterfaceNames;
    private readonly far: Map<string, FarEnd>;
    private readonly lines: string[] = [];
    private readonly restore: string;
    private readonly mainFile: string | undefined;

    constructor(private readonly model: Model, private readonly options: ExportOptions) {
        this.names = new InterfaceNames(model);
        this.far = farEnds(model, options.prefix);
        this.restore = options.restoreCommand ?? 'iptables-restore';
        this.mainFile = mainFileOf(model);
    }

    write(): ExportedScript {
        return { setup: this.setup(), teardown: this.teardown() };
    }

    private ns(name: string): string {
        return kernelNamespace(this.options.prefix, name);
    }

    private ifname(netns: string, name: string): string {
        return this.names.kernel(netns, name);
    }

    private allNamespaces(): string[] {
        const all = this.model.namespaces.map((n) => this.ns(n.name));
        if (this.usesStub()) {
            all.push(stubNamespace(this.options.prefix));
        }
        return all;
    }

    private usesStub(): boolean {
        const stub = stubNamespace(this.options.prefix);
        return [...this.far.values()].some((f) => f.netns === stub);
    }

    private emit(...text: string[]): void {
        this.lines.push(...text);
    }

    private setup(): string {
        const file = this.mainFile ?? 'a .netz model';
        this.emit(
            '#!/bin/bash',
            `# Built by \`netz export\` from ${file}.`,
            `# Builds the topology in network namespaces named ${q(this.options.prefix)}*; undo it with the teardown script.`,
            '# Everything is set explicitly (sysctls, MACs, MTUs) so the machine and the model agree.',
            'set -euo pipefail',
            '',
            '# Every namespace starts from the same baseline: lo up, no IPv6 and no IGMP link-local reports (the model has',
            '# neither, and their background packets would move netfilter counters), and kernel defaults for new interfaces.',
            'baseline() {',
            '    ip netns add "$1"',
            '    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.igmp_link_local_mcast_reports=0 net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.default.proxy_arp=0',
            '    ip -n "$1" link set lo up',
            '}',
            '',
        );
        this.renamingNotes();
        this.emit('# Namespaces');
        for (const name of this.allNamespaces()) {
            this.emit(`baseline ${q(name)}`);
        }
        this.emit('');
        if (this.model.namespaces.some((n) => n.sysctls.bridgeNfCallIptables)) {
            this.emit(
                '# bridge-nf-call-iptables exists only once br_netfilter is loaded (a machine-wide module; each namespace keeps its own switch).',
                '[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] || modprobe br_netfilter',
                '',
            );
        }
        this.devices();
        this.attributes();
        this.routes();
        this.sysctls();
        this.rulesets();
        this.emit('echo "netz: topology ready"', '');
        return this.lines.join('\n');
    }

    private renamingNotes(): void {
        for (const ns of this.model.namespaces) {
            for (const [long, short] of this.names.renamedIn(ns.name)) {
                this.emit(`# ${ns.name}.${long} is longer than the kernel's 15 characters: it is named ${short} here (rules are rewritten to match).`);
            }
        }
        const stub = stubNamespace(this.options.prefix);
        for (const [key, end] of this.far) {
            if (end.netns === stub) {
                this.emit(`# ${key.replace('/', '.')} is not wired in the model: its far end is ${end.name} in ${stub}, where nothing answers.`);
            }
        }
    }

    private devices(): void {
        this.emit('# Devices');
        for (const ns of this.model.namespaces) {
            for (const iface of ns.interfaces.filter((i) => i.kind === 'bridge')) {
                this.emit(`ip -n ${q(this.ns(ns.name))} link add name ${q(this.ifname(ns.name, iface.name))} type bridge stp_state ${iface.stp ? 1 : 0}`);
            }
        }
        for (const link of this.model.links) {
            const kind = link.kind === 'wire' ? 'wire (a veth pair stands for the cable)' : 'veth pair';
            this.emit(`# ${kind}: ${link.a.netns}.${link.a.name} -- ${link.b.netns}.${link.b.name}`);
            this.emit(`ip -n ${q(this.ns(link.a.netns))} link add name ${q(this.ifname(link.a.netns, link.a.name))} type veth peer name ${q(this.ifname(link.b.netns, link.b.name))} netns ${q(this.ns(link.b.netns))}`);
        }
        const stub = stubNamespace(this.options.prefix);
        for (const ns of this.model.namespaces) {
            for (const iface of ns.interfaces) {
                const end = this.far.get(`${ns.name}/${iface.name}`);
                if (end?.netns === stub) {
                    this.emit(`ip -n ${q(this.ns(ns.name))} link add name ${q(this.ifname(ns.name, iface.name))} type veth peer name ${q(end.name)} netns ${q(stub)}`);
                    this.emit(`ip -n ${q(stub)} link set dev ${q(end.name)} up`);
                } else if ((iface.kind === 'tun' || iface.kind === 'tap') && end === undefined) {
                    this.emit(`ip -n ${q(this.ns(ns.name))} tuntap add mode ${iface.kind} name ${q(this.ifname(ns.name, iface.name))}`);
                }
            }
        }
        this.stackedDevices();
        this.emit('');
    }

    /** vxlan, vlan and macvlan devices, each after the device it sits on. */
    private stackedDevices(): void {
        const pending = this.model.namespaces.flatMap((ns) => ns.interfaces.filter((i) => i.kind === 'vxlan' || i.kind === 'vlan' || i.kind === 'macvlan'));
        const made = new Set(this.model.namespaces.flatMap((ns) => ns.interfaces.filter((i) => !pending.includes(i)).map((i) => `${i.netns}/${i.name}`)));
        while (pending.length > 0) {
            const index = pending.findIndex((i) => {
                const parent = i.vlan?.parent ?? i.macvlan?.parent;
                return parent === undefined || made.has(`${parent.netns}/${parent.name}`);
            });
            if (index < 0) {
                for (const i of pending) {
                    this.emit(`echo ${q(`netz: ${i.netns}.${i.name} sits on a device that is never created`)} >&2; exit 1`);
                }
                return;
            }
            const iface = pending.splice(index, 1)[0];
            made.add(`${iface.netns}/${iface.name}`);
            const netns = q(this.ns(iface.netns));
            const name = this.ifname(iface.netns, iface.name);
            if (iface.vxlan) {
                const v = iface.vxlan;
                const parts = [`ip -n ${netns} link add name ${q(name)} type vxlan id ${v.vni}`];
                if (v.remote !== undefined) parts.push(`remote ${formatIPv4(v.remote)}`);
                if (v.group !== undefined) parts.push(`group ${formatIPv4(v.group)}`);
                if (v.local !== undefined) parts.push(`local ${formatIPv4(v.local)}`);
                if (v.dev !== undefined) parts.push(`dev ${q(this.ifname(iface.netns, v.dev))}`);
                // Always explicit: the kernel's default (8472) is what the model assumes, but iproute2 warns when it is left out.
                parts.push(`dstport ${v.dstport}`);
                this.emit(parts.join(' '));
                continue;
            }
            const parent = (iface.vlan?.parent ?? iface.macvlan?.parent)!;
            const type = iface.vlan ? `vlan id ${iface.vlan.id}` : `macvlan mode ${iface.macvlan!.mode}`;
            if (parent.netns === iface.netns) {
                this.emit(`ip -n ${netns} link add link ${q(this.ifname(parent.netns, parent.name))} name ${q(name)} type ${type}`);
            } else {
                // Made next to its parent under a temporary name, then moved into its own namespace and named there.
                const temp = this.names.temporary([parent.netns, iface.netns]);
                const parentNs = q(this.ns(parent.netns));
                this.emit(
                    `ip -n ${parentNs} link add link ${q(this.ifname(parent.netns, parent.name))} name ${temp} type ${type}`,
                    `ip -n ${parentNs} link set dev ${temp} netns ${netns}`,
                    `ip -n ${netns} link set dev ${temp} name ${q(name)}`,
                );
            }
        }
    }

    private attributes(): void {
        this.emit('# MACs, MTUs, bridge ports, addresses, link state');
        for (const ns of this.model.namespaces) {
            const netns = q(this.ns(ns.name));
            for (const iface of ns.interfaces) {
                if (iface.kind === 'loopback') {
                    continue;
                }
                const name = q(this.ifname(ns.name, iface.name));
                const settings: string[] = [];
                if (hasSettableMac(iface)) settings.push(`address ${iface.mac}`);
                settings.push(`mtu ${iface.mtu}`);
                if (iface.master !== undefined) settings.push(`master ${q(this.ifname(ns.name, iface.master))}`);
                this.emit(`ip -n ${netns} link set dev ${name} ${settings.join(' ')}`);
                if (iface.hairpin) {
                    this.emit(`ip -n ${netns} link set dev ${name} type bridge_slave hairpin on`);
                }
                for (const a of iface.addresses) {
                    this.emit(`ip -n ${netns} addr add ${formatIPv4(a.address)}/${a.prefix} dev ${name}`);
                }
            }
            // Link state last, lower devices first, so stacked devices come up on a parent that is up.
            for (const iface of ns.interfaces) {
                if (iface.kind !== 'loopback') {
                    this.emit(`ip -n ${netns} link set dev ${q(this.ifname(ns.name, iface.name))} ${iface.up ? 'up' : 'down'}`);
                }
            }
        }
        this.emit('');
    }

    private routes(): void {
        const written = this.model.namespaces.filter((ns) => ns.routes.some((r) => r.origin === 'static'));
        if (written.length === 0) {
            return;
        }
        this.emit('# Routes (connected routes come from the addresses, as in the model)');
        for (const ns of written) {
            for (const r of ns.routes.filter((x) => x.origin === 'static')) {
                const parts = [`ip -n ${q(this.ns(ns.name))} route add ${r.prefix === 0 ? 'default' : `${formatIPv4(r.destination)}/${r.prefix}`}`];
                if (r.via !== undefined) parts.push(`via ${formatIPv4(r.via)}`);
                if (r.dev !== undefined) parts.push(`dev ${q(this.ifname(ns.name, r.dev))}`);
                if (r.metric !== 0) parts.push(`metric ${r.metric}`);
                if (r.onlink) parts.push('onlink');
                this.emit(`${parts.join(' ')}  # line ${r.source.line}`);
            }
        }
        this.emit('');
    }

    private sysctls(): void {
        this.emit('# Sysctls: every value the model relies on, defaults included (a new namespace copies some of them from the root one)');
        const brNf = this.model.namespaces.some((n) => n.sysctls.bridgeNfCallIptables);
        for (const ns of this.model.namespaces) {
            const s = ns.sysctls;
            const netns = q(this.ns(ns.name));
            const keys = [`net.ipv4.ip_forward=${s.ipForward ? 1 : 0}`, `net.ipv4.conf.all.rp_filter=${s.rpFilterAll}`,
                ...CONF_SWITCHES.map((name) => `net.ipv4.conf.all.${name}=${confSwitches(s, name).get('all') ? 1 : 0}`)];
            for (const iface of ns.interfaces) {
                const k = this.ifname(ns.name, iface.name);
                // Slash form: interface names may contain dots (eth0.100).
                keys.push(`net/ipv4/conf/${k}/rp_filter=${s.rpFilter.get(iface.name) ?? 0}`);
                keys.push(...CONF_SWITCHES.map((name) => `net/ipv4/conf/${k}/${name}=${confSwitches(s, name).get(iface.name) ? 1 : 0}`));
            }
            this.emit(`ip netns exec ${netns} sysctl -qw ${keys.map(q).join(' ')}`);
            const bridgeKey = `net.bridge.bridge-nf-call-iptables=${s.bridgeNfCallIptables ? 1 : 0}`;
            if (brNf) {
                this.emit(`ip netns exec ${netns} sysctl -qw ${bridgeKey}`);
            } else {
                // The module may be loaded by someone else; then its per-namespace default (1) must be undone.
                this.emit(`if ip netns exec ${netns} test -e /proc/sys/net/bridge/bridge-nf-call-iptables; then ip netns exec ${netns} sysctl -qw ${bridgeKey}; fi`);
            }
            for (const [key, entry] of s.entries) {
                if (entry.origin === 'written' && !isTypedSysctl(key)) {
                    this.emit(`ip netns exec ${netns} sysctl -qw ${q(`${key}=${entry.value}`)} || echo ${q(`netz: ${ns.name}: could not set ${key}`)} >&2`);
                }
            }
        }
        this.emit('');
    }

    private rulesets(): void {
        for (const ns of this.model.namespaces) {
            const text = this.restoreText(ns);
            if (text === undefined) {
                continue;
            }
            this.emit(`# iptables of ${ns.name}: every rule carries its .netz line as a comment, so a kernel trace points back to it`);
            this.emit(`ip netns exec ${q(this.ns(ns.name))} ${this.restore} <<'NETZ_RULES'`, text, 'NETZ_RULES', '');
        }
    }

    private restoreText(ns: Namespace): string | undefined {
        const ruleset: Ruleset = ns.ruleset;
        if (ruleset.tables.size === 0) {
            return undefined;
        }
        const out: string[] = [];
        const renamed = this.names.renamedIn(ns.name);
        for (const table of ruleset.tables.values()) {
            out.push(`*${table.name}`);
            for (const chain of table.chains.values()) {
                out.push(`:${chain.name} ${chain.builtin ? chain.policy ?? 'ACCEPT' : '-'} [0:0]`);
            }
            for (const chain of table.chains.values()) {
                for (const rule of chain.rules) {
                    out.push(`-A ${chain.name} ${markRule(renameInterfaces(rule.text, renamed), ruleMarker(rule, this.mainFile))}`);
                }
            }
            out.push('COMMIT');
        }
        return out.join('\n');
    }

    private teardown(): string {
        const names = this.allNamespaces();
        return [
            '#!/bin/bash',
            `# Removes what the setup script built: the namespaces ${q(this.options.prefix)}* (their interfaces go with them).`,
            '# Processes still running inside them are stopped first, or a namespace would outlive its deletion.',
            'for ns in ' + names.map(q).join(' ') + '; do',
            '    if [ -e "/run/netns/$ns" ]; then',
            '        ip netns pids "$ns" | xargs -r kill -9 2>/dev/null || true',
            '        ip netns del "$ns"',
            '    fi',
            'done',
            '',
        ].join('\n');
    }
}

/** tun has no MAC, and a passthru macvlan takes its parent's. */
function hasSettableMac(iface: Interface): boolean {
    if (iface.kind === 'tun') return false;
    if (iface.macvlan?.mode === 'passthru') return iface.macWritten;
    return true;
}

/** `default` seeds interfaces made later: not part of the model, so exported as written. */
const TYPED_CONF = new RegExp(`^net\\.ipv4\\.conf\\.(?!default\\.).+\\.(${CONF_SETTINGS.join('|')})$`);

function isTypedSysctl(key: string): boolean {
    return key === 'net.ipv4.ip_forward' || key === 'net.ipv4.conf.all.forwarding' || key === 'net.bridge.bridge-nf-call-iptables'
        || TYPED_CONF.test(key);
}

/** Shell-quotes a word when it needs it. */
export function q(word: string): string {
    return /^[A-Za-z0-9_.,:/=@%+~-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Adds the marker as a comment match of its own, in front: a comment the rule has keeps its text, which may already
 * be as long as iptables allows (255 characters), and a rule may hold several comment matches.
 */
export function markRule(text: string, marker: string): string {
    return `-m comment --comment "${marker.replace(/(["\\])/g, '\\$1')}" ${text}`;
}

const INTERFACE_OPTIONS = new Set(['-i', '-o', '--in-interface', '--out-interface', '--physdev-in', '--physdev-out']);
const RULE_TOKEN = /"(?:[^"\\]|\\.)*"|'[^']*'|\S+/g;

/** Rewrites interface arguments of a rule for interfaces the kernel knows under a shorter name. */
function renameInterfaces(text: string, renamed: ReadonlyMap<string, string>): string {
    if (renamed.size === 0) {
        return text;
    }
    const tokens: string[] = text.match(RULE_TOKEN) ?? [];
    for (let i = 0; i + 1 < tokens.length; i++) {
        if (INTERFACE_OPTIONS.has(tokens[i])) {
            const replacement = renamed.get(tokens[i + 1]);
            if (replacement !== undefined) tokens[i + 1] = replacement;
        }
    }
    return tokens.join(' ');
}
