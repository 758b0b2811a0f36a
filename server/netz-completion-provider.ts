import type { AstNodeDescription, LangiumDocument, ReferenceInfo, Stream } from 'langium';
import type { CompletionContext } from 'langium/lsp';
import { DefaultCompletionProvider } from 'langium/lsp';
import type { CancellationToken, CompletionItem, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind, CompletionList } from 'vscode-languageserver';
import type { TableName } from '../model/model-api.js';
import { OUTCOMES } from '../model/model-api.js';
import type * as ast from '../language/generated/ast.js';
import type { Hook } from '../language/iptables/iptables-registry.js';
import { builtinHook, ICMP_TYPES, isTableName, MATCHES, PROTOCOLS, REJECT_WITH, TABLES, TARGETS, targetTables } from '../language/iptables/iptables-registry.js';
import { KNOWN_SYSCTLS } from '../language/lowering/sysctl-lowering.js';
import { interfacesOf, namespacesOf } from '../language/netz-scope-provider.js';
import type { BlockPosition } from './iptables-text.js';
import { blockAt, CHAIN_FLAGS, MATCH_FLAGS, resolveOption, ruleContext, TARGET_FLAGS, tableAt, wordsOf } from './iptables-text.js';
import { hooksOfChain } from './model-index.js';
import type { NetzServices } from './netz-lsp-module.js';

/** A completion label with its kind and detail. */
type Candidate = [label: string, kind: CompletionItemKind, detail?: string];

/** The most items one iptables completion answer carries. */
const MAX_ITEMS = 1000;
const MACVLAN_MODES = ['bridge', 'private', 'vepa', 'passthru'];
const LINE_STARTS = ['-A', '-I', '-N', '-P', 'COMMIT'];
const BASIC_FLAGS = ['-m', '-j', '-g'];
/** Keywords followed by a name being declared: nothing to complete there. */
const NAMING_KEYWORDS = new Set(['host', 'netns', 'nic', 'bridge', 'veth', 'tun', 'tap', 'vxlan', 'macvlan', 'vlan', 'probe']);

/** Values an option's argument can take, where the registry knows them. */
function optionValues(owner: string, name: string, values: readonly string[] | undefined): readonly string[] {
    if (owner === 'REJECT' && name === 'reject-with') return REJECT_WITH;
    if (name === 'icmp-type') return [...ICMP_TYPES.keys()];
    if (name === 'protocol' || name === 'ctproto') return [...PROTOCOLS.keys()];
    return values ?? [];
}

/**
 * Completion that knows where it is: inside an iptables block it offers what iptables accepts at that word
 * (registry-driven: modules, the options of the loaded modules, the targets valid in this table and chain,
 * declared chains); elsewhere Langium's grammar-driven completion, narrowed where a name is drawn from a known set.
 */
export class NetzCompletionProvider extends DefaultCompletionProvider {
    constructor(private readonly netz: NetzServices) {
        super(netz);
    }

    override async getCompletion(document: LangiumDocument, params: CompletionParams, token?: CancellationToken): Promise<CompletionList | undefined> {
        const block = blockAt(document, document.textDocument.offsetAt(params.position));
        if (block) {
            const items = this.iptablesItems(document, block);
            // kube-proxy tables declare tens of thousands of chains: send the first ones, and ask to be asked again as the word grows.
            return CompletionList.create(items.slice(0, MAX_ITEMS), items.length > MAX_ITEMS);
        }
        const values = this.valueItems(document, params);
        return values ? CompletionList.create(values, false) : super.getCompletion(document, params, token);
    }

    /** `master` takes a bridge, not any interface. */
    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        const candidates = super.getReferenceCandidates(refInfo, context);
        return refInfo.property === 'bridge' ? candidates.filter(d => d.type === 'Bridge') : candidates;
    }

    /**
     * Where the grammar says `Name` but the language knows the set (sysctl keys, outcomes, macvlan modes) or wants
     * a new name (after `host`, `nic`, `probe`...), the keyword after which the cursor sits decides, not the grammar.
     */
    private valueItems(document: LangiumDocument, params: CompletionParams): CompletionItem[] | undefined {
        const text = document.textDocument;
        const before = text.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
        const match = /(?:^|\s)(\S+)\s+([\w.-]*)$/.exec(before);
        if (!match) {
            return undefined;
        }
        const [, keyword, partial] = match;
        const range = { start: { line: params.position.line, character: params.position.character - partial.length }, end: params.position };
        const items = (values: Iterable<string>, kind: CompletionItemKind): CompletionItem[] =>
            [...values].map(label => ({ label, kind, textEdit: { range, newText: label } }));
        switch (keyword) {
            case 'sysctl': return items(this.sysctlKeys(document, text.offsetAt(params.position)), CompletionItemKind.Property);
            case 'expect': return items(OUTCOMES, CompletionItemKind.EnumMember);
            case 'mode': return items(MACVLAN_MODES, CompletionItemKind.EnumMember);
            default:
                // `expect ... at NS TABLE CHAIN`: the built-in chains of the table (a user chain is typed by hand).
                if (isTableName(keyword)) return items(TABLES.get(keyword)!.chains, CompletionItemKind.Class);
                return NAMING_KEYWORDS.has(keyword) ? [] : undefined;
        }
    }

    /** The known keys, per-interface ones for each interface of the namespace at the cursor. */
    private sysctlKeys(document: LangiumDocument, offset: number): string[] {
        // The innermost namespace around the cursor: the statement being typed is not in the AST yet.
        const namespace = namespacesOf(document.parseResult.value as ast.NetzFile)
            .filter(ns => ns.$cstNode !== undefined && ns.$cstNode.offset < offset && offset < ns.$cstNode.end)
            .pop();
        const names = namespace ? interfacesOf(namespace).map(i => i.name) : [];
        return KNOWN_SYSCTLS.flatMap(key => (key.includes('.IF.') ? names.map(name => key.replace('.IF.', `.${name}.`)) : [key]));
    }

    /** The items valid at the cursor that start with the word typed so far. */
    private iptablesItems(document: LangiumDocument, block: BlockPosition): CompletionItem[] {
        const before = block.text.slice(0, block.character);
        const typed = /\S*$/.exec(before)![0];
        const range = { start: { line: block.line, character: block.character - typed.length }, end: { line: block.line, character: block.character } };
        const lower = typed.toLowerCase();
        const valid = this.validItems(document, block);
        return (lower === '' ? valid : valid.filter(([label]) => label.toLowerCase().startsWith(lower)))
            .slice(0, MAX_ITEMS + 1) // one more than is sent tells that the list is incomplete
            .map(([label, kind, detail]) => ({ label, kind, detail, textEdit: { newText: label, range } }));
    }

    /** What iptables accepts at the cursor's word, as [label, kind, detail]; items are made only for those sent. */
    private validItems(document: LangiumDocument, block: BlockPosition): Candidate[] {
        const before = block.text.slice(0, block.character);
        const words = wordsOf(before);
        const typing = before.length > 0 && !/\s$/.test(before) && words.length > 0;
        const partial = typing ? words[words.length - 1].text : '';
        const at = typing ? words.length - 1 : words.length;
        const previous = at > 0 ? words[at - 1].text : undefined;
        const table = tableAt(document, block, this.netz.compiler.index(document).lines.get(document.uri.fsPath));
        if (at === 0) {
            const tables: Candidate[] = [...TABLES.keys()].map(name => [`*${name}`, CompletionItemKind.Module]);
            // `:NAME` declares a new chain: nothing to offer there.
            return partial.startsWith(':') ? [] : partial.startsWith('*') ? tables : [...tables, ...LINE_STARTS.map((word): Candidate => [word, CompletionItemKind.Keyword])];
        }
        const context = ruleContext(words, at);
        if (previous !== undefined && MATCH_FLAGS.has(previous)) {
            return [...MATCHES.keys()].filter(m => m !== 'basic' && !context.modules.has(m)).map(m => [m, CompletionItemKind.Module]);
        }
        if (previous !== undefined && TARGET_FLAGS.has(previous)) {
            return this.targets(document, block, table, context.chain, previous === '-g' || previous === '--goto');
        }
        if (previous !== undefined && CHAIN_FLAGS.has(previous)) {
            return this.chains(document, block, table).map(name => [name, CompletionItemKind.Class]);
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

    /** Built-in chains of the table and the user chains the namespace declares in it. */
    private chains(document: LangiumDocument, block: BlockPosition, table: TableName): string[] {
        const declared = this.netz.compiler.index(document).namespaces.get(block.namespace.name)?.ruleset.tables.get(table)?.chains;
        return [...new Set([...TABLES.get(table)!.chains, ...(declared?.keys() ?? [])])];
    }

    /** Targets the kernel accepts in this table at the hooks that reach this chain, then the user chains to jump to. */
    private targets(document: LangiumDocument, block: BlockPosition, table: TableName, chain: string | undefined, gotoOnly: boolean): Candidate[] {
        const index = this.netz.compiler.index(document);
        const ns = block.namespace.name;
        const builtin = chain === undefined ? undefined : builtinHook(table, chain);
        // A user chain nobody jumps to yet (or a line with no chain yet) could end up reached from anywhere: no hook narrows it.
        const hooks: readonly Hook[] = builtin ? [builtin] : chain === undefined ? [] : hooksOfChain(index, ns, table, chain);
        const backend = this.netz.compiler.backend;
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
}
