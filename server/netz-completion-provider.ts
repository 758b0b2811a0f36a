import type { AstNodeDescription, LangiumDocument, ReferenceInfo, Stream } from 'langium';
import type { CompletionContext } from 'langium/lsp';
import { DefaultCompletionProvider } from 'langium/lsp';
import type { CancellationToken, CompletionItem, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind, CompletionList } from 'vscode-languageserver';
import { OUTCOMES } from '../model/model-api.js';
import type * as ast from '../language/generated/ast.js';
import { isTableName, TABLES } from '../language/iptables/iptables-registry.js';
import { KNOWN_SYSCTLS } from '../language/lowering/sysctl-lowering.js';
import { interfacesOf, namespacesOf } from '../language/netz-scope-provider.js';
import { iptablesCompletion } from './iptables-completion.js';
import { blockAt } from './iptables-text.js';
import type { NetzServices } from './netz-lsp-module.js';

const MACVLAN_MODES = ['bridge', 'private', 'vepa', 'passthru'];
/** Keywords followed by a name being declared: nothing to complete there. */
const NAMING_KEYWORDS = new Set(['host', 'netns', 'nic', 'bridge', 'veth', 'tun', 'tap', 'vxlan', 'macvlan', 'vlan', 'probe']);

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
            return iptablesCompletion(document, block, block.namespace.name, this.netz.compiler.index(document), this.netz.compiler.backend);
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
}
