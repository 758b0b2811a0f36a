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
        for (let c = 0; c < graph.chains.length; c++) {
            analyzeChain(graph, c, out);
        }
        unusedChains(table, graph, out);
    }
    natBypassFindings(graphs.get('nat'), graphs.get('filter'), context.namespace, out);
    if (context.namespace) {
        topologyFindings(context.namespace, [...graphs.values()], out);
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
function unusedChains(table: Table, graph: ChainGraph, out: Diagnostic[]): void {
    let fragment = true;
    for (const c of table.chains.values()) {
        if (c.builtin && (c.source !== undefined || c.rules.length > 0)) {
            fragment = false;
            break;
        }
    }
    if (fragment) {
        return;
    }
    graph.chains.forEach((c, number) => {
        if (!c.builtin && c.source !== undefined && !graph.isCalled(number)) {
            out.push({
                code: 'rule-unused-chain',
                severity: 'warning',
                message: `Chain ${c.name} is never used: no rule of table ${table.name} jumps (-j) or goes (-g) to it, so ${c.rules.length === 0 ? 'it only adds clutter (it holds no rules)' : c.rules.length === 1 ? 'its rule never runs' : `its ${c.rules.length} rules never run`}.`,
                source: c.source,
            });
        }
    });
}
