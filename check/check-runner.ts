import { analyzeNamespace, analyzeRuleset } from '../analysis/analysis-api.js';
import { validateRuleset } from '../language/iptables/iptables-validator.js';
import type { LoadedRulesFile } from '../language/lowering/rules-files.js';
import type { Diagnostic, Model, Namespace, Probe, Ruleset } from '../model/model-api.js';
import type { Trace } from '../simulator/simulator-api.js';
import { checkExpectation, simulateProbe } from '../simulator/simulator-api.js';

export interface CheckOptions {
    backend: 'nft' | 'legacy';
}

export interface CheckResult {
    diagnostics: Diagnostic[];
    /**
     * Each probe's trace, in the order of `model.probes` (the server's code lenses and trace view read them), and
     * whether its expectation was judged (not when the probe has an error of its own).
     */
    traces: { probe: Probe; trace: Trace; judged: boolean }[];
}

/** Does the probe have an error of its own (no source address, an unknown namespace, a syntax error on its line)? */
export function probeHasError(probe: Probe, known: readonly Diagnostic[]): boolean {
    return known.some(d => d.severity === 'error' && d.source.file === probe.source.file && d.source.line === probe.source.line);
}

/**
 * What `netz check` adds to the language's own diagnostics (`known`): rule analysis per namespace and every probe's
 * expectation. A probe with an error of its own (no source address, an unknown namespace...) is still traced, but
 * its expectation is not judged: the error already says what is wrong, and a second one would only repeat it.
 */
export function checkModel(model: Model, options: CheckOptions, known: readonly Diagnostic[] = []): CheckResult {
    const diagnostics: Diagnostic[] = [];
    for (const ns of model.namespaces) {
        diagnostics.push(...analyzedNamespace(ns, model));
    }
    const traces = model.probes.map(probe => ({ probe, trace: simulateProbe(model, probe, { backend: options.backend }), judged: !probeHasError(probe, known) }));
    for (const { probe, trace, judged } of traces) {
        const failed = judged ? checkExpectation(probe, trace) : undefined;
        if (failed) {
            diagnostics.push(failed);
        }
    }
    return { diagnostics, traces };
}

/**
 * Findings per ruleset object and namespace facts: a rules file shared across edits of the `.netz` file is analysed
 * again only when something the analysis reads about its namespace (interfaces, routes, sysctls) changed.
 */
const analyses = new WeakMap<Ruleset, { facts: string; diagnostics: Diagnostic[] }>();

function analyzedNamespace(ns: Namespace, model: Model): Diagnostic[] {
    const facts = JSON.stringify([
        ns.name,
        ns.interfaces.map(i => [i.name, i.kind, i.up, i.master, i.addresses.map(a => [a.address, a.prefix])]),
        ns.routes.map(r => [r.destination, r.prefix, r.via, r.dev, r.metric]),
        [...ns.sysctls.entries].map(([key, entry]) => [key, entry.value])
    ]);
    const cached = analyses.get(ns.ruleset);
    if (cached?.facts === facts) {
        return cached.diagnostics;
    }
    const diagnostics = analyzeNamespace(ns, model);
    analyses.set(ns.ruleset, { facts, diagnostics });
    return diagnostics;
}

/**
 * A rules file checked on its own, as `iptables-restore --test` reads it: its parse, the validation that needs no
 * topology (interface names are not known) and the rule analysis without the namespace findings.
 */
export function checkRulesFile(loaded: LoadedRulesFile, options: CheckOptions): Diagnostic[] {
    return [...loaded.diagnostics, ...validateRuleset(loaded.ruleset, { backend: options.backend }), ...analyzeRuleset(loaded.ruleset)];
}
