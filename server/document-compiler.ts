import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LangiumDocument } from 'langium';
import { DocumentCache } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import { checkModel } from '../check/check-runner.js';
import type { Diagnostic, Model, Probe } from '../model/model-api.js';
import type { Trace } from '../simulator/simulator-api.js';
import { compileNetzDocument } from '../language/netz-compiler.js';
import type { ModelIndex } from './model-index.js';
import { indexModel } from './model-index.js';

export interface Compilation {
    model: Model;
    /** Language, analysis and probe diagnostics (syntax and linking errors come from Langium itself). */
    diagnostics: Diagnostic[];
    traces: { probe: Probe; trace: Trace }[];
}

export type Backend = 'nft' | 'legacy';

/** Compiles each document version once; validation, hover and code lenses all read the same result. */
export class DocumentCompiler {
    private readonly cache: DocumentCache<string, Compilation>;
    private currentBackend: Backend = 'nft';

    constructor(services: LangiumServices) {
        this.cache = new DocumentCache(services.shared);
    }

    get backend(): Backend {
        return this.currentBackend;
    }

    /** The backend decides the security table's priority; every cached result used the old one, so all go. */
    set backend(backend: Backend) {
        if (backend !== this.currentBackend) {
            this.currentBackend = backend;
            this.cache.clear();
        }
    }

    compile(document: LangiumDocument): Compilation {
        return this.cache.get(document.uri, this.currentBackend, () => {
            const folder = dirname(document.uri.fsPath);
            const lowered = compileNetzDocument(document, {
                includeSyntax: false,
                backend: this.currentBackend,
                readRulesFile: relative => {
                    const path = resolve(folder, relative);
                    return existsSync(path) ? { path, text: readFileSync(path, 'utf8') } : undefined;
                }
            });
            const checked = checkModel(lowered.model, { backend: this.currentBackend });
            return { model: lowered.model, diagnostics: [...lowered.diagnostics, ...checked.diagnostics], traces: checked.traces };
        });
    }

    /** The compilation's lookups (lines, chains, addresses), built once per document version. */
    index(document: LangiumDocument): ModelIndex {
        const compilation = this.compile(document);
        return indexModel(compilation.model, compilation.diagnostics);
    }
}
