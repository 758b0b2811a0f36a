// Which user-visible features the packaged extension carries. Other engineers are landing them one by one; a
// check whose feature is not packaged yet is reported pending with the reason, never passed. NETZ_E2E_STRICT=1
// turns pending into failure, for CI once every feature has landed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Feature = 'hover' | 'lenses' | 'export';

export interface ContributedCommand {
    command: string;
    title: string;
    category?: string;
}

export const TRACE_COMMAND = 'netz.traceProbe';
export const EXPORT_TITLE = 'Export as Shell Script';

export function contributedCommands(extensionDir: string): ContributedCommand[] {
    const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8')) as { contributes?: { commands?: ContributedCommand[] } };
    return manifest.contributes?.commands ?? [];
}

/** Undefined when `feature` is packaged in the extension at `extensionDir`, else why not. */
export function missingFeature(extensionDir: string, feature: Feature): string | undefined {
    const commands = contributedCommands(extensionDir);
    switch (feature) {
        case 'lenses': {
            // The server titles probe lenses with this command and the client registers it; neither is contributed.
            const bundles = ['server/main.cjs', 'client/extension.cjs'].map(b => join(extensionDir, 'dist', b));
            return bundles.every(b => existsSync(b) && readFileSync(b, 'utf8').includes(TRACE_COMMAND)) ? undefined : `the packaged server and client bundles do not both use '${TRACE_COMMAND}'`;
        }
        case 'export':
            return commands.some(c => c.title === EXPORT_TITLE) ? undefined : `the packaged package.json contributes no '${EXPORT_TITLE}' command`;
        case 'hover': {
            // Hover documentation comes from language/docs; its keys are in the server bundle once the server uses it.
            const server = join(extensionDir, 'dist', 'server', 'main.cjs');
            return existsSync(server) && readFileSync(server, 'utf8').includes('keyword:veth') ? undefined : 'the packaged language server does not bundle the documentation catalogue (language/docs)';
        }
    }
}

export const STRICT = process.env.NETZ_E2E_STRICT === '1';
