import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, conformanceMarkdown, recordedRates, runConformance } from './iptables-conformance.js';

/**
 * iptables' own extension tests as a conformance corpus. The rates recorded in docs/CONFORMANCE.md must not regress;
 * UPDATE_CONFORMANCE=1 rewrites that file from the current results.
 */
describe('iptables conformance (iptables extensions/*.t)', () => {
    const results = runConformance();
    const document = join(REPO_ROOT, 'docs/CONFORMANCE.md');

    before(() => {
        if (process.env.UPDATE_CONFORMANCE) {
            writeFileSync(document, conformanceMarkdown(results));
        }
        for (const r of results) {
            console.log(r.subject === undefined
                ? `      ${r.file}: not in the registry, not scored`
                : `      ${r.file}: OK ${r.okPassed}/${r.okTotal}, FAIL caught ${r.failCaught}/${r.failTotal}`);
        }
    });

    it('docs/CONFORMANCE.md exists and lists every file', () => {
        assert.ok(existsSync(document), 'docs/CONFORMANCE.md is missing: run with UPDATE_CONFORMANCE=1');
        const recorded = recordedRates(readFileSync(document, 'utf8'));
        for (const r of results.filter((x) => x.subject !== undefined)) {
            assert.ok(recorded.has(r.file), `${r.file} is not in docs/CONFORMANCE.md`);
        }
    });

    for (const r of results.filter((x) => x.subject !== undefined)) {
        it(`${r.file} (${r.subject}) does not regress below docs/CONFORMANCE.md`, () => {
            const recorded = recordedRates(readFileSync(document, 'utf8')).get(r.file);
            assert.ok(recorded, `${r.file} is not recorded`);
            const failing = r.lines.filter((l) => !l.passed).map((l) => `line ${l.line} ${l.expected} ${l.backend}: ${l.rule} -- ${l.reason}`);
            assert.ok(r.okPassed >= recorded[0], `OK lines passed ${r.okPassed} < recorded ${recorded[0]}:\n${failing.join('\n')}`);
            assert.ok(r.failCaught >= recorded[1], `FAIL lines caught ${r.failCaught} < recorded ${recorded[1]}:\n${failing.join('\n')}`);
        });
    }
});
