import type { DefaultSharedModuleContext, LangiumServices, LangiumSharedServices, PartialLangiumServices } from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import type { Module } from 'langium';
import { inject } from 'langium';
import { IptablesSaveGeneratedModule, NetzGeneratedModule, NetzGeneratedSharedModule } from '../language/generated/module.js';
import type { NetzAddedServices } from '../language/netz-module.js';
import { NetzCoreModule } from '../language/netz-module.js';
import { registerCustomRequests } from './custom-requests.js';
import { DocumentCompiler } from './document-compiler.js';
import { NetzCodeActionProvider } from './netz-code-actions.js';
import { NetzCodeLensProvider } from './netz-code-lens-provider.js';
import { NetzCompletionProvider } from './netz-completion-provider.js';
import { NetzDocumentSymbolProvider } from './netz-document-symbols.js';
import { NetzFoldingRangeProvider } from './netz-folding-provider.js';
import { NetzFormatter } from './netz-formatter.js';
import { NetzHoverProvider } from './netz-hover-provider.js';
import { NetzDefinitionProvider, NetzReferencesProvider, NetzRenameProvider } from './netz-navigation.js';
import { registerNetzValidation } from './netz-validation.js';
import { registerRulesValidation, rulesServerModule } from './rules-lsp-module.js';
import type { RulesServices } from './rules-lsp-module.js';
import { followClientSettings, ServerSettings } from './server-settings.js';

export interface NetzServerAddedServices {
    compiler: DocumentCompiler;
    settings: ServerSettings;
}

export type NetzServices = LangiumServices & NetzAddedServices & NetzServerAddedServices;

const NetzServerModule: Module<NetzServices, PartialLangiumServices & NetzServerAddedServices> = {
    compiler: services => new DocumentCompiler(services),
    settings: () => new ServerSettings(),
    lsp: {
        HoverProvider: services => new NetzHoverProvider(services),
        CompletionProvider: services => new NetzCompletionProvider(services),
        CodeLensProvider: services => new NetzCodeLensProvider(services),
        CodeActionProvider: () => new NetzCodeActionProvider(),
        DocumentSymbolProvider: services => new NetzDocumentSymbolProvider(services),
        FoldingRangeProvider: services => new NetzFoldingRangeProvider(services),
        Formatter: () => new NetzFormatter(),
        DefinitionProvider: services => new NetzDefinitionProvider(services),
        ReferencesProvider: services => new NetzReferencesProvider(services),
        RenameProvider: services => new NetzRenameProvider(services)
    }
};

/** Both languages of the server: `.netz` files, and iptables-save dumps opened on their own. */
export function createNetzServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Netz: NetzServices; Rules: RulesServices } {
    const shared = inject(createDefaultSharedModule(context), NetzGeneratedSharedModule);
    const Netz = inject(createDefaultModule({ shared }), NetzGeneratedModule, NetzCoreModule, NetzServerModule);
    shared.ServiceRegistry.register(Netz);
    registerNetzValidation(Netz);
    const Rules = inject(createDefaultModule({ shared }), IptablesSaveGeneratedModule, rulesServerModule(Netz));
    shared.ServiceRegistry.register(Rules);
    registerRulesValidation(Rules);
    followClientSettings(shared, Netz.settings, Netz.compiler);
    registerCustomRequests(Netz);
    return { shared, Netz, Rules };
}
