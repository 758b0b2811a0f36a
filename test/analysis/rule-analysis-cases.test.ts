import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
});
