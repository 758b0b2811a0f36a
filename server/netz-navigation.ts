import type { LangiumDocument } from 'langium';
import type { DefinitionProvider, ReferencesProvider, RenameProvider } from 'langium/lsp';
import type { DefinitionParams, Location, LocationLink, Range, ReferenceParams, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Named } from './netz-names.js';
import { nameOf, NetzNames } from './netz-names.js';
import type { NetzServices } from './netz-lsp-module.js';

/**
 * Definition, references and rename, all from the sites `NetzNames` finds for the name under the cursor, so that
 * the three agree: a rename edits exactly the references found, each in its own part of the text.
 */

function named(names: NetzNames, document: LangiumDocument, params: TextDocumentPositionParams) {
    return names.at(document, document.textDocument.offsetAt(params.position));
}

export class NetzDefinitionProvider implements DefinitionProvider {
    private readonly names: NetzNames;

    constructor(services: NetzServices) {
        this.names = new NetzNames(services);
    }

    getDefinition(document: LangiumDocument, params: DefinitionParams): LocationLink[] | undefined {
        const at = named(this.names, document, params);
        const definition = at && this.names.occurrences(document, at.named).definition;
        return definition && [{ originSelectionRange: at.range, targetUri: definition.uri, targetRange: definition.extent ?? definition.range, targetSelectionRange: definition.range }];
    }
}

export class NetzReferencesProvider implements ReferencesProvider {
    private readonly names: NetzNames;

    constructor(services: NetzServices) {
        this.names = new NetzNames(services);
    }

    findReferences(document: LangiumDocument, params: ReferenceParams): Location[] {
        const at = named(this.names, document, params);
        if (!at) {
            return [];
        }
        const { sites, declared } = this.names.occurrences(document, at.named);
        const found = params.context.includeDeclaration || !declared ? sites : sites.slice(1);
        return found.map(({ uri, range }) => ({ uri, range }));
    }
}

export class NetzRenameProvider implements RenameProvider {
    private readonly names: NetzNames;

    constructor(services: NetzServices) {
        this.names = new NetzNames(services);
    }

    /** The part of the text that names the thing (the editor offers it for editing), or an error saying why it cannot be renamed. */
    prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): Range | undefined {
        const at = named(this.names, document, params);
        if (at) {
            this.refuseIfInvalid(document, at.named, nameOf(at.named));
        }
        return at?.range;
    }

    rename(document: LangiumDocument, params: RenameParams): WorkspaceEdit | undefined {
        const at = named(this.names, document, params);
        if (!at) {
            return undefined;
        }
        this.refuseIfInvalid(document, at.named, params.newName);
        const changes: Record<string, TextEdit[]> = {};
        const seen = new Set<string>();
        for (const { uri, range } of this.names.occurrences(document, at.named).sites) {
            const key = `${uri}:${range.start.line}:${range.start.character}`;
            if (seen.has(key)) continue;
            seen.add(key);
            (changes[uri] ??= []).push({ range, newText: params.newName });
        }
        return { changes };
    }

    /** A refused rename is an error response: the editor shows its message instead of applying edits. */
    private refuseIfInvalid(document: LangiumDocument, target: Named, newName: string): void {
        const reason = this.names.refusal(document, target, newName);
        if (reason) {
            throw new ResponseError(LSPErrorCodes.RequestFailed, reason);
        }
    }
}
