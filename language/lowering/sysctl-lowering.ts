import type { AstNode } from 'langium';
import type { ConfSwitch, Namespace, RpFilter, SysctlEntry } from '../../model/model-api.js';
import { CONF_SETTINGS, confSwitches } from '../../model/model-api.js';
import type * as ast from '../generated/ast.js';
import { isSysctlStmt } from '../generated/ast.js';
import type { DiagnosticSink } from './source-refs.js';

/** The sysctls the language knows; `IF` stands for an interface name of the namespace. */
export const KNOWN_SYSCTLS = [
    'net.ipv4.ip_forward',
    'net.ipv4.conf.all.forwarding',
    'net.bridge.bridge-nf-call-iptables',
    'net.ipv4.conf.all.rp_filter',
    'net.ipv4.conf.IF.rp_filter',
    'net.ipv4.conf.all.proxy_arp',
    'net.ipv4.conf.IF.proxy_arp',
    'net.ipv4.conf.all.route_localnet',
    'net.ipv4.conf.IF.route_localnet',
    'net.ipv4.conf.all.accept_local',
    'net.ipv4.conf.IF.accept_local'
] as const;

const PER_INTERFACE = new RegExp(`^net\\.ipv4\\.conf\\.(.+)\\.(${CONF_SETTINGS.join('|')})$`);

/**
 * Effective sysctls (LANGUAGE.md §2): defaults, then for a netns nested in a host the host's
 * ip_forward and rp_filter (copied by the kernel at namespace creation), then what the namespace writes.
 */
export function lowerSysctls(node: ast.Namespace, ns: Namespace, host: Namespace | undefined, sink: DiagnosticSink): void {
    const entries = new Map<string, SysctlEntry>([
        ['net.ipv4.ip_forward', { value: '0', origin: 'default' }],
        ['net.ipv4.conf.all.rp_filter', { value: '0', origin: 'default' }],
        ['net.bridge.bridge-nf-call-iptables', { value: '0', origin: 'default' }]
    ]);
    if (host) {
        for (const key of ['net.ipv4.ip_forward', 'net.ipv4.conf.all.rp_filter']) {
            const inherited = host.sysctls.entries.get(key)!;
            entries.set(key, { value: inherited.value, origin: 'inherited', source: inherited.source });
        }
    }
    const interfaceNames = new Set(ns.interfaces.map(iface => iface.name));
    const statements: AstNode[] = node.statements;
    for (const statement of statements.filter(isSysctlStmt).filter(s => s.key !== undefined && s.value !== undefined)) {
        const key = statement.key === 'net.ipv4.conf.all.forwarding' ? 'net.ipv4.ip_forward' : statement.key;
        const value = String(statement.value);
        const where = sink.at(statement);
        const perInterface = PER_INTERFACE.exec(key);
        const known = key === 'net.ipv4.ip_forward' || key === 'net.bridge.bridge-nf-call-iptables' || perInterface !== null;
        if (!known) {
            sink.report('warning', 'sysctl-unknown', `sysctl '${statement.key}' is not modelled: netz keeps it for export but the simulator ignores it (known: ${KNOWN_SYSCTLS.join(', ')})`, sink.at(statement, 'key'));
            entries.set(key, { value, origin: 'written', source: where });
            continue;
        }
        if (perInterface && perInterface[1] !== 'all' && perInterface[1] !== 'default' && !interfaceNames.has(perInterface[1])) {
            sink.report('error', 'sysctl-interface', `sysctl '${statement.key}' names interface '${perInterface[1]}', which namespace '${ns.name}' does not have`, sink.at(statement, 'key'));
            continue;
        }
        const allowed = perInterface?.[2] === 'rp_filter' ? ['0', '1', '2'] : ['0', '1'];
        if (!allowed.includes(value)) {
            sink.report('error', 'sysctl-value', `sysctl '${statement.key}' takes ${allowed.join(', ')}; got '${value}'`, sink.at(statement, 'value'));
            continue;
        }
        entries.set(key, { value, origin: 'written', source: where });
    }
    ns.sysctls.entries = entries;
    ns.sysctls.ipForward = entries.get('net.ipv4.ip_forward')!.value === '1';
    ns.sysctls.bridgeNfCallIptables = entries.get('net.bridge.bridge-nf-call-iptables')!.value === '1';
    ns.sysctls.rpFilterAll = Number(entries.get('net.ipv4.conf.all.rp_filter')!.value) as RpFilter;
    for (const [key, entry] of entries) {
        const perInterface = PER_INTERFACE.exec(key);
        // `default` only seeds interfaces created later, which the model has none of.
        if (!perInterface || perInterface[1] === 'default') {
            continue;
        }
        const [, iface, setting] = perInterface;
        if (setting === 'rp_filter') {
            if (iface !== 'all') {
                ns.sysctls.rpFilter.set(iface, Number(entry.value) as RpFilter);
            }
        } else {
            confSwitches(ns.sysctls, setting as ConfSwitch).set(iface, entry.value === '1');
        }
    }
}
