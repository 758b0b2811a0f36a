import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LangiumDocument } from 'langium';
import { openDocument, services } from './server-fixture.js';

/**
 * Every state a user passes through while typing an example: the file cut after each word. Langium recovers from the
 * syntax error with references left unset, and validation, hover, code lenses, outline, folding and completion must
 * all still answer, with the syntax error reported and no internal error instead of the real diagnostics.
 */

const EXAMPLES = ['seed.netz', 'iptables-block.netz'];

function cutPoints(text: string): number[] {
    const points: number[] = [];
    for (let i = 1; i < text.length; i++) {
        if (/\s/.test(text[i]) && !/\s/.test(text[i - 1])) {
            points.push(i);
        }
    }
    return points;
}

async function exerciseProviders(document: LangiumDocument): Promise<void> {
    const textDocument = { uri: document.uri.toString() };
    const lsp = services.lsp;
    const end = document.textDocument.positionAt(document.textDocument.getText().length);
    const lastWord = document.textDocument.positionAt(Math.max(0, document.textDocument.getText().length - 1));
    await lsp.HoverProvider!.getHoverContent(document, { textDocument, position: lastWord });
    await lsp.CodeLensProvider!.provideCodeLens(document, { textDocument });
    await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument });
    await lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument });
    await lsp.CompletionProvider!.getCompletion(document, { textDocument, position: end });
}

describe('half-typed documents', function () {
    this.timeout(120_000);
    for (const example of EXAMPLES) {
        it(`answers every request on ${example} cut after each word, without an internal error`, async () => {
            const text = readFileSync(fileURLToPath(new URL(`../../examples/${example}`, import.meta.url)), 'utf8');
            for (const cut of cutPoints(text)) {
                const prefix = text.slice(0, cut);
                const document = await openDocument(prefix, `/netz-test/half-typed/${cut}-${example}`);
                await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
                const internal = (document.diagnostics ?? []).map((d) => String(d.message)).filter((message) => message.startsWith('An error occurred'));
                assert.deepEqual(internal, [], `cut after: ...${JSON.stringify(prefix.slice(-60))}`);
                await exerciseProviders(document).catch((error: Error) => {
                    assert.fail(`a request failed on the text cut after ...${JSON.stringify(prefix.slice(-60))}: ${error.stack}`);
                });
                services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
            }
        });
    }
});
