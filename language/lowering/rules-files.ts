import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import type { Diagnostic, Rule, Ruleset } from '../../model/model-api.js';
import { ParsedRule } from '../iptables/iptables-parsed-rule.js';
import { emptyRuleset, parseIptablesSave } from '../iptables/iptables-save-parser.js';

/** A file named by `iptables from`, parsed on its own. */
export interface LoadedRulesFile {
    path: string;
    text: string;
    /** Shared and read-only: the language server reuses it across edits of the `.netz` file while the file is unchanged. */
    ruleset: Ruleset;
    diagnostics: Diagnostic[];
}

/** Reads and parses a rules file named by `iptables from`. */
export function readRulesFile(path: string, backend: 'nft' | 'legacy'): LoadedRulesFile {
    return parseRulesFile(path, readRulesText(path), backend);
}

/**
 * iptables-save output is ASCII unless a comment is not: decoding ASCII as latin1 gives the same string without
 * UTF-8 validation, which costs more than the read itself on a 12 MB kube-proxy dump.
 */
function readRulesText(path: string): string {
    const bytes = readFileSync(path);
    return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

export function parseRulesFile(path: string, text: string, backend: 'nft' | 'legacy'): LoadedRulesFile {
    const ruleset = emptyRuleset();
    const diagnostics = parseIptablesSave(text, ruleset, { file: path, backend, wholeFile: true });
    return { path, text, ruleset, diagnostics };
}

/**
 * A copy that more text can be parsed into without touching the original: tables, chains, rule lists and rules
 * are new objects (the parser renumbers rule positions in place); matches and targets stay shared, as they are
 * never changed.
 */
function copyRule(rule: Rule): Rule {
    // A parsed rule keeps its text and source as offsets, which a spread would not copy.
    return rule instanceof ParsedRule ? rule.copy() : { ...rule };
}

export function copyRuleset(ruleset: Ruleset): Ruleset {
    const copy = emptyRuleset();
    for (const [name, table] of ruleset.tables) {
        const chains = new Map([...table.chains].map(([chainName, chain]) => [chainName, { ...chain, rules: chain.rules.map(copyRule) }]));
        copy.tables.set(name, { ...table, chains });
    }
    return copy;
}
