import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedPath } from '../shared-path.js';
import { caseFindings } from './analysis-case-runner.js';

/**
 * The findings on every corpus file, each reviewed by hand in docs/CORPUS-FINDINGS.md: this list and that
 * review must change together. A new finding here is either a real one (add it there) or a bug.
 */
const expected = JSON.parse(readFileSync(fileURLToPath(new URL('./corpus-findings.json', import.meta.url)), 'utf8')) as Record<string, string[]>;
const corpus = sharedPath('corpus/iptables-save');

describe('rule analysis on the iptables-save corpus', () => {
    const files = readdirSync(corpus).filter((f) => f.endsWith('.txt')).sort();
    it('covers every corpus file in the reviewed list', () => {
        assert.deepEqual(Object.keys(expected).sort(), files);
    });
    for (const file of files) {
        it(`reports exactly the reviewed findings on ${file}`, async () => {
            const found = (await caseFindings(join(corpus, file))).map((f) => `${f.line} ${f.code}`);
            assert.deepEqual(found, expected[file]);
        });
    }
});
