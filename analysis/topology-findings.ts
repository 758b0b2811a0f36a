import type { Diagnostic, Namespace, Route, Rule, Table } from '../model/model-api.js';
import { formatCidr } from '../model/model-api.js';
import type { ChainGraph } from './chain-graph.js';
import { IntervalSet } from './interval-set.js';
import { Dim, dimOf, isUniverseSet } from './packet-cube.js';
import { ruleNeedsConntrack } from '../simulator/simulator-api.js';

/**
 * What the namespace's topology says about its rules, added to `out`: sources that the reverse-path filter drops
 * before the rule runs, chains no packet of this namespace traverses, bridge-port matches where nothing is bridged.
 */
export function topologyFindings(ns: Namespace, graphs: ChainGraph[], out: Diagnostic[]): void {
    const hasBridge = ns.interfaces.some((i) => i.kind === 'bridge');
    const bridgedToIptables = hasBridge && ns.sysctls.bridgeNfCallIptables;
    const conntrack = graphs.some((g) => usesConntrack(g.table));
    const routed = new Map<string, IntervalSet>();

    for (const graph of graphs) {
        const physdev = !bridgedToIptables && graph.usesModule('physdev');
        // The reverse-path filter matters only to rules that name an input interface.
        const inputs = graph.constrains(Dim.InIface);
        graph.chains.forEach((chain, c) => {
            if (chain.builtin && chain.rules.length > 0) {
                const why = chainNotTraversed(ns, graph.table.name, chain.name, bridgedToIptables, conntrack);
                if (why) {
                    out.push({
                        code: 'rule-irrelevant-chain',
                        severity: 'warning',
                        message: `No packet of namespace ${ns.name} traverses ${graph.table.name} ${chain.name}: ${why}. ${chain.rules.length === 1 ? 'Its rule never runs' : `Its ${chain.rules.length} rules never run`}.`,
                        source: chain.rules[0].source,
                    });
                }
            }
            if (!physdev && !inputs) {
                return;
            }
            const entries = graph.entryChains(c);
            const afterRouting = inputs && entries.length > 0 && entries.every((e) => e === 'INPUT' || e === 'FORWARD');
            for (const rule of chain.rules) {
                if (physdev) {
                    const finding = physdevFinding(ns, rule, hasBridge);
                    if (finding) {
                        out.push(finding);
                    }
                }
                if (afterRouting) {
                    const finding = sourceFinding(ns, rule, graph, routed);
                    if (finding) {
                        out.push(finding);
                    }
                }
            }
        });
    }
}

function usesConntrack(table: Table): boolean {
    for (const chain of table.chains.values()) {
        for (const rule of chain.rules) {
            // Without conntrack in the namespace nat never runs (SEMANTICS.md §3); the simulator knows what switches it on.
            if (ruleNeedsConntrack(rule)) {
                return true;
            }
        }
    }
    return false;
}

function chainNotTraversed(ns: Namespace, table: string, chain: string, bridged: boolean, conntrack: boolean): string | undefined {
    if (chain === 'FORWARD' && !ns.sysctls.ipForward && !bridged) {
        return 'it does not forward (net.ipv4.ip_forward = 0) and passes no bridged frames to iptables (no bridge with net.bridge.bridge-nf-call-iptables = 1)';
    }
    if (table === 'nat' && !conntrack) {
        return 'conntrack is not active there (no rule uses conntrack, state, connmark or a NAT/CT target), and the nat chains only see packets conntrack tracks';
    }
    return undefined;
}

/**
 * physdev matches see only bridged frames handed to iptables, which the caller has ruled out. (An interface the
 * namespace lacks is reported by the iptables validation as `ipt-interface-unknown`; it is not repeated here.)
 */
function physdevFinding(ns: Namespace, rule: Rule, hasBridge: boolean): Diagnostic | undefined {
    for (const match of rule.matches) {
        if (match.module !== 'physdev') {
            continue;
        }
        const option = match.options.find((o) => !o.negated);
        if (option !== undefined) {
            return {
                code: 'rule-irrelevant-physdev',
                severity: 'warning',
                message: `\`${option.text}\` only matches bridged frames passed to iptables, and namespace ${ns.name} passes none (${hasBridge ? 'net.bridge.bridge-nf-call-iptables is 0' : 'it has no bridge'}), so this rule never matches.`,
                source: rule.source,
            };
        }
    }
    return undefined;
}

/** With rp_filter, a packet whose source routes out another interface is dropped at the routing decision. */
function sourceFinding(ns: Namespace, rule: Rule, graph: ChainGraph, routed: Map<string, IntervalSet>): Diagnostic | undefined {
    const iif = rule.matches.flatMap((m) => m.options).find((o) => o.name === 'in-interface' && !o.negated && o.value.kind === 'interface' && !o.value.wildcard);
    if (!iif || iif.value.kind !== 'interface') {
        return undefined;
    }
    // Conditions only for the few rules that name an input interface.
    const cube = graph.conditionsOf(rule).cube;
    if (!cube) {
        return undefined;
    }
    const src = dimOf(cube, Dim.Src) as IntervalSet;
    if (isUniverseSet(Dim.Src, src)) {
        return undefined;
    }
    const name = iif.value.name;
    const mode = Math.max(ns.sysctls.rpFilterAll, ns.sysctls.rpFilter.get(name) ?? 0);
    if (mode === 0) {
        return undefined;
    }
    const allowed = mode === 1 ? routedVia(ns, name, routed) : routedVia(ns, undefined, routed);
    if (src.overlaps(allowed)) {
        return undefined;
    }
    return {
        code: 'rule-irrelevant-source',
        severity: 'warning',
        message: mode === 1
            ? `No packet from these sources can arrive on ${name}: namespace ${ns.name} routes them out of another interface, and strict reverse-path filtering (rp_filter = 1) drops such packets before ${rule.chain}, so this rule never matches.`
            : `No packet from these sources can arrive: namespace ${ns.name} has no route back to them, and loose reverse-path filtering (rp_filter = 2) drops such packets before ${rule.chain}, so this rule never matches.`,
        source: rule.source,
        related: routesFor(ns, src).map((r) => ({ message: `route ${formatCidr({ address: r.destination, prefix: r.prefix })} leaves by ${deviceOf(ns, r) ?? 'an unknown device'}`, source: r.source })),
    };
}

/** The routes that carry some of these sources (where the replies would go). */
function routesFor(ns: Namespace, sources: IntervalSet): Route[] {
    return ns.routes.filter((r) => sources.overlaps(IntervalSet.range(r.destination, r.destination + 2 ** (32 - r.prefix)))).slice(0, 3);
}

/** Addresses whose best route leaves by `dev` (every routable address when dev is undefined). */
function routedVia(ns: Namespace, dev: string | undefined, memo: Map<string, IntervalSet>): IntervalSet {
    const key = dev ?? '';
    const known = memo.get(key);
    if (known) {
        return known;
    }
    const ordered = [...ns.routes].sort((a, b) => b.prefix - a.prefix || a.metric - b.metric);
    let assigned = new IntervalSet([]);
    let via = new IntervalSet([]);
    for (const route of ordered) {
        const size = 2 ** (32 - route.prefix);
        const region = IntervalSet.range(route.destination, route.destination + size).subtract(assigned);
        assigned = assigned.union(region);
        if (dev === undefined || deviceOf(ns, route) === dev) {
            via = via.union(region);
        }
    }
    memo.set(key, via);
    return via;
}

function deviceOf(ns: Namespace, route: Route): string | undefined {
    if (route.dev !== undefined || route.via === undefined) {
        return route.dev;
    }
    const gateway = route.via;
    const connected = ns.routes
        .filter((r) => r.origin === 'connected' && r.dev !== undefined && gateway >= r.destination && gateway < r.destination + 2 ** (32 - r.prefix))
        .sort((a, b) => b.prefix - a.prefix)[0];
    return connected?.dev;
}
