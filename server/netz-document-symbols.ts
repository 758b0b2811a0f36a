import { dirname, resolve } from 'node:path';
import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { GrammarUtils } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import type { DocumentSymbol, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolKind } from 'vscode-languageserver';
import * as ast from '../language/generated/ast.js';
import type { LineSpan } from './iptables-symbols.js';
import { rulesetSymbols } from './iptables-symbols.js';
import type { NetzServices } from './netz-lsp-module.js';

/** The outline: hosts › netns › interfaces, probes, and iptables › table › chain with rule counts. */
export class NetzDocumentSymbolProvider implements DocumentSymbolProvider {
    constructor(private readonly services: NetzServices) {
    }

    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        return (document.parseResult.value as ast.NetzFile).statements.flatMap(node => this.symbolsOf(document, node));
    }

    private symbolsOf(document: LangiumDocument, node: AstNode): DocumentSymbol[] {
        const cst = node.$cstNode;
        if (!cst) {
            return [];
        }
        if (ast.isHost(node) || ast.isNetns(node)) {
            const children = (node.statements as AstNode[]).flatMap(child => this.symbolsOf(document, child));
            return [this.symbol(node.name, node.$type === 'Host' ? 'host' : 'netns', SymbolKind.Namespace, cst, this.nameNode(node), children)];
        }
        if (ast.isInterface(node)) {
            return [this.symbol(node.name, node.kind, SymbolKind.Interface, cst, this.nameNode(node))];
        }
        if (ast.isProbe(node)) {
            return [this.symbol(node.name, 'probe', SymbolKind.Event, cst, this.nameNode(node))];
        }
        if (ast.isIptablesBlock(node)) {
            const span = { file: document.uri.fsPath, from: cst.range.start.line + 1, to: cst.range.end.line + 1 };
            return [this.symbol('iptables', undefined, SymbolKind.Module, cst, cst, this.tables(document, node, span, cst.range, true))];
        }
        if (ast.isIptablesFrom(node) && node.path !== undefined) {
            const span = { file: resolve(dirname(document.uri.fsPath), node.path) };
            // The rules are in another file: their chains get the range of the line that loads it.
            return [this.symbol(`iptables from "${node.path}"`, undefined, SymbolKind.Module, cst, cst, this.tables(document, node, span, cst.range, false))];
        }
        return [];
    }

    private nameNode(node: AstNode): CstNode {
        return GrammarUtils.findNodeForProperty(node.$cstNode, 'name') ?? node.$cstNode!;
    }

    private symbol(name: string, detail: string | undefined, kind: SymbolKind, cst: CstNode, nameCst: CstNode, children?: DocumentSymbol[]): DocumentSymbol {
        return { name: name || '?', detail, kind, range: cst.range, selectionRange: nameCst.range, children };
    }

    private tables(document: LangiumDocument, node: ast.IptablesBlock | ast.IptablesFrom, span: LineSpan, outer: Range, local: boolean): DocumentSymbol[] {
        const owner = node.$container as ast.Host | ast.Netns;
        const ns = this.services.compiler.index(document).namespaces.get(owner.name);
        return rulesetSymbols(ns?.ruleset, span, local ? undefined : outer, this.services.settings.locale, document.textDocument as TextDocument);
    }
}
