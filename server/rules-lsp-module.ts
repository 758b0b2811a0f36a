import type { LangiumDocument, Module, ValidationAcceptor } from 'langium';
import { AstUtils, URI } from 'langium';
import type { CompletionProvider, DocumentSymbolProvider, FoldingRangeAcceptor, HoverProvider, LangiumServices, PartialLangiumServices } from 'langium/lsp';
import { DefaultFoldingRangeProvider } from 'langium/lsp';
import type { CompletionList, CompletionParams, DocumentSymbol, Hover, HoverParams } from 'vscode-languageserver';
import type { RulesText } from '../language/generated/ast.js';
import { iptablesCompletion } from './iptables-completion.js';
import { iptablesHover } from './iptables-hover.js';
import { rulesetSymbols } from './iptables-symbols.js';
import { lineTextAt } from './iptables-text.js';
import type { LinePosition } from './iptables-text.js';
import { NetzCodeActionProvider, ruleFixData } from './netz-code-actions.js';
import { tableSections } from './netz-folding-provider.js';
import type { NetzServices } from './netz-lsp-module.js';
import { RulesDocumentCompiler } from './rules-document-compiler.js';
import { rangeOf } from './netz-validation.js';

/**
 * An iptables-save dump opened on its own (language `iptables-save`): its diagnostics are those of `netz check
 * FILE`; its hovers, completion, quick fixes, outline and folding those of an `iptables { }` block, with the
 * settings of the `.netz` documents.
 */
export interface RulesAddedServices {
    rules: { compiler: RulesDocumentCompiler; netz: NetzServices };
}

export type RulesServices = LangiumServices & RulesAddedServices;

export function rulesServerModule(netz: NetzServices): Module<RulesServices, PartialLangiumServices & RulesAddedServices> {
    return {
        rules: {
            compiler: () => new RulesDocumentCompiler(() => netz.compiler.backend),
            netz: () => netz
        },
        lsp: {
            HoverProvider: services => new RulesHoverProvider(services),
            CompletionProvider: services => new RulesCompletionProvider(services),
            DocumentSymbolProvider: services => new RulesDocumentSymbolProvider(services),
            FoldingRangeProvider: services => new RulesFoldingRangeProvider(services),
            CodeActionProvider: () => new NetzCodeActionProvider()
        }
    };
}

export function registerRulesValidation(services: RulesServices): void {
    services.validation.ValidationRegistry.register({
        RulesText: (text: RulesText, accept: ValidationAcceptor) => {
            const document = AstUtils.getDocument(text);
            for (const diagnostic of services.rules.compiler.compile(document).diagnostics) {
                const relatedInformation = (diagnostic.related ?? []).map(r => ({
                    message: r.message,
                    location: { uri: URI.file(r.source.file).toString(), range: rangeOf(r.source) }
                }));
                accept(diagnostic.severity, diagnostic.message, { node: text, range: rangeOf(diagnostic.source), code: diagnostic.code, relatedInformation, data: ruleFixData(diagnostic) });
            }
        }
    });
}

/** Characters from which completion reads a dump's last compilation rather than compiling it again (about 10,000 rules). */
const LARGE_DOCUMENT = 1_000_000;

/** The cursor's line of a rules document: the whole document is iptables-save text. */
function linePosition(document: LangiumDocument, position: { line: number; character: number }): LinePosition {
    const { line, character } = position;
    return { line, blockStartLine: 0, text: lineTextAt(document, line), character };
}

class RulesHoverProvider implements HoverProvider {
    constructor(private readonly services: RulesServices) {
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const compiled = this.services.rules.compiler.compile(document);
        const value = iptablesHover(document, linePosition(document, params.position), compiled.namespace, compiled.index, this.services.rules.netz.settings.locale);
        return value === undefined ? undefined : { contents: { kind: 'markdown', value } };
    }
}

class RulesCompletionProvider implements CompletionProvider {
    constructor(private readonly services: RulesServices) {
    }

    getCompletion(document: LangiumDocument, params: CompletionParams): CompletionList {
        // A large dump is not parsed again for every keystroke (validation does that once the typing settles): its
        // last compiled version has the chains completion needs. A small one is compiled as it is now.
        const compiled = document.textDocument.getText().length > LARGE_DOCUMENT
            ? this.services.rules.compiler.latest(document)
            : this.services.rules.compiler.compile(document);
        return iptablesCompletion(document, linePosition(document, params.position), compiled.namespace, compiled.index, this.services.rules.netz.compiler.backend);
    }
}

/** The outline: tables › chains with rule counts, each over its own lines. */
class RulesDocumentSymbolProvider implements DocumentSymbolProvider {
    constructor(private readonly services: RulesServices) {
    }

    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const compiled = this.services.rules.compiler.compile(document);
        const ruleset = compiled.index.namespaces.get(compiled.namespace)?.ruleset;
        return rulesetSymbols(ruleset, { file: document.uri.fsPath }, undefined, this.services.rules.netz.settings.locale, document.textDocument);
    }
}

/** Each `*table` ... `COMMIT` section folds. */
class RulesFoldingRangeProvider extends DefaultFoldingRangeProvider {
    protected override collectFolding(document: LangiumDocument, acceptor: FoldingRangeAcceptor): void {
        const text = document.textDocument.getText();
        // The last line with text: a final newline leaves an empty one after it.
        tableSections(text, 0, acceptor, text.replace(/\r?\n$/, '').split('\n').length - 1);
    }
}
