import type { LangiumDocument, Module, ValidationAcceptor } from 'langium';
import { AstUtils, URI } from 'langium';
import type { HoverProvider, LangiumServices, PartialLangiumServices } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import type { RulesText } from '../language/generated/ast.js';
import { iptablesHover } from './iptables-hover.js';
import { NetzCodeActionProvider, ruleFixData } from './netz-code-actions.js';
import type { NetzServices } from './netz-lsp-module.js';
import { RulesDocumentCompiler } from './rules-document-compiler.js';
import { rangeOf } from './netz-validation.js';

/**
 * An iptables-save dump opened on its own (language `iptables-save`): its diagnostics are those of `netz check
 * FILE`, its hovers and quick fixes those of an `iptables { }` block, with the settings of the `.netz` documents.
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

class RulesHoverProvider implements HoverProvider {
    constructor(private readonly services: RulesServices) {
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const { line, character } = params.position;
        const text = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
        const compiled = this.services.rules.compiler.compile(document);
        const value = iptablesHover(document, { line, blockStartLine: 0, text, character }, compiled.namespace, compiled.index, this.services.rules.netz.settings.locale);
        return value === undefined ? undefined : { contents: { kind: 'markdown', value } };
    }
}
