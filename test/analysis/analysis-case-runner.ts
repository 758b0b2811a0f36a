import { readFileSync } from 'node:fs';
import { analyzeNamespace, analyzeRuleset } from '../../analysis/analysis-api.js';
import { emptyRuleset, parseIptablesSave } from '../../language/iptables/iptables-save-parser.js';
import { loadNetzText } from '../../language/netz-loader.js';
import type { Diagnostic } from '../../model/model-api.js';

/** A finding as the expected files spell it: positions by line, related places by line too. */
export interface ExpectedFinding {
    line: number;
    code: string;
    severity: string;
    message: string;
    related: { line: number; message: string }[];
}

export function normalize(findings: Diagnostic[]): ExpectedFinding[] {
    return findings
        .map((d) => ({
            line: d.source.line,
            code: d.code,
            severity: d.severity,
            message: d.message,
            related: (d.related ?? []).map((r) => ({ line: r.source.line, message: r.message })),
        }))
        .sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
}

/** Findings for a case file: an iptables-save text analysed alone, or a `.netz` file namespace by namespace. */
export async function caseFindings(path: string): Promise<ExpectedFinding[]> {
    const text = readFileSync(path, 'utf8');
    if (path.endsWith('.netz')) {
        const { model } = await loadNetzText(text, path);
        return normalize(model.namespaces.flatMap((ns) => analyzeNamespace(ns, model)));
    }
    const ruleset = emptyRuleset();
    parseIptablesSave(text, ruleset, { file: path });
    return normalize(analyzeRuleset(ruleset));
}
