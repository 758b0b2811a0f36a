import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNetzFile } from '../../language/netz-loader.js';
import { checkExpectation, formatNetfilterSteps, simulateProbe } from '../../simulator/simulator-api.js';

/**
 * The scenario suite: every `test/scenarios/*.netz` is loaded through the real front end; each probe must meet its
 * `expect`, and the netfilter steps of all its probes must equal `NAME.expected.txt` (the golden file, reviewed by
 * hand; `NETZ_UPDATE_GOLDEN=1` rewrites it after an intended change).
 */

const dir = fileURLToPath(new URL('../scenarios/', import.meta.url));
const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const update = process.env.NETZ_UPDATE_GOLDEN === '1';
const files = readdirSync(dir).filter((f) => f.endsWith('.netz')).sort();

describe('simulator scenarios', () => {
    it('has scenarios to run', () => {
        assert.ok(files.length > 0);
    });
    for (const file of files) {
        const name = basename(file, '.netz');
        it(name, async () => {
            const path = join(dir, file);
            const { model, diagnostics } = await loadNetzFile(path);
            const errors = diagnostics.filter((d) => d.severity === 'error');
            assert.deepEqual(errors.map((d) => `${d.source.line}: ${d.message}`), [], 'the scenario must load without errors');
            assert.ok(model.probes.length > 0, 'a scenario holds probes');
            const failures: string[] = [];
            let golden = '';
            for (const probe of model.probes) {
                assert.ok(probe.expect, `probe ${probe.name} states its expectation`);
                const trace = simulateProbe(model, probe);
                assert.doesNotThrow(() => JSON.stringify(trace));
                const failed = checkExpectation(probe, trace);
                if (failed) {
                    failures.push(`line ${probe.source.line}: ${failed.message}`);
                }
                golden += formatNetfilterSteps(trace);
            }
            assert.deepEqual(failures, []);
            const goldenPath = join(dir, `${name}.expected.txt`);
            if (update) {
                writeFileSync(goldenPath, golden);
            }
            assert.ok(existsSync(goldenPath), `${goldenPath} is missing: review the trace and create it with NETZ_UPDATE_GOLDEN=1`);
            assert.equal(golden, readFileSync(goldenPath, 'utf8'));
        });
    }
});

describe('examples meet their expectations', () => {
    const exampleFiles = existsSync(examples) ? readdirSync(examples).filter((f) => f.endsWith('.netz')).sort() : [];
    for (const file of exampleFiles) {
        it(file, async () => {
            const { model } = await loadNetzFile(join(examples, file));
            const failures = model.probes
                .map((probe) => checkExpectation(probe, simulateProbe(model, probe)))
                .filter((d) => d !== undefined)
                .map((d) => d.message);
            assert.deepEqual(failures, []);
        });
    }
    it('includes the seed example with its three probes', async () => {
        const { model } = await loadNetzFile(join(examples, 'seed.netz'));
        assert.deepEqual(model.probes.map((p) => [p.name, simulateProbe(model, p).outcome]), [
            ['c1-web', 'established'], ['c1-ping', 'established'], ['server-to-c1', 'rejected']
        ]);
    });
});
