import type { AstNode, LangiumDocument, LeafCstNode } from 'langium';
import { AstUtils, CstUtils, GrammarAST, GrammarUtils } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { parseCidr } from '../model/model-api.js';
import * as ast from '../language/generated/ast.js';
import { docFor } from '../language/docs/docs-lookup.js';
import { templatesFor } from '../language/docs/docs-templates.js';
import { iptablesHover } from './iptables-hover.js';
import { blockAt } from './iptables-text.js';
import { addressFacts, interfaceFacts, namespaceFacts } from './model-facts.js';
import type { ModelIndex } from './model-index.js';
import type { NetzServices } from './netz-lsp-module.js';
import { probeLensTitle } from './netz-code-lens-provider.js';


/**
 * Hovers teach: keywords, sysctls, tables, chains, modules, options and targets come from the documentation
 * catalogue; names, addresses and rule lines from the compiled model of this document version.
 */
export class NetzHoverProvider implements HoverProvider {
    constructor(private readonly services: NetzServices) {
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const offset = document.textDocument.offsetAt(params.position);
        const block = blockAt(document, offset);
        const value = block
            ? iptablesHover(document, block, block.namespace.name, this.services.compiler.index(document), this.locale)
            : this.netzHover(document, offset);
        return value === undefined ? undefined : { contents: { kind: 'markdown', value } };
    }

    private get locale() {
        return this.services.settings.locale;
    }

    private netzHover(document: LangiumDocument, offset: number): string | undefined {
        const root = document.parseResult.value.$cstNode;
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, offset, this.services.parser.GrammarConfig.nameRegexp);
        if (!leaf || leaf.end <= offset || leaf.offset > offset) {
            return undefined;
        }
        const index = this.services.compiler.index(document);
        for (const declaration of this.services.references.References.findDeclarations(leaf)) {
            const facts = this.declarationFacts(declaration, index, document);
            if (facts !== undefined) {
                return facts;
            }
        }
        const node = leaf.astNode;
        const property = GrammarUtils.findAssignment(leaf)?.feature;
        if (ast.isSysctlStmt(node) && property === 'key') {
            return this.sysctlHover(node, index);
        }
        if (ast.isProbe(node) && property === 'outcome') {
            return docFor(`outcome:${node.outcome}`, this.locale);
        }
        if (ast.isProbe(node) && property === 'table' && node.table !== undefined) {
            return docFor(`table:${node.table}`, this.locale);
        }
        if (ast.isProbe(node) && property === 'chain' && node.table !== undefined && node.chain !== undefined) {
            return docFor(`chain:${node.table}:${node.chain}`, this.locale);
        }
        if (ast.isModeAttr(node) && property === 'value') {
            return docFor(`keyword:${node.value}`, this.locale);
        }
        const tokenType = (leaf as LeafCstNode).tokenType?.name;
        if (tokenType === 'CIDR' || tokenType === 'IPV4') {
            const cidr = parseCidr(leaf.text);
            return cidr && addressFacts(cidr.address, index, this.locale);
        }
        // Before its `{`, the block token is the keyword `iptables`.
        if (GrammarAST.isKeyword(leaf.grammarSource) || tokenType === 'IPTABLES_BLOCK') {
            return docFor(`keyword:${tokenType === 'IPTABLES_BLOCK' ? 'iptables' : leaf.text}`, this.locale);
        }
        return undefined;
    }

    private declarationFacts(declaration: AstNode, index: ModelIndex, document: LangiumDocument): string | undefined {
        if (ast.isHost(declaration) || ast.isNetns(declaration)) {
            const ns = index.namespaces.get(declaration.name);
            return ns && namespaceFacts(ns, this.locale);
        }
        if (ast.isInterface(declaration)) {
            const owner = AstUtils.getContainerOfType(declaration.$container, (n): n is ast.Namespace => ast.isHost(n) || ast.isNetns(n));
            const iface = owner && index.interfaces.get(`${owner.name}/${declaration.name}`);
            return iface && interfaceFacts(iface, index, this.locale);
        }
        if (ast.isProbe(declaration)) {
            const result = this.services.compiler.compile(document).traces.find(t => t.probe.name === declaration.name);
            return result && `**probe ${declaration.name}**\n\n${probeLensTitle(result.probe, result.trace, result.judged, this.locale)}\n\n${templatesFor(this.locale).lens.reason(result.trace.reason)}`;
        }
        return undefined;
    }

    private sysctlHover(node: ast.SysctlStmt, index: ModelIndex): string | undefined {
        const doc = docFor(`sysctl:${node.key}`, this.locale);
        const owner = AstUtils.getContainerOfType(node, (n): n is ast.Namespace => ast.isHost(n) || ast.isNetns(n));
        const entry = owner && index.namespaces.get(owner.name)?.sysctls.entries.get(node.key);
        const effective = entry && `\`${node.key} = ${entry.value}\` (${templatesFor(this.locale).facts.origin[entry.origin]})`;
        return doc === undefined ? effective : effective === undefined ? doc : `${doc}\n\n${effective}`;
    }
}
