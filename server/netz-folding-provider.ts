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
                tableSections(cst.text, cst.range.start.line, acceptor);
            }
        }
    }
}

/**
 * The `*table` ... `COMMIT` sections of iptables-save text starting at `firstLine`: a section runs from its header
 * to its `COMMIT`, or to the line before the next header or the text's last line.
 */
export function tableSections(text: string, firstLine: number, acceptor: FoldingRangeAcceptor): void {
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
    close(lines.length - 2);
}
