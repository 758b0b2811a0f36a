import { relative } from 'node:path';
import type { Diagnostic } from '../model/model-api.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    return [...diagnostics].sort((a, b) => a.source.file.localeCompare(b.source.file) || a.source.line - b.source.line
        || a.source.column - b.source.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code));
}

/** `file:line:col: severity code: message`, the shape compilers print and editors' problem matchers read. */
export function formatDiagnostic(diagnostic: Diagnostic, cwd: string): string {
    const { file, line, column } = diagnostic.source;
    return `${relative(cwd, file) || file}:${line}:${column}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`;
}
