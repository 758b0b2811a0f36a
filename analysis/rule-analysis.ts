import type { Diagnostic, Model, Namespace, Ruleset, Table } from '../model/model-api.js';
import { ChainGraph } from './chain-graph.js';
import { analyzeChain } from './chain-findings.js';
import { natBypassFindings } from './nat-findings.js';
import { OpaqueFields } from './rule-conditions.js';
import { topologyFindings } from './topology-findings.js';

export interface AnalysisContext {
    /** The namespace the ruleset belongs to: enables the topology findings and names where rewritten packets go. */
    namespace?: Namespace;
}

/**
 * Every finding about one ruleset, as diagnostics with codes `rule-*` (docs/DIAGNOSTICS.md, "Rule analysis").
 * Work grows with the number of rules times the rules each one can overlap, never with all pairs.
 */
export function analyzeRuleset(ruleset: Ruleset, context: AnalysisContext = {}): Diagnostic[] {
    const opaque = new OpaqueFields();
    const graphs = new Map<string, ChainGraph>();
    const out: Diagnostic[] = [];
    for (const table of ruleset.tables.values()) {
        const graph = new ChainGraph(table, opaque);
        graphs.set(table.name, graph);
        for (const chain of table.chains.values()) {
            out.push(...analyzeChain(chain, graph));
        }
        out.push(...unusedChains(table, graph));
    }
    out.push(...natBypassFindings(graphs.get('nat'), graphs.get('filter'), context.namespace));
    if (context.namespace) {
        out.push(...topologyFindings(context.namespace, [...graphs.values()]));
    }
    return out;
}

/** The analysis of a namespace's ruleset in the light of its interfaces, routes and sysctls. */
export function analyzeNamespace(ns: Namespace, _model: Model): Diagnostic[] {
    return analyzeRuleset(ns.ruleset, { namespace: ns });
}

/**
 * A user chain no rule jumps or goes to. A table that declares no built-in chain and has no rule in one is a
 * fragment loaded with `iptables-restore --noflush` (kube-proxy's input): its entry jumps live elsewhere, so
 * nothing is reported there.
 */
function unusedChains(table: Table, graph: ChainGraph): Diagnostic[] {
    const chains = [...table.chains.values()];
    const fragment = !chains.some((c) => c.builtin && (c.source !== undefined || c.rules.length > 0));
    if (fragment) {
        return [];
    }
    return chains
        .filter((c) => !c.builtin && !graph.callers.has(c.name) && c.source !== undefined)
        .map((c) => ({
            code: 'rule-unused-chain',
            severity: 'warning' as const,
            message: `Chain ${c.name} is never used: no rule of table ${table.name} jumps (-j) or goes (-g) to it, so ${c.rules.length === 0 ? 'it only adds clutter (it holds no rules)' : c.rules.length === 1 ? 'its rule never runs' : `its ${c.rules.length} rules never run`}.`,
            source: c.source!,
        }));
}
