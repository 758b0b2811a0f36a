import type { AstNode, LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import type { FoldingRangeAcceptor } from 'langium/lsp';
import { DefaultFoldingRangeProvider } from 'langium/lsp';
import { isIptablesBlock } from '../language/generated/ast.js';

/** Blocks and comments fold as Langium does; inside an iptables block each `*table` ... `COMMIT` section folds too. */
export class NetzFoldingRangeProvider extends DefaultFoldingRangeProvider {
    protected override collectFolding(document: LangiumDocument, acceptor: FoldingRangeAcceptor): void {
        super.collectFolding(document, acceptor);
        for (const node of AstUtils.streamAllContents(document.parseResult.value as AstNode).filter(isIptablesBlock)) {
            const cst = node.$cstNode;
            if (cst) {
                // The block's last line is its closing brace.
                tableSections(cst.text, cst.range.start.line, acceptor, cst.text.split('\n').length - 2);
            }
        }
    }
}

/**
 * The `*table` ... `COMMIT` sections of iptables-save text starting at `firstLine`: a section runs from its header
 * to its `COMMIT`, or to the line before the next header, or to line `last` (0-based in the text).
 */
export function tableSections(text: string, firstLine: number, acceptor: FoldingRangeAcceptor, last: number): void {
    const lines = text.split('\n');
    let open: number | undefined;
    const close = (end: number): void => {
        if (open !== undefined && end > open) {
            acceptor({ startLine: firstLine + open, endLine: firstLine + end, kind: 'region' });
        }
        open = undefined;
    };
    lines.forEach((line, i) => {
        const content = line.trim();
        if (content.startsWith('*')) {
            close(i - 1);
            open = i;
        } else if (content === 'COMMIT') {
            close(i);
        }
    });
    close(last);
}
