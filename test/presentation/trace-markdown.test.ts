import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNetzFile } from '../../language/netz-loader.js';
import { traceMarkdown } from '../../presentation/trace-markdown.js';
import { topologyView } from '../../presentation/topology-view.js';
import { tracePlayback } from '../../presentation/trace-playback.js';
import { simulateProbe } from '../../simulator/simulator-api.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CASES = join(ROOT, 'test/presentation/cases');

/** `cases/FILE.PROBE.md` is the reviewed Markdown export of probe PROBE of FILE.netz (`seed` is examples/seed.netz). */
const expected = readdirSync(CASES).filter((f) => f.endsWith('.md'));

describe('traceMarkdown', () => {
    for (const name of expected) {
        const [file, probe] = name.replace(/\.md$/, '').split(/\.(.*)/s);
        it(`exports ${probe} of ${file}.netz as ${name}`, async () => {
            const path = file === 'seed' ? join(ROOT, 'examples/seed.netz') : join(CASES, `${file}.netz`);
            const { model } = await loadNetzFile(path);
            const trace = simulateProbe(model, model.probes.find((p) => p.name === probe)!);
            assert.equal(traceMarkdown(tracePlayback(trace, topologyView(model))), readFileSync(join(CASES, name), 'utf8'));
        });
    }

    it('escapes table cells so a rule with a pipe keeps the table whole', async () => {
        const { model } = await loadNetzFile(join(ROOT, 'examples/seed.netz'));
        const trace = simulateProbe(model, model.probes.find((p) => p.name === 'c1-web')!);
        trace.steps[0] = { ...trace.steps[0], detail: 'a | b' };
        const row = traceMarkdown(tracePlayback(trace, topologyView(model))).split('\n').find((l) => l.startsWith('| 1 |'))!;
        assert.equal(row.split(/(?<!\\)\|/).length, 9, row);
    });
});
