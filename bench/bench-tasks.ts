import { readFileSync } from 'node:fs';
import { analyzeRuleset } from '../analysis/analysis-api.js';
import { checkModel } from '../check/check-runner.js';
import { emptyRuleset, parseIptablesSave } from '../language/iptables/iptables-save-parser.js';
import { loadNetzFile } from '../language/netz-loader.js';
import type { Ruleset } from '../model/model-api.js';
import { checkExpectation, simulateProbe } from '../simulator/simulator-api.js';

/**
 * The in-process measurements (the ones a CLI run would blur with Node's start-up). Each runs in its own
 * child (`bench-worker.ts`) so that its peak memory is its own; the smoke test calls them directly.
 */

/** This process's user + system CPU time so far, in ms (main thread and V8's helper threads). */
function cpuNow(): number {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
}

export interface CheckTiming {
    /** Load (parse, link, lower, validate) plus check (analysis and probes), per timed run. */
    ms: number[];
    /** The same runs' CPU time: what a growth ratio should compare when the machine's load changes between sizes. */
    cpuMs: number[];
    /** Error diagnostics of the last run: a generated workload must have none. */
    errors: string[];
}

/** `netz check` without the process: `loadNetzFile` + `checkModel`, `warmup` untimed runs first so both sizes of a growth pair run hot. */
export async function timeCheck(netzPath: string, runs: number, warmup: number): Promise<CheckTiming> {
    const ms: number[] = [];
    const cpuMs: number[] = [];
    let errors: string[] = [];
    for (let i = 0; i < warmup + runs; i++) {
        const start = performance.now();
        const cpu = cpuNow();
        const loaded = await loadNetzFile(netzPath, { backend: 'nft' });
        const checked = checkModel(loaded.model, { backend: 'nft' });
        const elapsed = performance.now() - start;
        if (i >= warmup) {
            ms.push(elapsed);
            cpuMs.push(cpuNow() - cpu);
        }
        errors = [...loaded.diagnostics, ...checked.diagnostics].filter(d => d.severity === 'error').map(d => `${d.code}: ${d.message}`);
    }
    return { ms, cpuMs, errors };
}

export interface AnalysisTiming {
    ms: number[];
    cpuMs: number[];
    rules: number;
}

function countRules(ruleset: Ruleset): number {
    let n = 0;
    for (const table of ruleset.tables.values()) {
        for (const chain of table.chains.values()) {
            n += chain.rules.length;
        }
    }
    return n;
}

/** The rule analysis alone (`analyzeRuleset`) on an `iptables-save` file parsed once. */
export function timeAnalysis(rulesPath: string, runs: number, warmup: number): AnalysisTiming {
    const ruleset = emptyRuleset();
    parseIptablesSave(readFileSync(rulesPath, 'utf8'), ruleset, { file: rulesPath });
    const ms: number[] = [];
    const cpuMs: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
        const start = performance.now();
        const cpu = cpuNow();
        analyzeRuleset(ruleset);
        const elapsed = performance.now() - start;
        if (i >= warmup) {
            ms.push(elapsed);
            cpuMs.push(cpuNow() - cpu);
        }
    }
    return { ms, cpuMs, rules: countRules(ruleset) };
}

export interface ProbeTiming {
    /** The first probe, which builds the simulator's indexes of the model. */
    firstMs: number;
    /** Every probe after the first, timed one by one. */
    perProbeMs: number[];
    /** All the file's probes in one loop, indexes built, once per repeat. */
    allMs: number[];
    probes: number;
    /** Probes whose trace contradicts their `expect`. */
    failed: string[];
}

/** Traces every probe of a `.netz` file through `simulateProbe`, the model loaded once; the whole set `repeats` times. */
export async function timeProbes(netzPath: string, repeats: number): Promise<ProbeTiming> {
    const { model } = await loadNetzFile(netzPath, { backend: 'nft' });
    const probes = model.probes;
    if (probes.length === 0) {
        throw new Error(`${netzPath} has no probe`);
    }
    let start = performance.now();
    simulateProbe(model, probes[0], { backend: 'nft' });
    const firstMs = performance.now() - start;
    const perProbeMs: number[] = [];
    const failed: string[] = [];
    for (const probe of probes.slice(1)) {
        start = performance.now();
        const trace = simulateProbe(model, probe, { backend: 'nft' });
        perProbeMs.push(performance.now() - start);
        const wrong = checkExpectation(probe, trace);
        if (wrong) {
            failed.push(`${probe.name}: ${wrong.message}`);
        }
    }
    const allMs: number[] = [];
    for (let r = 0; r < repeats; r++) {
        start = performance.now();
        for (const probe of probes) {
            simulateProbe(model, probe, { backend: 'nft' });
        }
        allMs.push(performance.now() - start);
    }
    return { firstMs, perProbeMs, allMs, probes: probes.length, failed };
}
