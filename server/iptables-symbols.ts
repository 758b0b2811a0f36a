import type { DocumentSymbol, Range } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import type { Ruleset } from '../model/model-api.js';
import type { DocLocale } from '../language/docs/docs-lookup.js';
import { templatesFor } from '../language/docs/docs-templates.js';

/** Lines of one file (1-based, inclusive) whose rules belong to a block; `undefined` bounds mean the whole file. */
export interface LineSpan {
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

/**
 * The outline of a ruleset's text: its tables and chains whose lines lie in `span`, with rule counts. Each symbol
 * covers its own lines, or `outer` when the text is in another file than the outline's (`iptables from`).
 */
export function rulesetSymbols(ruleset: Ruleset | undefined, span: LineSpan, outer: Range | undefined, locale: DocLocale): DocumentSymbol[] {
    const chainRules = templatesFor(locale).facts.chainRules;
    const symbols: DocumentSymbol[] = [];
    for (const table of ruleset?.tables.values() ?? []) {
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
            const range = outer ?? lineRange(from, to);
            chains.push({ name: chain.name, detail: chainRules(count), kind: SymbolKind.Function, range, selectionRange: range });
        }
        if (table.source && inSpan(span, table.source.file, table.source.line)) {
            first = Math.min(first, table.source.line);
        }
        if (chains.length === 0 && first === Infinity) {
            continue;
        }
        const range = outer ?? lineRange(first, Math.max(first, last));
        symbols.push({ name: table.name, detail: 'table', kind: SymbolKind.Class, range, selectionRange: range, children: chains });
    }
    return symbols;
}
