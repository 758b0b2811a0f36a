import type { DefaultSharedModuleContext, LangiumServices, LangiumSharedServices, PartialLangiumServices } from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import type { Module } from 'langium';
import { inject } from 'langium';
import { NetzGeneratedModule, NetzGeneratedSharedModule } from '../language/generated/module.js';
import type { NetzAddedServices } from '../language/netz-module.js';
import { NetzCoreModule } from '../language/netz-module.js';
import { DocumentCompiler } from './document-compiler.js';
import { registerNetzValidation } from './netz-validation.js';

export interface NetzServerAddedServices {
    compiler: DocumentCompiler;
}

export type NetzServices = LangiumServices & NetzAddedServices & NetzServerAddedServices;

const NetzServerModule: Module<NetzServices, PartialLangiumServices & NetzServerAddedServices> = {
    compiler: services => new DocumentCompiler(services)
};

export function createNetzServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Netz: NetzServices } {
    const shared = inject(createDefaultSharedModule(context), NetzGeneratedSharedModule);
    const Netz = inject(createDefaultModule({ shared }), NetzGeneratedModule, NetzCoreModule, NetzServerModule);
    shared.ServiceRegistry.register(Netz);
    registerNetzValidation(Netz);
    return { shared, Netz };
}
