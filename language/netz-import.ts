import { readFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';

/** What a namespace name may be in a `.netz` file (LANGUAGE.md §1, without `.`). */
export const NAMESPACE_NAME = /^[A-Za-z_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/;

/** A namespace name from a rules file name: `kube-node.v4` → `kube-node`. */
export function namespaceNameFor(path: string): string {
    const stem = basename(path).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z_]+|[-]+$/g, '');
    return stem || 'imported';
}

/**
 * The `.netz` text `netz import` writes for an iptables-save file: one namespace whose ruleset is that file,
 * referenced with `iptables from` (relative to `outputFolder`) or, with `embed`, pasted verbatim.
 */
export function importedNetz(rulesPath: string, netns: string, embed: boolean, outputFolder: string): string {
    const header = `# Imported by 'netz import' from ${basename(rulesPath)}.\n# Add the namespace's interfaces, routes and sysctls so that analysis and probes know its topology.\n`;
    if (!embed) {
        const path = relative(outputFolder, resolve(rulesPath)).split('\\').join('/');
        return `${header}netns ${netns} {\n  iptables from ${JSON.stringify(path)}\n}\n`;
    }
    const body = readFileSync(rulesPath, 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
    return `${header}netns ${netns} {\n  iptables {\n${body}\n  }\n}\n`;
}
