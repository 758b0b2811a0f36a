import type { FSWatcher } from 'node:fs';
import { statSync, watch } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LangiumDocument } from 'langium';
import { DocumentCache, URI } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { CheckResult } from '../check/check-runner.js';
import { checkModel } from '../check/check-runner.js';
import type { Diagnostic, Model } from '../model/model-api.js';
import type { LoadedRulesFile } from '../language/lowering/rules-files.js';
import { readRulesFile } from '../language/lowering/rules-files.js';
import { compileNetzDocument, syntaxDiagnostics } from '../language/netz-compiler.js';
import type { ModelIndex } from './model-index.js';
import { indexModel } from './model-index.js';

export interface Compilation {
    model: Model;
    /** Language, analysis and probe diagnostics (syntax and linking errors come from Langium itself). */
    diagnostics: Diagnostic[];
    traces: CheckResult['traces'];
}

export type Backend = 'nft' | 'legacy';

/** Compiles each document version once; validation, hover and code lenses all read the same result. */
export class DocumentCompiler {
    private readonly cache: DocumentCache<string, Compilation>;
    private currentBackend: Backend = 'nft';
    private readonly rulesFiles = new Map<string, { key: string; loaded: LoadedRulesFile }>();

    /** Rules files in use, watched on disk, with the documents that load them. */
    private readonly watched = new Map<string, { watcher: FSWatcher; users: Set<string> }>();

    constructor(private readonly services: LangiumServices) {
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
                loadRulesFile: relative => this.rulesFile(resolve(folder, relative), document.uri.toString())
            });
            // Langium publishes the syntax errors; they still keep a probe they are on from being judged.
            const known = [...lowered.diagnostics, ...syntaxDiagnostics(document, document.uri.fsPath)];
            const checked = checkModel(lowered.model, { backend: this.currentBackend }, known);
            return { model: lowered.model, diagnostics: [...lowered.diagnostics, ...checked.diagnostics], traces: checked.traces };
        });
    }

    /**
     * A rules file named by `iptables from`, parsed once and reused while its size and modification time stay the
     * same: an edit elsewhere in the `.netz` file must not re-read and re-parse a 100,000-rule dump.
     */
    private rulesFile(path: string, user: string): LoadedRulesFile | undefined {
        this.watch(path, user);
        let stat;
        try {
            stat = statSync(path);
        } catch {
            this.rulesFiles.delete(path);
            return undefined;
        }
        const key = `${stat.size} ${stat.mtimeMs} ${this.currentBackend}`;
        const cached = this.rulesFiles.get(path);
        if (cached?.key === key) {
            return cached.loaded;
        }
        const loaded = readRulesFile(path, this.currentBackend);
        this.rulesFiles.set(path, { key, loaded });
        return loaded;
    }

    /** A rules file changed on disk: the documents that load it are rebuilt, so their diagnostics and lenses follow. */
    private watch(path: string, user: string): void {
        const entry = this.watched.get(path);
        if (entry) {
            entry.users.add(user);
            return;
        }
        let watcher: FSWatcher;
        try {
            watcher = watch(path, { persistent: false }, () => this.rulesFileChanged(path));
        } catch {
            return; // missing now: reported as rules-file-missing, and looked at again on the next compilation
        }
        watcher.on('error', () => this.forget(path));
        this.watched.set(path, { watcher, users: new Set([user]) });
    }

    private rulesFileChanged(path: string): void {
        const users = [...(this.watched.get(path)?.users ?? [])];
        this.rulesFiles.delete(path);
        this.forget(path);
        this.cache.clear();
        const documents = this.services.shared.workspace.LangiumDocuments;
        const open = users.map(uri => URI.parse(uri)).filter(uri => documents.hasDocument(uri));
        void this.services.shared.workspace.DocumentBuilder.update(open, []);
    }

    private forget(path: string): void {
        this.watched.get(path)?.watcher.close();
        this.watched.delete(path);
    }

    /** The compilation's lookups (lines, chains, addresses), built once per document version. */
    index(document: LangiumDocument): ModelIndex {
        const compilation = this.compile(document);
        return indexModel(compilation.model, compilation.diagnostics);
    }
}
