import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** One row of the results table: a target of issue 9 with its measured figure, or a context figure without a target. */
export interface BenchRow {
    name: string;
    /** What was measured, formatted (median and spread). */
    measured: string;
    /** The reference it is held to (another tool's time, or the budget), formatted. */
    reference: string;
    /** measured / reference, when the target is a ratio or a budget; undefined for context rows. */
    ratio?: number;
    /** The largest ratio that passes. */
    limit?: number;
    /** Peak resident set of the process measured, in KiB (the 1 GiB target applies to every row). */
    peakKiB?: number;
    /** Why the row has no figure yet (a harness that does not exist). */
    missing?: string;
    /** The benchmark broke (a tool failed, a workload had errors): the row fails with this message. */
    error?: string;
}

export const MEMORY_LIMIT_KIB = 1024 * 1024;

export type Verdict = 'PASS' | 'FAIL' | 'INFO' | 'NOT MEASURED';

/** PASS needs both the time (ratio ≤ limit) and the memory (≤ 1 GiB) targets. */
export function verdict(row: BenchRow): Verdict {
    if (row.error !== undefined) {
        return 'FAIL';
    }
    if (row.missing !== undefined) {
        return 'NOT MEASURED';
    }
    const memoryOk = row.peakKiB === undefined || row.peakKiB <= MEMORY_LIMIT_KIB;
    if (row.ratio === undefined || row.limit === undefined) {
        return memoryOk ? 'INFO' : 'FAIL';
    }
    return row.ratio <= row.limit && memoryOk ? 'PASS' : 'FAIL';
}

export function median(values: number[]): number {
    if (values.length === 0) {
        return NaN;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function formatMs(ms: number): string {
    if (!Number.isFinite(ms)) {
        return 'n/a';
    }
    return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}

/** A median with its spread, so readers see how noisy the machine was: `4.21 s (3.90–5.10, n=3)`. */
export function formatSamples(values: number[]): string {
    if (values.length === 1) {
        return formatMs(values[0]);
    }
    return `${formatMs(median(values))} (${formatMs(Math.min(...values))}–${formatMs(Math.max(...values))}, n=${values.length})`;
}

function cells(row: BenchRow): string[] {
    const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×${row.limit === undefined ? '' : ` (≤ ${row.limit}×)`}`;
    const peak = row.peakKiB === undefined ? '' : `${(row.peakKiB / 1024).toFixed(0)} MiB`;
    return [row.name, row.error ?? row.missing ?? row.measured, row.reference, ratio, peak, verdict(row)];
}

const HEADER = ['target', 'measured (median)', 'reference', 'ratio', 'peak RSS', 'result'];

/** The table as aligned plain text, for the terminal. */
export function formatTextTable(rows: BenchRow[]): string {
    const table = [HEADER, ...rows.map(cells)];
    const widths = HEADER.map((_, c) => Math.max(...table.map(r => r[c].length)));
    return table.map((r, i) => {
        const line = r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
        return i === 0 ? `${line}\n${widths.map(w => '-'.repeat(w)).join('  ')}` : line;
    }).join('\n');
}

/** The table as Markdown, for docs/PERFORMANCE.md. */
export function formatMarkdownTable(rows: BenchRow[]): string {
    const escape = (cell: string) => cell.replace(/\|/g, '\\|');
    return [
        `| ${HEADER.join(' | ')} |`,
        `|${HEADER.map(() => '---').join('|')}|`,
        ...rows.map(row => `| ${cells(row).map(escape).join(' | ')} |`)
    ].join('\n');
}

export const GENERATED_BEGIN = '<!-- bench:begin (written by `npm run bench`; edit outside these markers) -->';
export const GENERATED_END = '<!-- bench:end -->';

/**
 * Puts `generated` between the markers of docs/PERFORMANCE.md, keeping everything else (the profiling notes are
 * written by hand); a file without markers gets the section at its top.
 */
export function spliceGenerated(existing: string | undefined, generated: string): string {
    const section = `${GENERATED_BEGIN}\n${generated.trim()}\n${GENERATED_END}`;
    if (existing === undefined) {
        return `# Performance\n\n${section}\n`;
    }
    const begin = existing.indexOf(GENERATED_BEGIN);
    const end = existing.indexOf(GENERATED_END);
    if (begin < 0 || end < begin) {
        return `${section}\n\n${existing}`;
    }
    return existing.slice(0, begin) + section + existing.slice(end + GENERATED_END.length);
}

export function writeGenerated(path: string, generated: string): void {
    writeFileSync(path, spliceGenerated(existsSync(path) ? readFileSync(path, 'utf8') : undefined, generated));
}
