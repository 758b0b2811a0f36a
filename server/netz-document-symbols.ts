import { dirname, resolve } from 'node:path';
import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { GrammarUtils } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import type { DocumentSymbol, Range } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import type { Namespace } from '../model/model-api.js';
import * as ast from '../language/generated/ast.js';
import { templatesFor } from '../language/docs/docs-templates.js';
import type { NetzServices } from './netz-lsp-module.js';

/** Lines of one file (1-based, inclusive) whose rules belong to a block; `undefined` bounds mean the whole file. */
interface LineSpan {
    file: string;
    from?: number;
    to?: number;
}

function inSpan(span: LineSpan, file: string, line: number): boolean {
    return file === span.file && (span.from === undefined || line >= span.from) && (span.to === undefined || line <= span.to);
}

function lineRange(from: number, to: number): Range {
    return { start: { line: from - 1, character: 0 }, end: { line: to - 1, character: 0 } };
}

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
            return [this.symbol('iptables', undefined, SymbolKind.Module, cst, cst, this.tables(document, node, span, cst.range))];
        }
        if (ast.isIptablesFrom(node) && node.path !== undefined) {
            const span = { file: resolve(dirname(document.uri.fsPath), node.path) };
            return [this.symbol(`iptables from "${node.path}"`, undefined, SymbolKind.Module, cst, cst, this.tables(document, node, span, cst.range))];
        }
        return [];
    }

    private nameNode(node: AstNode): CstNode {
        return GrammarUtils.findNodeForProperty(node.$cstNode, 'name') ?? node.$cstNode!;
    }

    private symbol(name: string, detail: string | undefined, kind: SymbolKind, cst: CstNode, nameCst: CstNode, children?: DocumentSymbol[]): DocumentSymbol {
        return { name: name || '?', detail, kind, range: cst.range, selectionRange: nameCst.range, children };
    }

    /**
     * Tables and chains of the block's namespace whose text lies in the block, with rule counts, read from the
     * compiled model. Rules of an `iptables from` file get the range of the line that loads it.
     */
    private tables(document: LangiumDocument, node: ast.IptablesBlock | ast.IptablesFrom, span: LineSpan, outer: Range): DocumentSymbol[] {
        const owner = node.$container as ast.Host | ast.Netns;
        const ns: Namespace | undefined = this.services.compiler.index(document).namespaces.get(owner.name);
        const chainRules = templatesFor(this.services.settings.locale).facts.chainRules;
        const local = span.from !== undefined;
        const symbols: DocumentSymbol[] = [];
        for (const table of ns?.ruleset.tables.values() ?? []) {
            const chains: DocumentSymbol[] = [];
            let first = Infinity;
            let last = -Infinity;
            for (const chain of table.chains.values()) {
                const declared = chain.source !== undefined && inSpan(span, chain.source.file, chain.source.line);
                let count = 0;
                let from = declared ? chain.source!.line : Infinity;
                let to = declared ? chain.source!.line : -Infinity;
                for (const rule of chain.rules) {
                    if (inSpan(span, rule.source.file, rule.source.line)) {
                        count++;
                        from = Math.min(from, rule.source.line);
                        to = Math.max(to, rule.source.line);
                    }
                }
                if (count === 0 && !declared) {
                    continue;
                }
                first = Math.min(first, from);
                last = Math.max(last, to);
                const range = local ? lineRange(from, to) : outer;
                chains.push({ name: chain.name, detail: chainRules(count), kind: SymbolKind.Function, range, selectionRange: range });
            }
            if (table.source && inSpan(span, table.source.file, table.source.line)) {
                first = Math.min(first, table.source.line);
            }
            if (chains.length === 0 && first === Infinity) {
                continue;
            }
            const range = local ? lineRange(first, Math.max(first, last)) : outer;
            symbols.push({ name: table.name, detail: 'table', kind: SymbolKind.Class, range, selectionRange: range, children: chains });
        }
        return symbols;
    }
}
