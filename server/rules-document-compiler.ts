import type { LangiumDocument } from 'langium';
import { checkRulesFile } from '../check/check-runner.js';
import { emptyNamespace } from '../language/lowering/model-lowering.js';
import { parseRulesFile } from '../language/lowering/rules-files.js';
import type { Diagnostic } from '../model/model-api.js';
import type { Backend } from './document-compiler.js';
import type { ModelIndex } from './model-index.js';
import { indexModel } from './model-index.js';

/** An iptables-save document checked on its own, as `netz check FILE` checks it, and indexed for the editor. */
export interface CompiledRules {
    diagnostics: Diagnostic[];
    index: ModelIndex;
    /** The namespace the text stands for in `index`: its ruleset and nothing else (no topology). */
    namespace: string;
}

/** The name of that namespace; it shows nowhere, a rules document has only one. */
const NAMESPACE = 'rules';

/** Compiles each version of a rules document once per backend (the settings' backend, shared with `.netz` documents). */
export class RulesDocumentCompiler {
    /** By document: the text document and version it was compiled from (a file changed on disk gets a new text document, version 0 again). */
    private readonly compiled = new WeakMap<LangiumDocument, { text: object; version: number; backend: Backend; result: CompiledRules }>();

    constructor(private readonly backend: () => Backend) {
    }

    /** The compilation of the document's last compiled version, or of this one when there is none yet. */
    latest(document: LangiumDocument): CompiledRules {
        return this.compiled.get(document)?.result ?? this.compile(document);
    }

    compile(document: LangiumDocument): CompiledRules {
        const backend = this.backend();
        const text = document.textDocument;
        const version = text.version;
        const cached = this.compiled.get(document);
        if (cached?.text === text && cached.version === version && cached.backend === backend) {
            return cached.result;
        }
        const path = document.uri.fsPath;
        const loaded = parseRulesFile(path, document.textDocument.getText(), backend);
        const diagnostics = checkRulesFile(loaded, { backend });
        const ns = emptyNamespace(NAMESPACE, 'netns', { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 });
        ns.ruleset = loaded.ruleset;
        const result = { diagnostics, index: indexModel({ namespaces: [ns], links: [], probes: [] }, diagnostics), namespace: NAMESPACE };
        this.compiled.set(document, { text, version, backend, result });
        return result;
    }
}
