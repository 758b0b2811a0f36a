import type { AstNode, CstNode } from 'langium';
import { GrammarUtils } from 'langium';
import type { Diagnostic, Severity, SourceRef } from '../../model/model-api.js';

/** Turns Langium's 0-based CST ranges into the model's 1-based source references. */
export function refOfCst(file: string, cst: CstNode | undefined): SourceRef {
    if (!cst) {
        return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    }
    const { start, end } = cst.range;
    return { file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export function refOf(file: string, node: AstNode, property?: string): SourceRef {
    const cst = property ? GrammarUtils.findNodeForProperty(node.$cstNode, property) ?? node.$cstNode : node.$cstNode;
    return refOfCst(file, cst);
}

/** Collects diagnostics for one file while lowering it. */
export class DiagnosticSink {
    readonly diagnostics: Diagnostic[] = [];

    constructor(readonly file: string) {
    }

    report(severity: Severity, code: string, message: string, source: SourceRef, related?: Diagnostic['related']): void {
        this.diagnostics.push(related ? { code, severity, message, source, related } : { code, severity, message, source });
    }

    at(node: AstNode, property?: string): SourceRef {
        return refOf(this.file, node, property);
    }
}
