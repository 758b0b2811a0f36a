import type { Diagnostic, Ruleset } from '../../model/model-api.js';
import { emptyRuleset, parseIptablesSave } from '../iptables/iptables-save-parser.js';

/** A file named by `iptables from`, parsed on its own. */
export interface LoadedRulesFile {
    path: string;
    text: string;
    /** Shared and read-only: the language server reuses it across edits of the `.netz` file while the file is unchanged. */
    ruleset: Ruleset;
    diagnostics: Diagnostic[];
}

export function parseRulesFile(path: string, text: string, backend: 'nft' | 'legacy'): LoadedRulesFile {
    const ruleset = emptyRuleset();
    const diagnostics = parseIptablesSave(text, ruleset, { file: path, backend });
    return { path, text, ruleset, diagnostics };
}

/**
 * A copy that more text can be parsed into without touching the original: tables, chains, rule lists and rules
 * are new objects (the parser renumbers rule positions in place); matches and targets stay shared, as they are
 * never changed.
 */
export function copyRuleset(ruleset: Ruleset): Ruleset {
    const copy = emptyRuleset();
    for (const [name, table] of ruleset.tables) {
        const chains = new Map([...table.chains].map(([chainName, chain]) => [chainName, { ...chain, rules: chain.rules.map(rule => ({ ...rule })) }]));
        copy.tables.set(name, { ...table, chains });
    }
    return copy;
}
