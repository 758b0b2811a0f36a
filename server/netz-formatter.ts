import type { LangiumDocument } from 'langium';
import { CstUtils } from 'langium';
import type { Formatter } from 'langium/lsp';
import type { DocumentFormattingParams, DocumentOnTypeFormattingOptions, DocumentRangeFormattingParams, FormattingOptions, Range, TextEdit } from 'vscode-languageserver';

/**
 * Indents each line by the braces open before it, one level per block. Only leading whitespace changes. The lines
 * inside an `iptables { ... }` block and inside comments are left exactly as written (iptables-save text is
 * pasted and diffed as is); only the block's closing brace, alone on its line, follows the indentation.
 */
export class NetzFormatter implements Formatter {
    readonly formatOnTypeOptions: DocumentOnTypeFormattingOptions | undefined = undefined;

    formatDocument(document: LangiumDocument, params: DocumentFormattingParams): TextEdit[] {
        return this.indent(document, params.options);
    }

    formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
        const { start, end } = params.range;
        return this.indent(document, params.options).filter(edit => edit.range.start.line >= start.line && edit.range.start.line <= end.line);
    }

    formatDocumentOnType(): TextEdit[] {
        return [];
    }

    private indent(document: LangiumDocument, options: FormattingOptions): TextEdit[] {
        const root = document.parseResult.value.$cstNode;
        if (!root || document.parseResult.lexerErrors.length > 0 || document.parseResult.parserErrors.length > 0) {
            return []; // braces of a broken file do not tell the nesting
        }
        const text = document.textDocument;
        const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
        /** Depth at the first token of each line that starts with a token; lines absent here are left alone. */
        const depthAtLine = new Map<number, number>();
        let depth = 0;
        for (const leaf of CstUtils.flattenCst(root)) {
            const line = leaf.range.start.line;
            const opensLine = !depthAtLine.has(line) && /^\s*$/.test(text.getText({ start: { line, character: 0 }, end: leaf.range.start }));
            if (leaf.text === '}' && !leaf.hidden) {
                depth = Math.max(0, depth - 1);
            }
            if (opensLine) {
                depthAtLine.set(line, depth);
            }
            if (leaf.text === '{' && !leaf.hidden) {
                depth++;
            }
            if (leaf.tokenType.name === 'IPTABLES_BLOCK' && leaf.range.end.line > line) {
                const lastLine = leaf.range.end.line;
                if (/^\s*\}$/.test(text.getText({ start: { line: lastLine, character: 0 }, end: leaf.range.end }))) {
                    depthAtLine.set(lastLine, depth);
                }
            }
        }
        const edits: TextEdit[] = [];
        for (const [line, level] of depthAtLine) {
            const content = text.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
            const existing = /^[ \t]*/.exec(content)![0];
            const wanted = unit.repeat(level);
            if (existing !== wanted) {
                const range: Range = { start: { line, character: 0 }, end: { line, character: existing.length } };
                edits.push({ range, newText: wanted });
            }
        }
        return edits;
    }
}
