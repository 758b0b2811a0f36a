import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCase } from './iptables-case-runner.js';
import { REPO_ROOT } from './iptables-conformance.js';

/** One case file per diagnostic code (cases/<code>.rules): the file is parsed and validated; its diagnostics must be exactly the expected ones. */
const CASES = join(dirname(fileURLToPath(import.meta.url)), 'cases');

describe('iptables diagnostics, one case per code', () => {
    const files = readdirSync(CASES).filter((f) => f.endsWith('.rules')).sort();
    for (const file of files) {
        it(`${file.replace(/\.rules$/, '')}`, () => {
            const { actual, expected } = runCase(readFileSync(join(CASES, file), 'utf8'), file);
            assert.ok(expected.length > 0, `${file} expects no diagnostic: a case must expect its code`);
            assert.ok(expected.some((e) => e.includes(` ${file.replace(/\.rules$/, '')}: `)), `${file} does not expect its own code`);
            assert.deepEqual(actual, expected);
        });
    }

    it('documents every code the iptables layer emits in docs/DIAGNOSTICS.md, and has a case for each', () => {
        const sources = ['iptables-save-parser.ts', 'iptables-validator.ts']
            .map((f) => readFileSync(join(REPO_ROOT, 'language/iptables', f), 'utf8')).join('\n');
        const emitted = new Set([...sources.matchAll(/'(ipt-[a-z0-9-]+)'/g)].map((m) => m[1]));
        const documented = new Set([...readFileSync(join(REPO_ROOT, 'docs/DIAGNOSTICS.md'), 'utf8').matchAll(/^\| `(ipt-[a-z0-9-]+)` \|/gm)].map((m) => m[1]));
        const cases = new Set(files.map((f) => f.replace(/\.rules$/, '')));
        assert.deepEqual([...emitted].sort(), [...documented].sort());
        assert.deepEqual([...documented].sort(), [...cases].sort());
    });
});
