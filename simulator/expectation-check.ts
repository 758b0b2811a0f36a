import type { Diagnostic, Probe } from '../model/model-api.js';
import { fileName } from '../model/model-api.js';
import type { Trace } from './trace-types.js';

/**
 * A probe's `expect OUTCOME (at NS (TABLE CHAIN)?)?` against its trace: undefined when it holds, else an error on
 * the probe's line saying what happened instead and where, with the deciding rule as related information.
 */
export function checkExpectation(probe: Probe, trace: Trace): Diagnostic | undefined {
    const expect = probe.expect;
    if (!expect) {
        return undefined;
    }
    const holds = trace.outcome === expect.outcome
        && (expect.at === undefined || trace.at.netns === expect.at)
        && (expect.table === undefined || trace.at.table === expect.table)
        && (expect.chain === undefined || trace.at.chain === expect.chain);
    if (holds) {
        return undefined;
    }
    const wanted = `${expect.outcome}${expect.at ? ` at ${expect.at}` : ''}${expect.table ? ` ${expect.table} ${expect.chain ?? ''}`.trimEnd() : ''}`;
    const line = trace.at.line === null ? ' (policy)' : ` (${trace.at.file === undefined ? 'line' : `${fileName(trace.at.file)} line`} ${trace.at.line})`;
    const chain = trace.at.table ? ` ${trace.at.table} ${trace.at.chain}${line}` : '';
    const got = `${trace.outcome}${trace.at.netns ? ` at ${trace.at.netns}` : ''}${chain}`;
    const diagnostic: Diagnostic = {
        code: 'probe-expectation-failed',
        severity: 'error',
        message: `probe ${probe.name} expected ${wanted}, but the packet was ${got}: ${trace.reason}`,
        source: probe.source
    };
    if (trace.at.line !== null) {
        const file = trace.at.file ?? probe.source.file;
        diagnostic.related = [{
            message: `decided here (${trace.at.table} ${trace.at.chain})`,
            source: { file, line: trace.at.line, column: 1, endLine: trace.at.line, endColumn: 1 }
        }];
    }
    return diagnostic;
}
