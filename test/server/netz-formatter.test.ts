import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { expectFormatting } from 'langium/test';
import { openDocument, services } from './server-fixture.js';

const CASES = new URL('./cases/', import.meta.url);

describe('formatting', () => {
    // Each cases/format-NAME.netz formats to cases/format-NAME.formatted.netz.
    for (const file of readdirSync(CASES).filter(f => f.startsWith('format-') && !f.endsWith('.formatted.netz'))) {
        const before = readFileSync(new URL(file, CASES), 'utf8');
        const after = readFileSync(new URL(file.replace('.netz', '.formatted.netz'), CASES), 'utf8');
        it(file, async () => {
            await expectFormatting(services)({ before, after, options: { tabSize: 2, insertSpaces: true } });
        });
        it(`${file} is formatted already once formatted`, async () => {
            await expectFormatting(services)({ before: after, after, options: { tabSize: 2, insertSpaces: true } });
        });
    }

    it('indents with tabs when asked', async () => {
        await expectFormatting(services)({ before: 'host h {\n    nic eth0\n}\n', after: 'host h {\n\tnic eth0\n}\n', options: { tabSize: 4, insertSpaces: false } });
    });

    it('leaves a file with syntax errors alone', async () => {
        const document = await openDocument('host h {\n      nic\n');
        const edits = await services.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 2, insertSpaces: true } });
        assert.deepEqual(edits, []);
    });
});
