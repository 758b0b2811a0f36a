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

/** The smallest range covering all of them. */
function cover(ranges: Range[]): Range {
    return ranges.reduce((a, b) => ({ start: before(b.start, a.start) ? b.start : a.start, end: before(a.end, b.end) ? b.end : a.end }));
}

/** The line that comes first: the symbol's selection (a table's or chain's header when written). */
function first(ranges: Range[]): Range {
    return ranges.reduce((a, b) => before(b.start, a.start) ? b : a);
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
        const lines = inSpan(span, table.source) ? [rangeOf(table.source)] : [];
        for (const chain of table.chains.values()) {
            const rules = chain.rules.map(rule => rule.source).filter(source => inSpan(span, source));
            const own = [...inSpan(span, chain.source) ? [chain.source] : [], ...rules].map(rangeOf);
            if (own.length === 0) {
                continue;
            }
            lines.push(...own);
            chains.push({ name: chain.name, detail: chainRules(rules.length), kind: SymbolKind.Function, range: outer ?? cover(own), selectionRange: outer ?? first(own) });
        }
        if (lines.length === 0) {
            continue;
        }
        const range = cover(lines);
        const commit = text && commitAfter(text, range.end.line, span);
        symbols.push({ name: table.name, detail: 'table', kind: SymbolKind.Class, range: outer ?? cover(commit ? [range, commit] : [range]), selectionRange: outer ?? first(lines), children: chains });
    }
    return symbols;
}
