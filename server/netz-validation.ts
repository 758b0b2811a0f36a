import { resolve, dirname, relative } from 'node:path';
import type { ValidationAcceptor } from 'langium';
import { AstUtils, URI } from 'langium';
import type { SourceRef } from '../model/model-api.js';
import { ruleFixData } from './netz-code-actions.js';
import type { NetzFile } from '../language/generated/ast.js';
import { isIptablesFrom } from '../language/generated/ast.js';
import type { NetzServices } from './netz-lsp-module.js';

export function rangeOf(source: SourceRef) {
    return {
        start: { line: source.line - 1, character: source.column - 1 },
        end: { line: source.endLine - 1, character: source.endColumn - 1 }
    };
}

/** Publishes the compiler's diagnostics; a problem inside a rules file shows on the `iptables from` line that loads it. */
export function registerNetzValidation(services: NetzServices): void {
    services.validation.ValidationRegistry.register({
        NetzFile: (file: NetzFile, accept: ValidationAcceptor) => {
            const document = AstUtils.getDocument(file);
            const path = document.uri.fsPath;
            const loaders = AstUtils.streamAllContents(file).filter(isIptablesFrom).toArray();
            for (const diagnostic of services.compiler.compile(document).diagnostics) {
                const related = (diagnostic.related ?? []).map(r => ({
                    message: r.message,
                    location: { uri: URI.file(r.source.file).toString(), range: rangeOf(r.source) }
                }));
                const data = ruleFixData(diagnostic);
                if (diagnostic.source.file === path) {
                    accept(diagnostic.severity, diagnostic.message, { node: file, range: rangeOf(diagnostic.source), code: diagnostic.code, relatedInformation: related, data });
                    continue;
                }
                const loader = loaders.find(node => resolve(dirname(path), node.path) === diagnostic.source.file);
                if (loader) {
                    accept(diagnostic.severity, `${relative(dirname(path), diagnostic.source.file)}:${diagnostic.source.line}: ${diagnostic.message}`, {
                        node: loader, property: 'path', code: diagnostic.code, data,
                        relatedInformation: [{ message: 'here', location: { uri: URI.file(diagnostic.source.file).toString(), range: rangeOf(diagnostic.source) } }, ...related]
                    });
                }
            }
        }
    });
}
