/** Where an element of the model was written. Lines and columns are 1-based, as editors and `file:line:col` show them. */
export interface SourceRef {
    /** Absolute path or URI-less path of the file the text came from (`.netz` file, or a file named by `iptables from`). */
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A problem found in the text or the model, with a stable code (see docs/DIAGNOSTICS.md). */
export interface Diagnostic {
    code: string;
    severity: Severity;
    message: string;
    source: SourceRef;
    /** Other places the message talks about (the rules that shadow this one, the other end of a veth, ...). */
    related?: { message: string; source: SourceRef }[];
}

/** A file's name without its folders, for messages (any separator: the model runs in browsers too). */
export function fileName(path: string): string {
    return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
