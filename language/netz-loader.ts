import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic, Model } from '../model/model-api.js';
import { readRulesFile } from './lowering/rules-files.js';
import { compileNetzDocument } from './netz-compiler.js';
import type { NetzCoreServices } from './netz-module.js';
import { createNetzCoreServices } from './netz-module.js';
import type { LangiumSharedCoreServices } from 'langium';

export interface LoadResult {
    model: Model;
    /** Every problem in the file and the rules files it names, syntax included. */
    diagnostics: Diagnostic[];
}

export interface LoadOptions {
    backend?: 'nft' | 'legacy';
}

let services: { shared: LangiumSharedCoreServices; Netz: NetzCoreServices } | undefined;

/** Parses, links, lowers and validates a `.netz` text as if it were the file at `path` (for `iptables from` paths). */
export async function loadNetzText(text: string, path: string, options: LoadOptions = {}): Promise<LoadResult> {
    services ??= createNetzCoreServices(NodeFileSystem);
    const absolute = resolve(path);
    const uri = URI.file(absolute);
    const documents = services.shared.workspace.LangiumDocuments;
    if (documents.hasDocument(uri)) {
        documents.deleteDocument(uri);
    }
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    documents.addDocument(document);
    try {
        await services.shared.workspace.DocumentBuilder.build([document], { validation: false });
        const backend = options.backend ?? 'nft';
        return compileNetzDocument(document, {
            includeSyntax: true,
            backend,
            loadRulesFile: relative => {
                const rulesPath = resolve(dirname(absolute), relative);
                return existsSync(rulesPath) ? readRulesFile(rulesPath, backend) : undefined;
            }
        });
    } finally {
        documents.deleteDocument(uri);
    }
}

export async function loadNetzFile(path: string, options: LoadOptions = {}): Promise<LoadResult> {
    return loadNetzText(readFileSync(path, 'utf8'), path, options);
}
