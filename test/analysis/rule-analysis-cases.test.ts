import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRuleset } from '../../analysis/analysis-api.js';
import { emptyRuleset, parseIptablesSave } from '../../language/iptables/iptables-save-parser.js';
import { caseFindings } from './analysis-case-runner.js';

/** Each `cases/NAME.rules` or `cases/NAME.netz` yields exactly the findings in `cases/NAME.expected.json`. */
const dir = fileURLToPath(new URL('./cases/', import.meta.url));

describe('rule analysis cases', () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.rules') || f.endsWith('.netz')).sort()) {
        it(`finds exactly the expected findings in ${file}`, async () => {
            const expected: unknown = JSON.parse(readFileSync(join(dir, file.replace(/\.(rules|netz)$/, '.expected.json')), 'utf8'));
            assert.deepEqual(await caseFindings(join(dir, file)), expected);
        });
    }

    it('finds each of 20,000 copies of one rule redundant by the first (one cover query for all copies, not one each)', () => {
        const ruleset = emptyRuleset();
        parseIptablesSave(`*filter\n${'-A INPUT -s 192.0.2.1 -j ACCEPT\n'.repeat(20_000)}COMMIT\n`, ruleset, { file: 'copies.rules' });
        const findings = analyzeRuleset(ruleset).filter((d) => d.code === 'rule-redundant');
        assert.equal(findings.length, 19_999);
        assert.ok(findings.every((d) => d.message.includes('(rule 1)')), findings[0].message);
    });
});
