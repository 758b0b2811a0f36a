import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { parseRulesFile } from './lowering/rules-files.js';

/** What a namespace name may be in a `.netz` file (LANGUAGE.md §1, without `.`). */
export const NAMESPACE_NAME = /^[A-Za-z_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/;

/** A namespace name from a rules file name: `kube-node.v4` → `kube-node`. */
export function namespaceNameFor(path: string): string {
    const stem = basename(path).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z_]+|[-]+$/g, '');
    return stem || 'imported';
}

/** Why a file cannot be imported, at a line of it. */
export interface ImportRefusal {
    line: number;
    message: string;
}

/**
 * Why `bytes` (the file at `path`) are not an iptables-save dump that a `.netz` file could use, or undefined when
 * they are. Rule errors do not refuse (`netz check` reports them where they are); a file that is not text, an IPv6
 * dump, or text in which not one table was read do, since the `.netz` file written for them could never work.
 */
export function importRefusal(path: string, bytes: Buffer): ImportRefusal | undefined {
    const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
        return { line: lineAt(bytes.subarray(0, nul).toString('latin1'), nul), message: 'holds a NUL byte: not a text file, so not an iptables-save dump' };
    }
    const text = bytes.toString('utf8');
    if (!isUtf8(bytes)) {
        // The decoder puts U+FFFD where the first byte that is not UTF-8 was.
        return { line: lineAt(text, text.indexOf('\uFFFD')), message: 'is not UTF-8 text, so not an iptables-save dump' };
    }
    const { ruleset, diagnostics } = parseRulesFile(path, text, 'nft');
    const ipv6 = diagnostics.find(d => d.code === 'ipt-ipv6-dump');
    if (ipv6) {
        return { line: ipv6.source.line, message: `${ipv6.message} (${ipv6.code})` };
    }
    const error = diagnostics.find(d => d.severity === 'error');
    if (ruleset.tables.size === 0 && error) {
        return { line: error.source.line, message: `not an iptables-save dump (no table was read); the first error: ${error.message} (${error.code})` };
    }
    return undefined;
}

/**
 * `text` as a `.netz` STRING that reads back as exactly `text`: the grammar's value converter takes `\c` as `c` for
 * every `c` but b f n r t v 0, so `\`, `"` and the line breaks the terminal cannot hold raw are the ones escaped.
 */
export function netzString(text: string): string {
    return `"${text.replace(/[\\"\n\r]/g, c => c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`)}"`;
}

/**
 * The `.netz` text `netz import` writes for an iptables-save file: one namespace whose ruleset is that file,
 * referenced with `iptables from` or, with `embed`, pasted verbatim (`text` when the caller has read it already). The reference
 * is relative to `outputFolder`, where the `.netz` file goes; absolute without one (standard output, whose
 * file netz cannot know).
 */
export function importedNetz(rulesPath: string, netns: string, embed: boolean, outputFolder: string | undefined, text?: string): string {
    const header = `# Imported by 'netz import' from ${netzString(basename(rulesPath))}.\n# Add the namespace's interfaces, routes and sysctls so that analysis and probes know its topology.\n`;
    if (!embed) {
        const absolute = resolve(rulesPath);
        // Windows separators become `/`, which the loader reads on every system; elsewhere `\` is part of a name.
        const path = (outputFolder === undefined ? absolute : relative(outputFolder, absolute)).split(sep).join('/');
        return `${header}netns ${netns} {\n  iptables from ${netzString(path)}\n}\n`;
    }
    const body = (text ?? readFileSync(rulesPath, 'utf8')).replace(/\r\n/g, '\n').replace(/\n$/, '');
    return `${header}netns ${netns} {\n  iptables {\n${body}\n  }\n}\n`;
}
