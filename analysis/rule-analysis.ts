import type { Chain, Diagnostic, Model, Namespace, Ruleset, Table } from '../model/model-api.js';
import { ChainGraph } from './chain-graph.js';
import { analyzeChain } from './chain-findings.js';
import { natBypassFindings } from './nat-findings.js';
import { OpaqueFields } from './rule-conditions.js';
import { topologyFindings } from './topology-findings.js';
// The kernel's address classification is the simulator's; the analysis reads it as ranges.
import { addressTypeRanges } from '../simulator/simulator-api.js';

export interface AnalysisContext {
    /** The namespace the ruleset belongs to: enables the topology findings and names where rewritten packets go. */
    namespace?: Namespace;
    /** Its addresses by address type, from the simulator, asked for when needed: `-m addrtype` then tests addresses (see OpaqueFields). */
    addressTypes?: () => ReadonlyMap<string, readonly (readonly [number, number])[]>;
}

/**
 * Every finding about one ruleset, as diagnostics with codes `rule-*` (docs/DIAGNOSTICS.md, "Rule analysis").
 * Work grows with the number of rules times the rules each one can overlap, never with all pairs.
 */
export function analyzeRuleset(ruleset: Ruleset, context: AnalysisContext = {}): Diagnostic[] {
    const opaque = new OpaqueFields(context.addressTypes);
    const graphs = new Map<string, ChainGraph>();
    const out: Diagnostic[] = [];
    const { tables, refusedCalls } = loadable(ruleset);
    for (const table of tables.values()) {
        const graph = new ChainGraph(table, opaque);
        graphs.set(table.name, graph);
        for (let c = 0; c < graph.chains.length; c++) {
            analyzeChain(graph, c, out);
        }
        unusedChains(table, graph, out, refusedCalls);
    }
    natBypassFindings(graphs.get('nat'), graphs.get('filter'), context.namespace, opaque, out);
    if (context.namespace) {
        topologyFindings(context.namespace, [...graphs.values()], out);
    }
    return out;
}

/**
 * The ruleset as the kernel could load it: without the rules iptables refuses, whose errors are reported already.
 * Rules keep their positions, so findings still count them as written. Copied only when some rule is refused; the
 * chains those rules name are remembered, so that a chain is not called unused while the jump to it waits for a fix.
 */
function loadable(ruleset: Ruleset): { tables: Ruleset['tables']; refusedCalls: ReadonlySet<string> } {
    const refusedCalls = new Set<string>();
    let refused = false;
    for (const table of ruleset.tables.values()) {
        for (const chain of table.chains.values()) {
            for (const rule of chain.rules) {
                if (rule.refused) {
                    refused = true;
                    if (rule.target?.userChain) {
                        refusedCalls.add(`${table.name} ${rule.target.name}`);
                    }
                }
            }
        }
    }
    if (!refused) {
        return { tables: ruleset.tables, refusedCalls };
    }
    const tables = new Map([...ruleset.tables].map(([name, table]) => [name, {
        ...table,
        chains: new Map([...table.chains].map(([chainName, chain]) => [chainName, { ...chain, rules: chain.rules.filter((rule) => !rule.refused) }])),
    }]));
    return { tables, refusedCalls };
}

/** The analysis of a namespace's ruleset in the light of its interfaces, routes and sysctls. */
export function analyzeNamespace(ns: Namespace, model: Model): Diagnostic[] {
    return analyzeRuleset(ns.ruleset, { namespace: ns, addressTypes: () => addressTypeRanges(model, ns.name) });
}

/**
 * A user chain no packet can enter: no rule jumps or goes to it, or only rules of chains that no built-in chain
 * leads to. A table that declares no built-in chain and has no rule in one is a fragment loaded with
 * `iptables-restore --noflush` (kube-proxy's input): its entry jumps live elsewhere, so nothing is reported there.
 */
function unusedChains(table: Table, graph: ChainGraph, out: Diagnostic[], refusedCalls: ReadonlySet<string>): void {
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
    const stranded = new Set<number>();
    graph.chains.forEach((c, number) => {
        if (c.builtin || c.source === undefined) {
            return;
        }
        if (!graph.isCalled(number)) {
            if (!refusedCalls.has(`${table.name} ${c.name}`)) {
                out.push(unusedChain(c, `no rule of table ${table.name} jumps (-j) or goes (-g) to it`));
            }
        } else if (!graph.isReachable(number)) {
            stranded.add(number);
        }
    });
    if (stranded.size === 0) {
        return;
    }
    for (const [number, callers] of graph.callersOf(stranded)) {
        const names = callers.map(c => graph.chains[c].name);
        const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
        const chain = graph.chains[number];
        const finding = unusedChain(chain,
            `only ${names.length === 1 ? 'chain' : 'chains'} ${shown} ${names.length === 1 ? 'calls' : 'call'} it, and no built-in chain of table ${table.name} leads there`);
        finding.related = callers.slice(0, 3).flatMap(c => {
            const caller = graph.chains[c];
            return caller.source ? [{ message: `${caller.name} calls ${chain.name} but never runs itself`, source: caller.source }] : [];
        });
        out.push(finding);
    }
}

function unusedChain(chain: Chain, why: string): Diagnostic {
    const rules = chain.rules.length === 0 ? 'it only adds clutter (it holds no rules)' : chain.rules.length === 1 ? 'its rule never runs' : `its ${chain.rules.length} rules never run`;
    return { code: 'rule-unused-chain', severity: 'warning', message: `Chain ${chain.name} is never used: ${why}, so ${rules}.`, source: chain.source! };
}
