import { analyzeNamespace } from '../analysis/analysis-api.js';
import type { Diagnostic, Model, Probe } from '../model/model-api.js';
import type { Trace } from '../simulator/simulator-api.js';
import { checkExpectation, simulateProbe } from '../simulator/simulator-api.js';

export interface CheckOptions {
    backend: 'nft' | 'legacy';
}

export interface CheckResult {
    diagnostics: Diagnostic[];
    /** Each probe's trace, in the order of `model.probes` (the server's code lenses and trace view read them). */
    traces: { probe: Probe; trace: Trace }[];
}

/** What `netz check` adds to the language's own diagnostics: rule analysis per namespace and every probe's expectation. */
export function checkModel(model: Model, options: CheckOptions): CheckResult {
    const diagnostics: Diagnostic[] = [];
    for (const ns of model.namespaces) {
        diagnostics.push(...analyzeNamespace(ns, model));
    }
    const traces = model.probes.map(probe => ({ probe, trace: simulateProbe(model, probe, { backend: options.backend }) }));
    for (const { probe, trace } of traces) {
        const failed = checkExpectation(probe, trace);
        if (failed) {
            diagnostics.push(failed);
        }
    }
    return { diagnostics, traces };
}
