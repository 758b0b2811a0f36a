import type { LangiumDocument } from 'langium';
import type { CompletionItem } from 'vscode-languageserver';
import { CompletionItemKind, CompletionList } from 'vscode-languageserver';
import type { TableName } from '../model/model-api.js';
import type { Backend, Hook } from '../language/iptables/iptables-registry.js';
import { builtinHook, ICMP_TYPES, MATCHES, PROTOCOLS, REJECT_WITH, TABLES, TARGETS, targetTables } from '../language/iptables/iptables-registry.js';
import type { LinePosition } from './iptables-text.js';
import { CHAIN_FLAGS, MATCH_FLAGS, resolveOption, ruleContext, TARGET_FLAGS, tableAt, wordsOf } from './iptables-text.js';
import type { ModelIndex } from './model-index.js';
import { hooksOfChain } from './model-index.js';

/** A completion label with its kind and detail. */
type Candidate = [label: string, kind: CompletionItemKind, detail?: string];

/** The most items one iptables completion answer carries. */
const MAX_ITEMS = 1000;
const LINE_STARTS = ['-A', '-I', '-N', '-P', 'COMMIT'];
const BASIC_FLAGS = ['-m', '-j', '-g'];

/** Values an option's argument can take, where the registry knows them. */
function optionValues(owner: string, name: string, values: readonly string[] | undefined): readonly string[] {
    if (owner === 'REJECT' && name === 'reject-with') return REJECT_WITH;
    if (name === 'icmp-type') return [...ICMP_TYPES.keys()];
    if (name === 'protocol' || name === 'ctproto') return [...PROTOCOLS.keys()];
    return values ?? [];
}

/**
 * What iptables accepts at the cursor in iptables-save text (an `iptables { }` block or a rules document), from
 * the registry: table headers and commands at a line's start, modules, the options of the loaded modules, the
 * targets valid in this table at the hooks that reach the chain, and the chains of namespace `ns` in `index`.
 */
export function iptablesCompletion(document: LangiumDocument, at: LinePosition, ns: string, index: ModelIndex, backend: Backend): CompletionList {
    const before = at.text.slice(0, at.character);
    const typed = /\S*$/.exec(before)![0];
    const range = { start: { line: at.line, character: at.character - typed.length }, end: { line: at.line, character: at.character } };
    const lower = typed.toLowerCase();
    const valid = validItems(document, at, ns, index, backend);
    const items: CompletionItem[] = (lower === '' ? valid : valid.filter(([label]) => label.toLowerCase().startsWith(lower)))
        .slice(0, MAX_ITEMS + 1)
        .map(([label, kind, detail]) => ({ label, kind, detail, textEdit: { newText: label, range } }));
    // kube-proxy tables declare tens of thousands of chains: send the first ones, and ask to be asked again as the word grows.
    return CompletionList.create(items.slice(0, MAX_ITEMS), items.length > MAX_ITEMS);
}

/** What iptables accepts at the cursor's word, as [label, kind, detail]; items are made only for those sent. */
function validItems(document: LangiumDocument, at: LinePosition, ns: string, index: ModelIndex, backend: Backend): Candidate[] {
    const before = at.text.slice(0, at.character);
    const words = wordsOf(before);
    const typing = before.length > 0 && !/\s$/.test(before) && words.length > 0;
    const partial = typing ? words[words.length - 1].text : '';
    const word = typing ? words.length - 1 : words.length;
    const previous = word > 0 ? words[word - 1].text : undefined;
    const table = tableAt(document, at, index.lines.get(document.uri.fsPath));
    if (word === 0) {
        const tables: Candidate[] = [...TABLES.keys()].map(name => [`*${name}`, CompletionItemKind.Module]);
        // `:NAME` declares a new chain: nothing to offer there.
        return partial.startsWith(':') ? [] : partial.startsWith('*') ? tables : [...tables, ...LINE_STARTS.map((start): Candidate => [start, CompletionItemKind.Keyword])];
    }
    const context = ruleContext(words, word);
    if (previous !== undefined && MATCH_FLAGS.has(previous)) {
        return [...MATCHES.keys()].filter(m => m !== 'basic' && !context.modules.has(m)).map(m => [m, CompletionItemKind.Module]);
    }
    if (previous !== undefined && TARGET_FLAGS.has(previous)) {
        return targets(index, ns, table, context.chain, previous === '-g' || previous === '--goto', backend);
    }
    if (previous !== undefined && CHAIN_FLAGS.has(previous)) {
        const declared = index.namespaces.get(ns)?.ruleset.tables.get(table)?.chains;
        return [...new Set([...TABLES.get(table)!.chains, ...(declared?.keys() ?? [])])].map(name => [name, CompletionItemKind.Class]);
    }
    const argumentOf = previous === undefined || previous === '!' ? undefined : resolveOption(context, previous);
    if (argumentOf && argumentOf.option.kind !== 'flag') {
        return optionValues(argumentOf.key, argumentOf.option.name, argumentOf.option.values).map(v => [v, CompletionItemKind.Value]);
    }
    const options = new Map<string, string>();
    for (const flag of BASIC_FLAGS) options.set(flag, 'iptables');
    for (const { key, spec } of context.owners) {
        for (const option of spec.options) {
            if (!options.has(option.spellings[0])) options.set(option.spellings[0], key);
        }
    }
    return [...options].map(([spelling, owner]) => [spelling, CompletionItemKind.Property, owner]);
}

/** Targets the kernel accepts in this table at the hooks that reach this chain, then the user chains to jump to. */
function targets(index: ModelIndex, ns: string, table: TableName, chain: string | undefined, gotoOnly: boolean, backend: Backend): Candidate[] {
    const builtin = chain === undefined ? undefined : builtinHook(table, chain);
    // A user chain nobody jumps to yet (or a line with no chain yet) could end up reached from anywhere: no hook narrows it.
    const hooks: readonly Hook[] = builtin ? [builtin] : chain === undefined ? [] : hooksOfChain(index, ns, table, chain);
    const result: Candidate[] = [];
    if (!gotoOnly) {
        for (const target of TARGETS.values()) {
            const tables = targetTables(target, backend);
            const validTable = tables === undefined || tables.includes(table);
            const validHook = target.hooks === undefined || hooks.every(h => target.hooks!.includes(h));
            if (validTable && validHook) result.push([target.name, CompletionItemKind.Function]);
        }
    }
    const chains = index.namespaces.get(ns)?.ruleset.tables.get(table)?.chains.values() ?? [];
    for (const declared of chains) {
        if (!declared.builtin && declared.name !== chain) result.push([declared.name, CompletionItemKind.Class]);
    }
    return result;
}
