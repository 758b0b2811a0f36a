import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LangiumDocument } from 'langium';
import { DocumentCache } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import { checkModel } from '../check/check-runner.js';
import type { Diagnostic, Model, Probe } from '../model/model-api.js';
import type { Trace } from '../simulator/simulator-api.js';
import { compileNetzDocument } from '../language/netz-compiler.js';

export interface Compilation {
    model: Model;
    /** Language, analysis and probe diagnostics (syntax and linking errors come from Langium itself). */
    diagnostics: Diagnostic[];
    traces: { probe: Probe; trace: Trace }[];
}

/** Compiles each document version once; validation, hover and code lenses all read the same result. */
export class DocumentCompiler {
    private readonly cache: DocumentCache<string, Compilation>;
    backend: 'nft' | 'legacy' = 'nft';

    constructor(services: LangiumServices) {
        this.cache = new DocumentCache(services.shared);
    }

    compile(document: LangiumDocument): Compilation {
        return this.cache.get(document.uri, this.backend, () => {
            const folder = dirname(document.uri.fsPath);
            const lowered = compileNetzDocument(document, {
                includeSyntax: false,
                backend: this.backend,
                readRulesFile: relative => {
                    const path = resolve(folder, relative);
                    return existsSync(path) ? { path, text: readFileSync(path, 'utf8') } : undefined;
                }
            });
            const checked = checkModel(lowered.model, { backend: this.backend });
            return { model: lowered.model, diagnostics: [...lowered.diagnostics, ...checked.diagnostics], traces: checked.traces };
        });
    }
}
