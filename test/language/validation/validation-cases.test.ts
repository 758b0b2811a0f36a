import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNetzFile } from '../../../language/netz-loader.js';

/**
 * One case file per diagnostic code: `#! expect SEVERITY CODE LINE: message fragment` lines state every
 * error and warning the file must produce; any other error or warning fails the case.
 */
const folder = fileURLToPath(new URL('./cases', import.meta.url));
const EXPECT = /^#! expect (error|warning|info) ([a-z0-9-]+) (\d+):(.*)$/;

describe('validation: one case per diagnostic code', () => {
    for (const name of readdirSync(folder).filter(file => file.endsWith('.netz')).sort()) {
        it(basename(name, '.netz'), async () => {
            const path = join(folder, name);
            const expected = readFileSync(path, 'utf8').split('\n').map(line => EXPECT.exec(line)).filter(match => match !== null)
                .map(([, severity, code, line, fragment]) => ({ severity, code, line: Number(line), fragment: fragment.trim() }));
            assert.ok(expected.length > 0, `${name} states no expectation`);
            const { diagnostics } = await loadNetzFile(path);
            const shown = diagnostics.map(d => `${d.source.line} ${d.severity} ${d.code}: ${d.message}`).join('\n');
            for (const want of expected) {
                assert.ok(diagnostics.some(d => d.code === want.code && d.severity === want.severity && d.source.line === want.line && d.message.includes(want.fragment)),
                    `expected ${want.severity} ${want.code} on line ${want.line} containing "${want.fragment}"; got:\n${shown}`);
            }
            const unexpected = diagnostics.filter(d => d.severity !== 'info' && !expected.some(want => want.code === d.code && want.line === d.source.line));
            assert.deepEqual(unexpected.map(d => `${d.source.line} ${d.code}: ${d.message}`), [], 'no other errors or warnings');
        });
    }
    it('has a case for every topology code the language reports', () => {
        const sources = ['language/lowering/model-lowering.ts', 'language/lowering/sysctl-lowering.ts', 'language/validation/topology-validator.ts', 'language/netz-compiler.ts']
            .map(file => readFileSync(fileURLToPath(new URL(`../../../${file}`, import.meta.url)), 'utf8')).join('\n');
        const codes = new Set([...sources.matchAll(/code: '([a-z0-9-]+)'|report\('(?:error|warning|info)', '([a-z0-9-]+)'/g)].map(m => m[1] ?? m[2]));
        const cases = new Set(readdirSync(folder).map(file => basename(file, '.netz')));
        assert.deepEqual([...codes].filter(code => !cases.has(code)).sort(), []);
    });
});
