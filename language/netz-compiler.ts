import type { LangiumDocument } from 'langium';
import type { Diagnostic, Ruleset, SourceRef } from '../model/model-api.js';
import { getOrCreate } from '../model/model-api.js';
import type { NetzFile } from './generated/ast.js';
import { validateRuleset } from './iptables/iptables-validator.js';
import type { Lowered, LoweringOptions } from './lowering/model-lowering.js';
import { lowerNetzFile } from './lowering/model-lowering.js';
import { validateTopology } from './validation/topology-validator.js';

export type CompileOptions = Omit<LoweringOptions, 'path'> & {
    /** Report lexer, parser and linker errors too (the CLI wants them; the language server gets them from Langium). */
    includeSyntax: boolean;
};

/**
 * The language layer's whole job for one document: syntax and name errors, lowering to the model,
 * topology validation and iptables validation. Pure apart from `loadRulesFile`.
 */
export function compileNetzDocument(document: LangiumDocument, options: CompileOptions): Lowered {
    const path = document.uri.fsPath;
    const syntax = options.includeSyntax ? syntaxDiagnostics(document, path) : [];
    const lowered = lowerNetzFile(document.parseResult.value as NetzFile, { ...options, path });
    const diagnostics = [...syntax, ...lowered.diagnostics, ...validateTopology(lowered.model)];
    for (const ns of lowered.model.namespaces) {
        diagnostics.push(...validatedRuleset(ns.ruleset, ns.interfaces.map(iface => iface.name), options.backend));
    }
    return { model: lowered.model, diagnostics };
}

/** Validation results per ruleset object: a rules file shared across edits is validated once per interface set. */
const validations = new WeakMap<Ruleset, Map<string, Diagnostic[]>>();

function validatedRuleset(ruleset: Ruleset, interfaceNames: string[], backend: 'nft' | 'legacy'): Diagnostic[] {
    const key = `${backend} ${interfaceNames.join(' ')}`;
    const byKey = getOrCreate(validations, ruleset, () => new Map<string, Diagnostic[]>());
    return getOrCreate(byKey, key, () => validateRuleset(ruleset, { interfaceNames, backend }));
}

/** Lexer, parser and linker errors in the model's shape (the language server publishes Langium's own instead). */
export function syntaxDiagnostics(document: LangiumDocument, file: string): Diagnostic[] {
    const text = document.textDocument;
    const at = (offset: number, length: number): SourceRef => {
        const start = text.positionAt(offset);
        const end = text.positionAt(offset + Math.max(length, 1));
        return { file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
    };
    const diagnostics: Diagnostic[] = [];
    for (const error of document.parseResult.lexerErrors) {
        diagnostics.push({ code: 'syntax-error', severity: 'error', source: at(error.offset, error.length), message: error.message });
    }
    for (const error of document.parseResult.parserErrors) {
        const token = error.token;
        // The end-of-file token has no offset (NaN or undefined, by Chevrotain version): the error is at the end.
        const offset = Number.isFinite(token.startOffset) && token.startOffset >= 0 ? token.startOffset : text.getText().length;
        diagnostics.push({ code: 'syntax-error', severity: 'error', source: at(offset, token.image.length), message: error.message });
    }
    for (const reference of document.references) {
        if (!reference.error) {
            continue;
        }
        const node = reference.$refNode;
        const source = node ? at(node.offset, node.length) : at(0, 0);
        const property = reference.error.info.property;
        const namespace = property === 'from' || property === 'toNamespace' || property === 'at';
        diagnostics.push({ code: 'name-unresolved', severity: 'error', source,
            message: namespace
                ? `no namespace named '${reference.$refText}'`
                : `no interface '${reference.$refText}': write a bare name of this namespace or NS.IF`
        });
    }
    return diagnostics;
}
