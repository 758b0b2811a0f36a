import type { DefaultSharedCoreModuleContext, LangiumCoreServices, LangiumSharedCoreServices, Module, PartialLangiumCoreServices } from 'langium';
import { createDefaultCoreModule, createDefaultSharedCoreModule, inject } from 'langium';
import { NetzGeneratedModule, NetzGeneratedSharedModule } from './generated/module.js';
import { NetzLexer, NetzLexerErrorMessageProvider, NetzParserErrorMessageProvider } from './netz-parser-messages.js';
import { NetzScopeProvider } from './netz-scope-provider.js';
import { NetzTokenBuilder } from './netz-token-builder.js';

export interface NetzAddedServices {
    references: { ScopeProvider: NetzScopeProvider };
}

export type NetzCoreServices = LangiumCoreServices & NetzAddedServices;

/** The language's own services; the server adds its LSP services on top of these. */
export const NetzCoreModule: Module<NetzCoreServices, PartialLangiumCoreServices & NetzAddedServices> = {
    parser: {
        TokenBuilder: () => new NetzTokenBuilder(),
        ParserErrorMessageProvider: () => new NetzParserErrorMessageProvider(),
        LexerErrorMessageProvider: () => new NetzLexerErrorMessageProvider(),
        Lexer: services => new NetzLexer(services)
    },
    references: {
        ScopeProvider: services => new NetzScopeProvider(services)
    }
};

/** Services for the CLI and tests: no LSP. */
export function createNetzCoreServices(context: DefaultSharedCoreModuleContext): { shared: LangiumSharedCoreServices; Netz: NetzCoreServices } {
    const shared = inject(createDefaultSharedCoreModule(context), NetzGeneratedSharedModule);
    const Netz = inject(createDefaultCoreModule({ shared }), NetzGeneratedModule, NetzCoreModule);
    shared.ServiceRegistry.register(Netz);
    return { shared, Netz };
}
