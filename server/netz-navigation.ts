import { readFileSync } from 'node:fs';
import type { LangiumDocument, Reference } from 'langium';
import { AstUtils, CstUtils, URI } from 'langium';
import { DefaultDefinitionProvider, DefaultReferencesProvider, DefaultRenameProvider } from 'langium/lsp';
import type { DefinitionParams, Location, LocationLink, Range, ReferenceParams, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TableName } from '../model/model-api.js';
import { getOrCreate } from '../model/model-api.js';
import * as ast from '../language/generated/ast.js';
import { builtinHook } from '../language/iptables/iptables-registry.js';
import type { Word } from './iptables-text.js';
import { blockAt, CHAIN_FLAGS, chainMentions, INTERFACE_FLAGS, tableAt, wordAt, wordsOf } from './iptables-text.js';
import type { ModelIndex } from './model-index.js';
import type { NetzServices } from './netz-lsp-module.js';

/**
 * Definition, references and rename. Namespaces and interfaces are Langium cross-references, except that an
 * `NS.IF` reference spells two names: renaming either rewrites only its own part. User chains live inside
 * iptables text: their mentions are found from the model (the `:CHAIN` line, the chain's rules, the rules that
 * jump to it), then located in those lines only.
 */

interface ChainAtCursor {
    ns: string;
    table: TableName;
    name: string;
    range: Range;
}

function chainAtCursor(services: NetzServices, document: LangiumDocument, params: TextDocumentPositionParams): ChainAtCursor | undefined {
    const block = blockAt(document, document.textDocument.offsetAt(params.position));
    if (!block) {
        return undefined;
    }
    const words = wordsOf(block.text);
    const at = wordAt(words, block.character);
    if (at < 0) {
        return undefined;
    }
    const word: Word = words[at];
    let name: string | undefined;
    let start = word.start;
    if (at === 0 && word.text.startsWith(':')) {
        name = word.text.slice(1);
        start++;
    } else if (at > 0 && CHAIN_FLAGS.has(words[at - 1].text)) {
        name = word.text;
    }
    if (!name) {
        return undefined;
    }
    const table = tableAt(document, block, services.compiler.index(document).lines.get(document.uri.fsPath));
    return { ns: block.namespace.name, table, name, range: { start: { line: block.line, character: start }, end: { line: block.line, character: word.end } } };
}

/** The lines of each `iptables from` file, read once per compilation (its rules' line numbers refer to that reading). */
const RULES_FILE_LINES = new WeakMap<ModelIndex, Map<string, string[]>>();

/** One line (1-based) of the document or of a rules file it loads. */
function lineText(index: ModelIndex, document: LangiumDocument, file: string, line: number): string {
    if (file === document.uri.fsPath) {
        return document.textDocument.getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } });
    }
    const files = getOrCreate(RULES_FILE_LINES, index, () => new Map<string, string[]>());
    return getOrCreate(files, file, () => readFileSync(file, 'utf8').split('\n'))[line - 1] ?? '';
}

/** Every place the chain is named in the same table of the same namespace, the declaration first. */
function chainLocations(services: NetzServices, document: LangiumDocument, chain: ChainAtCursor): Location[] {
    const index = services.compiler.index(document);
    const declared = index.namespaces.get(chain.ns)?.ruleset.tables.get(chain.table)?.chains.get(chain.name);
    const lines: { file: string; line: number }[] = [];
    if (declared?.source) lines.push(declared.source);
    for (const rule of declared?.rules ?? []) lines.push(rule.source);
    for (const rule of index.jumpers.get(`${chain.ns}/${chain.table}/${chain.name}`) ?? []) lines.push(rule.source);
    const seen = new Set<string>();
    const locations: Location[] = [];
    for (const { file, line } of lines) {
        const key = `${file}:${line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const uri = URI.file(file).toString();
        for (const mention of chainMentions(lineText(index, document, file, line), chain.name)) {
            locations.push({ uri, range: { start: { line: line - 1, character: mention.start }, end: { line: line - 1, character: mention.end } } });
        }
    }
    return locations;
}

/** The chain as the compiled model holds it; it has a `source` when a `:CHAIN` line or `-N` declared it. */
function declaredChain(netz: NetzServices, document: LangiumDocument, chain: ChainAtCursor) {
    return netz.compiler.index(document).namespaces.get(chain.ns)?.ruleset.tables.get(chain.table)?.chains.get(chain.name);
}

export class NetzDefinitionProvider extends DefaultDefinitionProvider {
    constructor(private readonly netz: NetzServices) {
        super(netz);
    }

    override getDefinition(document: LangiumDocument, params: DefinitionParams) {
        const chain = chainAtCursor(this.netz, document, params);
        if (!chain) {
            return super.getDefinition(document, params);
        }
        const declaration = chainLocations(this.netz, document, chain)[0];
        const declared = declaredChain(this.netz, document, chain);
        if (!declaration || !declared?.source) {
            return undefined;
        }
        const link: LocationLink = { originSelectionRange: chain.range, targetUri: declaration.uri, targetRange: declaration.range, targetSelectionRange: declaration.range };
        return [link];
    }
}

export class NetzReferencesProvider extends DefaultReferencesProvider {
    constructor(private readonly netz: NetzServices) {
        super(netz);
    }

    override findReferences(document: LangiumDocument, params: ReferenceParams) {
        const chain = chainAtCursor(this.netz, document, params);
        if (!chain) {
            return super.findReferences(document, params);
        }
        const locations = chainLocations(this.netz, document, chain);
        const declared = declaredChain(this.netz, document, chain);
        return params.context.includeDeclaration || !declared?.source ? locations : locations.slice(1);
    }
}

export class NetzRenameProvider extends DefaultRenameProvider {
    constructor(private readonly netz: NetzServices) {
        super(netz);
    }

    override prepareRename(document: LangiumDocument, params: TextDocumentPositionParams) {
        const chain = chainAtCursor(this.netz, document, params);
        if (chain) {
            return builtinHook(chain.table, chain.name) ? undefined : chain.range;
        }
        return super.prepareRename(document, params);
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const chain = chainAtCursor(this.netz, document, params);
        if (chain) {
            return builtinHook(chain.table, chain.name) ? undefined : this.edits(chainLocations(this.netz, document, chain).map(l => ({ uri: l.uri, edit: { range: l.range, newText: params.newName } })));
        }
        const root = document.parseResult.value.$cstNode;
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), this.grammarConfig.nameRegexp);
        const target = leaf && this.references.findDeclarations(leaf)[0];
        if (ast.isInterface(target)) {
            return this.renameInterface(document, target, params.newName);
        }
        const renamed = await super.rename(document, params);
        if (renamed && (ast.isHost(target) || ast.isNetns(target))) {
            this.renameNamespacePrefixes(target, params.newName, renamed);
        }
        return renamed;
    }

    private edits(edits: { uri: string; edit: TextEdit }[]): WorkspaceEdit {
        const changes: Record<string, TextEdit[]> = {};
        for (const { uri, edit } of edits) {
            (changes[uri] ??= []).push(edit);
        }
        return { changes };
    }

    private *interfaceReferences(): Generator<{ document: LangiumDocument; reference: Reference }> {
        for (const document of this.netz.shared.workspace.LangiumDocuments.all) {
            for (const reference of document.references) {
                if ('ref' in reference && reference.$refNode && ast.isInterface(reference.ref)) {
                    yield { document, reference };
                }
            }
        }
    }

    /**
     * The declared name, every bare reference, the interface part of every `NS.IF` reference, and the
     * interface of the namespace's iptables rules (`-i`, `-o`, `--physdev-*`), which would silently stop matching.
     */
    private renameInterface(document: LangiumDocument, target: ast.Interface, newName: string): WorkspaceEdit {
        const edits: { uri: string; edit: TextEdit }[] = [];
        const home = AstUtils.getContainerOfType(target, (n): n is ast.Namespace => ast.isHost(n) || ast.isNetns(n));
        const nameNode = this.nameProvider.getNameNode(target);
        if (nameNode) {
            edits.push({ uri: AstUtils.getDocument(target).uri.toString(), edit: { range: nameNode.range, newText: newName } });
        }
        for (const { document, reference } of this.interfaceReferences()) {
            if (reference.ref !== target) continue;
            const node = reference.$refNode!;
            const prefix = home && reference.$refText === `${home.name}.${target.name}` ? home.name.length + 1 : 0;
            const start = document.textDocument.positionAt(node.offset + prefix);
            edits.push({ uri: document.uri.toString(), edit: { range: { start, end: node.range.end }, newText: newName } });
        }
        if (home) {
            edits.push(...this.ruleInterfaceEdits(document, home.name, target.name, newName));
        }
        return this.edits(edits);
    }

    private ruleInterfaceEdits(document: LangiumDocument, ns: string, name: string, newName: string): { uri: string; edit: TextEdit }[] {
        const index = this.netz.compiler.index(document);
        const edits: { uri: string; edit: TextEdit }[] = [];
        for (const table of index.namespaces.get(ns)?.ruleset.tables.values() ?? []) {
            for (const chain of table.chains.values()) {
                for (const rule of chain.rules) {
                    const names = rule.matches.some(m => m.options.some(o => o.value.kind === 'interface' && !o.value.wildcard && o.value.name === name));
                    if (!names) continue;
                    const words = wordsOf(lineText(index, document, rule.source.file, rule.source.line));
                    words.forEach((word, i) => {
                        if (i > 0 && word.text === name && INTERFACE_FLAGS.has(words[i - 1].text)) {
                            const line = rule.source.line - 1;
                            edits.push({ uri: URI.file(rule.source.file).toString(), edit: { range: { start: { line, character: word.start }, end: { line, character: word.end } }, newText: newName } });
                        }
                    });
                }
            }
        }
        return edits;
    }

    /** Langium renamed the namespace's own references; the `NS.` prefix of interface references is ours. */
    private renameNamespacePrefixes(target: ast.Namespace, newName: string, renamed: WorkspaceEdit): void {
        for (const { document, reference } of this.interfaceReferences()) {
            const owner = AstUtils.getContainerOfType(reference.ref, (n): n is ast.Namespace => ast.isHost(n) || ast.isNetns(n));
            if (owner !== target || !reference.$refText.startsWith(`${target.name}.`)) continue;
            const node = reference.$refNode!;
            const end = document.textDocument.positionAt(node.offset + target.name.length);
            const changes = (renamed.changes ??= {});
            (changes[document.uri.toString()] ??= []).push({ range: { start: node.range.start, end }, newText: newName });
        }
    }
}
