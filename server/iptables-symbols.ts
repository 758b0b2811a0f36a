import type { DocumentSymbol, Position, Range } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceRef, Ruleset } from '../model/model-api.js';
import type { DocLocale } from '../language/docs/docs-lookup.js';
import { templatesFor } from '../language/docs/docs-templates.js';

/** Lines of one file (1-based, inclusive) whose rules belong to a block; `undefined` bounds mean the whole file. */
export interface LineSpan {
    file: string;
    from?: number;
    to?: number;
}

function inSpan(span: LineSpan, source: SourceRef | undefined): source is SourceRef {
    return source !== undefined && source.file === span.file && (span.from === undefined || source.line >= span.from) && (span.to === undefined || source.line <= span.to);
}

/** A source's text: from its first non-blank character to the end of its text on its last line. */
function rangeOf(source: SourceRef): Range {
    return { start: { line: source.line - 1, character: source.column - 1 }, end: { line: source.endLine - 1, character: source.endColumn - 1 } };
}

function before(a: Position, b: Position): boolean {
    return a.line < b.line || a.line === b.line && a.character < b.character;
}

/** The smallest range covering both. */
function cover(a: Range, b: Range): Range {
    return { start: before(b.start, a.start) ? b.start : a.start, end: before(a.end, b.end) ? b.end : a.end };
}

/** The one that comes first: a symbol's selection (a table's or chain's header when written). */
function first(a: Range, b: Range): Range {
    return before(b.start, a.start) ? b : a;
}

/** A symbol's extent and selection, grown line by line: a kube-proxy chain may hold 100,000 rules. */
class Extent {
    range: Range | undefined;
    selection: Range | undefined;

    add(range: Range): void {
        this.range = this.range ? cover(this.range, range) : range;
        this.selection = this.selection ? first(this.selection, range) : range;
    }
}

/**
 * The `COMMIT` that closes a table whose last line is `last` (0-based), if only blank and comment lines come between;
 * the model keeps no trace of it, so it is read from the text.
 */
function commitAfter(text: TextDocument, last: number, span: LineSpan): Range | undefined {
    const end = Math.min(text.lineCount, span.to ?? Infinity);
    for (let line = last + 1; line < end; line++) {
        const content = text.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).trimEnd();
        const trimmed = content.trimStart();
        if (trimmed === 'COMMIT') {
            return { start: { line, character: content.length - trimmed.length }, end: { line, character: content.length } };
        }
        if (trimmed !== '' && !trimmed.startsWith('#')) {
            return undefined;
        }
    }
    return undefined;
}

/**
 * The outline of a ruleset's text: its tables and chains whose lines lie in `span`, with rule counts. Each symbol
 * covers its own text (a table through its `COMMIT` when `text`, the span's file, is given), or `outer` when the
 * text is in another file than the outline's (`iptables from`).
 */
export function rulesetSymbols(ruleset: Ruleset | undefined, span: LineSpan, outer: Range | undefined, locale: DocLocale, text?: TextDocument): DocumentSymbol[] {
    const chainRules = templatesFor(locale).facts.chainRules;
    const symbols: DocumentSymbol[] = [];
    for (const table of ruleset?.tables.values() ?? []) {
        const chains: DocumentSymbol[] = [];
        const tableExtent = new Extent();
        if (inSpan(span, table.source)) {
            tableExtent.add(rangeOf(table.source));
        }
        for (const chain of table.chains.values()) {
            const extent = new Extent();
            if (inSpan(span, chain.source)) {
                extent.add(rangeOf(chain.source));
            }
            let rules = 0;
            for (const rule of chain.rules) {
                const source = rule.source;
                if (inSpan(span, source)) {
                    rules++;
                    extent.add(rangeOf(source));
                }
            }
            if (!extent.range || !extent.selection) {
                continue;
            }
            tableExtent.add(extent.range);
            chains.push({ name: chain.name, detail: chainRules(rules), kind: SymbolKind.Function, range: outer ?? extent.range, selectionRange: outer ?? extent.selection });
        }
        if (!tableExtent.range || !tableExtent.selection) {
            continue;
        }
        const commit = text && commitAfter(text, tableExtent.range.end.line, span);
        const range = commit ? cover(tableExtent.range, commit) : tableExtent.range;
        symbols.push({ name: table.name, detail: 'table', kind: SymbolKind.Class, range: outer ?? range, selectionRange: outer ?? tableExtent.selection, children: chains });
    }
    return symbols;
}
