import { getOrCreate, pushTo } from '../model/model-api.js';
import type { Chain, Diagnostic, Interface, IPv4, Model, Namespace, Route, Rule, Table, TableName } from '../model/model-api.js';
import { builtinHook } from '../language/iptables/iptables-registry.js';
import type { Hook } from '../language/iptables/iptables-registry.js';

/** What a line of iptables text declared or added, found from the model instead of re-reading the text. */
export type RulesLine =
    | { kind: 'rule'; ns: Namespace; rule: Rule }
    | { kind: 'chain'; ns: Namespace; chain: Chain }
    | { kind: 'table'; ns: Namespace; table: Table };

/**
 * Lookups the editor features need on every keystroke, built once per compilation: 100,000 rules are indexed by
 * file and line, user chains by who jumps to them, addresses by owner. Nothing here compares all pairs.
 */
export interface ModelIndex {
    namespaces: Map<string, Namespace>;
    /** Keyed by `ns/if` (names cannot hold `/`). */
    interfaces: Map<string, Interface>;
    addressOwners: Map<IPv4, Interface[]>;
    routesVia: Map<string, Route[]>;
    /** file → 1-based line → what that line made. */
    lines: Map<string, Map<number, RulesLine>>;
    /** file → 1-based line → diagnostics starting on it. */
    diagnostics: Map<string, Map<number, Diagnostic[]>>;
    /** `ns/table/chain` → the rules that jump or go to it. */
    jumpers: Map<string, Rule[]>;
}

export function chainKey(ns: string, table: TableName, chain: string): string {
    return `${ns}/${table}/${chain}`;
}

function fileLines<V>(map: Map<string, Map<number, V>>, file: string): Map<number, V> {
    return getOrCreate(map, file, () => new Map());
}

const INDEXES = new WeakMap<Model, ModelIndex>();

/** The index of a model, built on first use and kept as long as the model (one compiled document version). */
export function indexModel(model: Model, diagnostics: readonly Diagnostic[]): ModelIndex {
    const cached = INDEXES.get(model);
    if (cached) {
        return cached;
    }
    const index: ModelIndex = {
        namespaces: new Map(), interfaces: new Map(), addressOwners: new Map(), routesVia: new Map(), lines: new Map(), diagnostics: new Map(), jumpers: new Map()
    };
    for (const ns of model.namespaces) {
        index.namespaces.set(ns.name, ns);
        for (const iface of ns.interfaces) {
            index.interfaces.set(`${ns.name}/${iface.name}`, iface);
            for (const address of iface.addresses) {
                pushTo(index.addressOwners, address.address, iface);
            }
        }
        for (const route of ns.routes) {
            if (route.dev !== undefined) {
                pushTo(index.routesVia, `${ns.name}/${route.dev}`, route);
            }
        }
        for (const table of ns.ruleset.tables.values()) {
            if (table.source) {
                fileLines(index.lines, table.source.file).set(table.source.line, { kind: 'table', ns, table });
            }
            for (const chain of table.chains.values()) {
                if (chain.source) {
                    fileLines(index.lines, chain.source.file).set(chain.source.line, { kind: 'chain', ns, chain });
                }
                for (const rule of chain.rules) {
                    fileLines(index.lines, rule.source.file).set(rule.source.line, { kind: 'rule', ns, rule });
                    if (rule.target?.userChain) {
                        pushTo(index.jumpers, chainKey(ns.name, table.name, rule.target.name), rule);
                    }
                }
            }
        }
    }
    for (const diagnostic of diagnostics) {
        const lines = fileLines(index.diagnostics, diagnostic.source.file);
        pushTo(lines, diagnostic.source.line, diagnostic);
    }
    INDEXES.set(model, index);
    return index;
}

/** The hooks from which a chain runs: its own for a built-in chain, else those of every chain that reaches it. */
export function hooksOfChain(index: ModelIndex, ns: string, table: TableName, chain: string): Hook[] {
    const hooks = new Set<Hook>();
    const seen = new Set<string>();
    const pending = [chain];
    while (pending.length > 0) {
        const name = pending.pop()!;
        if (seen.has(name)) {
            continue;
        }
        seen.add(name);
        const hook = builtinHook(table, name);
        if (hook) {
            hooks.add(hook);
            continue;
        }
        for (const rule of index.jumpers.get(chainKey(ns, table, name)) ?? []) {
            pending.push(rule.chain);
        }
    }
    return [...hooks];
}

/** The chains that jump or go to a chain, each once, in the order first seen. */
export function callersOf(index: ModelIndex, ns: string, table: TableName, chain: string): string[] {
    return [...new Set((index.jumpers.get(chainKey(ns, table, chain)) ?? []).map(rule => rule.chain))];
}
