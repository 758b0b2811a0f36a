import { EmptyFileSystem } from 'langium';
import type { LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import type { NetzServices } from '../../server/netz-lsp-module.js';
import { createNetzServices } from '../../server/netz-lsp-module.js';
import type { RulesServices } from '../../server/rules-lsp-module.js';

const created = createNetzServices(EmptyFileSystem);

/** One set of server services for the unit tests, without a connection (langium/test drives the providers directly). */
export const services: NetzServices = created.Netz;
/** The same server's services for iptables-save documents opened on their own. */
export const rulesServices: RulesServices = created.Rules;

const parse = parseHelper(services);
let counter = 0;

/** Parses and links a text as a document at a path of its own (`iptables from` paths resolve next to it). */
export async function openDocument(text: string, path = `/netz-test/doc-${++counter}.netz`): Promise<LangiumDocument> {
    return parse(text, { documentUri: `file://${path}` });
}

/** The 0-based position of the `n`-th occurrence of `needle` in the document, `delta` characters in. */
export function positionOf(document: LangiumDocument, needle: string, delta = 0, n = 0) {
    const text = document.textDocument.getText();
    let offset = text.indexOf(needle);
    for (let i = 0; i < n; i++) offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`'${needle}' is not in the document`);
    return document.textDocument.positionAt(offset + delta);
}
