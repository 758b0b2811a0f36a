import type { LangiumSharedServices } from 'langium/lsp';
import type { DocLocale } from '../language/docs/docs-lookup.js';
import { localeFromDisplayLanguage } from '../language/docs/docs-lookup.js';
import type { Backend, DocumentCompiler } from './document-compiler.js';

/** What the client tells the server about the person at the editor: the display language and the `netz.*` settings. */
export class ServerSettings {
    locale: DocLocale = 'en';
}

function backendOf(section: unknown): Backend | undefined {
    const value = (section as { iptablesBackend?: unknown } | undefined)?.iptablesBackend;
    return value === 'nft' || value === 'legacy' ? value : undefined;
}

/**
 * Follows `initialize.locale` and the `netz` configuration section (fetched at start, pushed on change). A new
 * backend changes every verdict that depends on the security table's priority, so every open document is rebuilt.
 */
export function followClientSettings(shared: LangiumSharedServices, settings: ServerSettings, compiler: DocumentCompiler): void {
    shared.lsp.LanguageServer.onInitialize(params => {
        settings.locale = localeFromDisplayLanguage(params.locale);
        // The client also sends the backend with `initialize`, so the first compilation already uses it.
        compiler.backend = backendOf(params.initializationOptions) ?? compiler.backend;
    });
    const configuration = shared.workspace.ConfigurationProvider;
    const apply = (backend: Backend | undefined): void => {
        if (backend === undefined || backend === compiler.backend) {
            return;
        }
        compiler.backend = backend;
        const uris = shared.workspace.LangiumDocuments.all.map(document => document.uri).toArray();
        void shared.workspace.DocumentBuilder.update(uris, []);
    };
    void configuration.ready.then(async () => apply(backendOf({ iptablesBackend: await configuration.getConfiguration('netz', 'iptablesBackend') })));
    configuration.onConfigurationSectionUpdate(update => {
        if (update.section === 'netz') {
            apply(backendOf(update.configuration));
        }
    });
}
