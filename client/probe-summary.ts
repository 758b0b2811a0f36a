/** The status bar's text, apart from the vscode API so that it can be tested alone. */

export interface ProbeCounts {
    passed: number;
    failed: number;
}

/** Probe lens titles carry ✓ (expectation met) or ✗ (not met) in every language of the server's catalogue. */
export function countProbeLenses(titles: string[]): ProbeCounts {
    return { passed: titles.filter((t) => t.includes('✓')).length, failed: titles.filter((t) => t.includes('✗')).length };
}

export function summaryText(errors: number, probes: ProbeCounts): string {
    return `$(${errors > 0 ? 'error' : 'check'}) ${errors}  ✓ ${probes.passed} / ✗ ${probes.failed}`;
}
