import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environmentProblems } from '../../kernel/verify-environment.js';
import { PREFIX_FAMILY, verify } from '../../kernel/verify-runner.js';
import type { VerifyReport } from '../../kernel/verify-runner.js';
import { copyRuleset } from '../../language/lowering/rules-files.js';
import { loadNetzFile } from '../../language/netz-loader.js';
import type { Model } from '../../model/model-api.js';
import { simulateProbe } from '../../simulator/simulator-api.js';

/**
 * The differential suite: every scenario is built on this machine's kernel, every probe sent as real traffic, and
 * the kernel's outcome held against the probe's `expect` and against the simulator's trace. Needs root; on a machine
 * that cannot create namespaces it fails (a suite that cannot run must not pass).
 */

const scenarioDir = join(fileURLToPath(new URL('.', import.meta.url)), 'scenarios');
const scenarios = readdirSync(scenarioDir).filter((f) => f.endsWith('.netz')).sort();
/** Two builds at a time: the machine has two cores, and most of a probe's time is spent waiting for the network. */
const CONCURRENCY = 2;

interface ScenarioResult {
    loadErrors: string[];
    report?: VerifyReport;
    /** verify itself failed (a tool crashed); the namespaces are gone already. */
    failure?: string;
}

async function runScenario(file: string): Promise<ScenarioResult> {
    const { model, diagnostics } = await loadNetzFile(join(scenarioDir, file));
    const loadErrors = diagnostics.filter((d) => d.severity === 'error').map((d) => `${file}:${d.source.line}: ${d.message}`);
    if (loadErrors.length > 0) {
        return { loadErrors };
    }
    try {
        return { loadErrors, report: await verify(model, model.probes, { simulate: (probe) => simulateProbe(model, probe) }) };
    } catch (e) {
        return { loadErrors, failure: (e as Error).stack ?? String(e) };
    }
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
    const queue = [...items];
    await Promise.all(Array.from({ length: size }, async () => {
        for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
            await work(item);
        }
    }));
}

/** A copy of the model in which one rule's DROP became ACCEPT: what the simulator sees, while the kernel keeps the DROP. */
function withFlippedRule(model: Model, netns: string, chain: string): Model {
    const copy = structuredClone(model);
    // Parsed rules keep their text and source as offsets, which structuredClone does not carry.
    copy.namespaces.forEach((ns, i) => { ns.ruleset = copyRuleset(model.namespaces[i].ruleset); });
    const rule = copy.namespaces.find((n) => n.name === netns)?.ruleset.tables.get('filter')?.chains.get(chain)?.rules.find((r) => r.target?.name === 'DROP');
    assert.ok(rule, `no DROP rule in ${netns} filter ${chain} to flip`);
    rule.target = { ...rule.target!, name: 'ACCEPT' };
    return copy;
}

describe('kernel conformance (real namespaces, real traffic)', function () {
    const results = new Map<string, ScenarioResult>();
    let mismatch: VerifyReport | undefined;

    before(async function () {
        // About 5 minutes on an idle 2-core machine; several times that when the machine is shared.
        this.timeout(45 * 60_000);
        const problems = await environmentProblems(`${PREFIX_FAMILY}${process.pid}-envcheck`);
        if (problems.length > 0) {
            throw new Error(`the kernel conformance suite cannot run here: ${problems.join('; ')}`);
        }
        const flipped = async () => {
            const { model } = await loadNetzFile(join(scenarioDir, 'return-vs-goto.netz'));
            const simulated = withFlippedRule(model, 'jumper', 'INPUT');
            mismatch = await verify(model, model.probes, { simulate: (probe) => simulateProbe(simulated, probe) });
        };
        await pool([...scenarios, 'deliberate mismatch'], CONCURRENCY, async (file) => {
            if (file === 'deliberate mismatch') await flipped();
            else results.set(file, await runScenario(file));
        });
    });

    it(`has at least 40 scenarios`, function () {
        assert.ok(scenarios.length >= 40, `only ${scenarios.length} scenarios in ${scenarioDir}`);
    });

    for (const file of scenarios) {
        describe(file, function () {
            const report = function (this: Mocha.Context): VerifyReport {
                const result = results.get(file);
                assert.ok(result, `${file} did not run`);
                assert.deepEqual(result.loadErrors, [], `${file} does not load`);
                assert.equal(result.failure, undefined, `verify failed on ${file}`);
                const r = result.report!;
                if (r.notRun?.kind === 'unsupported') {
                    console.log(`      skipped ${file}: this kernel cannot build it: ${r.notRun.reason}`);
                    this.skip();
                }
                assert.equal(r.notRun, undefined, `${file} could not be built: ${r.notRun?.reason}`);
                return r;
            };

            it('the kernel does what every probe expects', function () {
                const r = report.call(this);
                const failed = r.verdicts.filter((v) => v.expectation.length > 0 || v.status === 'skipped');
                assert.deepEqual(failed.map((v) => v.report), []);
            });

            it('the simulator agrees with the kernel, step by step', function () {
                const r = report.call(this);
                const failed = r.verdicts.filter((v) => v.simulation.length > 0);
                assert.deepEqual(failed.map((v) => v.report), []);
            });
        });
    }

    it('catches a rule flipped in the model but not in the kernel, with a readable diff', function () {
        assert.ok(mismatch, 'the deliberate-mismatch build did not run');
        assert.equal(mismatch.ok, false);
        const verdict = mismatch.verdicts.find((v) => v.probe === 'jump-returns');
        assert.ok(verdict);
        assert.equal(verdict.status, 'mismatch');
        assert.deepEqual(verdict.expectation, [], 'the kernel itself still does what the file expects');
        assert.ok(verdict.simulation.some((d) => d.startsWith('outcome: simulator established, kernel dropped')), verdict.simulation.join('\n'));
        // The report names both sides and marks the differing step of the namespace where they part.
        assert.match(verdict.report, /jump-returns \(line \d+\): MISMATCH/);
        assert.match(verdict.report, /outcome +dropped +established/);
        assert.match(verdict.report, /matched rules in jumper:[\s\S]*≠ +\d+ +filter INPUT line \d+ DROP +filter INPUT line \d+ ACCEPT/);
        const other = mismatch.verdicts.find((v) => v.probe === 'goto-returns-to-policy');
        assert.equal(other?.status, 'agree', 'the probe the flip does not touch still agrees');
    });
});
