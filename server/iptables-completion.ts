import type { LangiumDocument } from 'langium';
import type { CompletionItem } from 'vscode-languageserver';
import { CompletionItemKind, CompletionList } from 'vscode-languageserver';
import type { Chain, TableName } from '../model/model-api.js';
import { POLICIES } from '../model/model-api.js';
import type { Backend, Hook, OptionSpec } from '../language/iptables/iptables-registry.js';
import { builtinHook, ICMP_TYPES, MATCHES, PROTOCOLS, REJECT_WITH, TABLES, TARGETS, targetTables } from '../language/iptables/iptables-registry.js';
import type { LinePosition, RuleContext, Word } from './iptables-text.js';
import { CHAIN_FLAGS, MATCH_FLAGS, resolveOption, ruleContext, TARGET_FLAGS, tableAt, wordsOf } from './iptables-text.js';
import type { ModelIndex } from './model-index.js';
import { hooksOfChain } from './model-index.js';

/** A completion label with its kind and detail. */
type Candidate = [label: string, kind: CompletionItemKind, detail?: string];

/** What iptables accepts at the cursor; `listItem` when the word is a comma list and only its item under the cursor is replaced. */
interface Offer {
    candidates: Candidate[];
    listItem?: boolean;
}

/** The most items one iptables completion answer carries. */
const MAX_ITEMS = 1000;
const LINE_STARTS = ['-A', '-I', '-N', '-P', 'COMMIT'];
/** The flags every rule takes besides the registry's options, short spelling first. */
const BASIC_FLAGS: readonly (readonly string[])[] = [['-m', '--match'], ['-j', '--jump'], ['-g', '--goto']];
const POLICY_FLAGS: ReadonlySet<string> = new Set(['-P', '--policy']);
const NOTHING: Offer = { candidates: [] };

/** Values an option's argument can take, where the registry knows them. */
function optionValues(owner: string, name: string, values: readonly string[] | undefined): readonly string[] {
    if (owner === 'REJECT' && name === 'reject-with') return REJECT_WITH;
    if (name === 'icmp-type') return [...ICMP_TYPES.keys()];
    if (name === 'protocol' || name === 'ctproto') return [...PROTOCOLS.keys()];
    return values ?? [];
}

/**
 * What iptables accepts at the cursor in iptables-save text (an `iptables { }` block or a rules document), from
 * the registry: table headers and commands at a line's start, policies, modules, the options of the loaded modules,
 * the targets valid in this table at the hooks that reach the chain, the chains of namespace `ns` in `index` and
 * its interfaces.
 */
export function iptablesCompletion(document: LangiumDocument, at: LinePosition, ns: string, index: ModelIndex, backend: Backend): CompletionList {
    const { candidates, listItem } = validItems(document, at, ns, index, backend);
    // The whole word (or list item) under the cursor is replaced, so that accepting in its middle leaves no tail behind.
    const typed = (listItem ? /[^\s,]*$/ : /\S*$/).exec(at.text.slice(0, at.character))![0];
    const rest = (listItem ? /^[^\s,]*/ : /^\S*/).exec(at.text.slice(at.character))![0];
    const range = { start: { line: at.line, character: at.character - typed.length }, end: { line: at.line, character: at.character + rest.length } };
    const lower = typed.toLowerCase();
    const items: CompletionItem[] = (lower === '' ? candidates : candidates.filter(([label]) => label.toLowerCase().startsWith(lower)))
        .slice(0, MAX_ITEMS + 1)
        .map(([label, kind, detail]) => ({ label, kind, detail, textEdit: { newText: label, range } }));
    // kube-proxy tables declare tens of thousands of chains: send the first ones, and ask to be asked again as the word grows.
    return CompletionList.create(items.slice(0, MAX_ITEMS), items.length > MAX_ITEMS);
}

/** What iptables accepts at the cursor's word, as [label, kind, detail] (items are made only for those sent), and whether the word is a comma list. */
function validItems(document: LangiumDocument, at: LinePosition, ns: string, index: ModelIndex, backend: Backend): Offer {
    const before = at.text.slice(0, at.character);
    const words = wordsOf(before);
    // wordsOf stops at a word starting with `#`: the rest of the line is a comment.
    if (before.slice(words.at(-1)?.end ?? 0).trimStart().startsWith('#')) {
        return NOTHING;
    }
    const typing = words.length > 0 && !/\s$/.test(before);
    const partial = typing ? words[words.length - 1].text : '';
    const word = typing ? words.length - 1 : words.length;
    const previous = word > 0 ? words[word - 1].text : undefined;
    const table = tableAt(document, at, index.lines.get(document.uri.fsPath));
    if (word === 0) {
        const tables: Candidate[] = [...TABLES.keys()].map(name => [`*${name}`, CompletionItemKind.Module]);
        // `:NAME` declares a new chain: nothing to offer there.
        const candidates = partial.startsWith(':') ? [] : partial.startsWith('*') ? tables : [...tables, ...LINE_STARTS.map((start): Candidate => [start, CompletionItemKind.Keyword])];
        return { candidates };
    }
    if (words[0].text.startsWith(':')) {
        return { candidates: chainHeader(table, words[0].text.slice(1), word) };
    }
    // `iptables-save -c` writes a rule's counters before its command.
    const first = words[0].text.startsWith('[') && word > 1 ? 1 : 0;
    const command = words[first].text;
    const chains = (): Chain[] => tableChains(index, ns, table, document.uri.fsPath, at.line);
    if (word === first + 1) {
        // Only a built-in chain has a policy.
        if (POLICY_FLAGS.has(command)) return { candidates: TABLES.get(table)!.chains.map(name => [name, CompletionItemKind.Class]) };
        if (!CHAIN_FLAGS.has(command)) return NOTHING;
        const names = new Set([...TABLES.get(table)!.chains, ...chains().map(chain => chain.name)]);
        return { candidates: [...names].map(name => [name, CompletionItemKind.Class]) };
    }
    if (POLICY_FLAGS.has(command)) {
        return { candidates: word === 2 && builtinHook(table, words[1].text) ? POLICIES.map(p => [p, CompletionItemKind.Function]) : [] };
    }
    const context = ruleContext(words, word);
    // Only a rule (-A, -I, -R, -D) takes matches and a target; the other commands end with their chain.
    if (context.chain === undefined) {
        return NOTHING;
    }
    if (MATCH_FLAGS.has(previous!)) {
        return { candidates: [...MATCHES.keys()].filter(m => m !== 'basic' && !context.modules.has(m)).map(m => [m, CompletionItemKind.Module]) };
    }
    if (TARGET_FLAGS.has(previous!)) {
        return { candidates: targets(chains(), table, context.chain, previous === '-g' || previous === '--goto', backend, hooksOf(index, ns, table, context.chain)) };
    }
    const argumentOf = previous === '!' ? undefined : resolveOption(context, previous!);
    if (argumentOf && argumentOf.option.kind !== 'flag') {
        return argumentValues(argumentOf.key, argumentOf.option, partial, index, ns);
    }
    return { candidates: options(context, targetOf(words, word), partial) };
}

/** `:NAME POLICY [packets:bytes]`: a built-in chain's policy, `-` for a user chain, then the counters. */
function chainHeader(table: TableName, chain: string, word: number): Candidate[] {
    if (word === 1) {
        return builtinHook(table, chain) ? POLICIES.map(p => [p, CompletionItemKind.Function]) : [['-', CompletionItemKind.Keyword]];
    }
    return word === 2 ? [['[0:0]', CompletionItemKind.Value]] : [];
}

/** The chains of the table, without one that exists only because the cursor's own line, half typed, names it (`-A IN`). */
function tableChains(index: ModelIndex, ns: string, table: TableName, file: string, line: number): Chain[] {
    const declared = index.namespaces.get(ns)?.ruleset.tables.get(table)?.chains.values() ?? [];
    return [...declared].filter(chain => chain.source?.file !== file || chain.source.line !== line + 1);
}

/** The hooks that reach a chain: its own for a built-in one; a user chain nobody jumps to yet could be reached from anywhere, so none narrows it. */
function hooksOf(index: ModelIndex, ns: string, table: TableName, chain: string): readonly Hook[] {
    const builtin = builtinHook(table, chain);
    return builtin ? [builtin] : hooksOfChain(index, ns, table, chain);
}

/** Targets the kernel accepts in this table at the hooks that reach this chain, then the user chains to jump to. */
function targets(chains: readonly Chain[], table: TableName, chain: string, gotoOnly: boolean, backend: Backend, hooks: readonly Hook[]): Candidate[] {
    const result: Candidate[] = [];
    if (!gotoOnly) {
        for (const target of TARGETS.values()) {
            const tables = targetTables(target, backend);
            const validTable = tables === undefined || tables.includes(table);
            const validHook = target.hooks === undefined || hooks.every(h => target.hooks!.includes(h));
            if (validTable && validHook) result.push([target.name, CompletionItemKind.Function]);
        }
    }
    for (const declared of chains) {
        if (!declared.builtin && declared.name !== chain) result.push([declared.name, CompletionItemKind.Class]);
    }
    return result;
}

/** The values of an option's argument: the namespace's interfaces, or the registry's values, a comma list continued item by item. */
function argumentValues(owner: string, option: OptionSpec, partial: string, index: ModelIndex, ns: string): Offer {
    if (option.kind === 'interface') {
        // A dump opened on its own has a namespace without interfaces: nothing rather than guesses.
        return { candidates: (index.namespaces.get(ns)?.interfaces ?? []).map(i => [i.name, CompletionItemKind.Variable]) };
    }
    const values = optionValues(owner, option.name, option.values);
    if (option.kind !== 'words') {
        return { candidates: values.map(v => [v, CompletionItemKind.Value]) };
    }
    const listed = new Set(partial.split(',').slice(0, -1).map(v => v.toLowerCase()));
    return { candidates: values.filter(v => !listed.has(v.toLowerCase())).map(v => [v, CompletionItemKind.Value]), listItem: true };
}

/** The target of a rule (the word after -j or -g) if it comes before word `upTo`. */
function targetOf(words: readonly Word[], upTo: number): string | undefined {
    const flag = words.findIndex((w, i) => i + 1 < upTo && TARGET_FLAGS.has(w.text));
    return flag < 0 ? undefined : words[flag + 1].text;
}

/**
 * The options that may come next: the generic flags and those of the loaded modules or, once the rule has its one
 * target, only that target's options. Each in the spelling the word typed starts (`--` asks for the long ones).
 */
function options(context: RuleContext, target: string | undefined, partial: string): Candidate[] {
    const lower = partial.toLowerCase();
    const spelled = (spellings: readonly string[]) => spellings.find(s => s.startsWith(lower)) ?? spellings[0];
    const options = new Map<string, string>();
    const owners = target === undefined ? context.owners : context.owners.filter(({ spec }) => spec === TARGETS.get(target));
    if (target === undefined) {
        for (const flag of BASIC_FLAGS) options.set(spelled(flag), 'iptables');
    }
    for (const { key, spec } of owners) {
        for (const option of spec.options) {
            const spelling = spelled(option.spellings);
            if (!options.has(spelling)) options.set(spelling, key);
        }
    }
    return [...options].map(([spelling, owner]) => [spelling, CompletionItemKind.Property, owner]);
}
