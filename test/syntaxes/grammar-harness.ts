import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type * as Textmate from 'vscode-textmate';
import type * as Oniguruma from 'vscode-oniguruma';

/** Shared by the grammar and snippet tests: the netz grammar loaded as VS Code loads it. */

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
// Both packages are CommonJS bundles whose exports Node's ESM loader cannot detect: load them with require,
// so this works whether the test runs as ESM or is compiled to CommonJS.
const vsctm = require('vscode-textmate') as typeof Textmate;
const oniguruma = require('vscode-oniguruma') as typeof Oniguruma;

export interface Token { text: string; scopes: string[] }

/** Oniguruma's WebAssembly is loaded once per process. */
let wasmLoaded: Promise<void> | undefined;

/** The grammars this extension contributes, by scope name. */
const GRAMMARS: Record<string, string> = { 'source.netz': 'netz.tmLanguage.json', 'source.iptables-save': 'iptables-save.tmLanguage.json' };

export async function loadGrammar(scopeName = 'source.netz'): Promise<Textmate.IGrammar> {
    wasmLoaded ??= (async () => {
        const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
        await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    })();
    await wasmLoaded;
    const registry = new vsctm.Registry({
        onigLib: Promise.resolve({
            createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
            createOnigString: (text: string) => new oniguruma.OnigString(text)
        }),
        loadGrammar: async (scope: string) => {
            if (!(scope in GRAMMARS)) return null;
            const path = join(root, 'syntaxes', GRAMMARS[scope]);
            return vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path);
        }
    });
    const grammar = await registry.loadGrammar(scopeName);
    assert.ok(grammar, `grammar ${scopeName} loads`);
    return grammar;
}

/** Tokenizes a whole document line by line, carrying the rule stack as an editor does. */
export function tokenize(grammar: Textmate.IGrammar, text: string): Token[][] {
    let stack = vsctm.INITIAL;
    return text.split(/\r?\n/).map(line => {
        const result = grammar.tokenizeLine(line, stack);
        stack = result.ruleStack;
        return result.tokens.map(t => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
}

/** The innermost scope of the token that covers `text` (first occurrence) on `line`. */
export function scopeOf(tokens: Token[], text: string): string | undefined {
    return tokens.find(t => t.text === text)?.scopes.at(-1);
}

/** Scopes that say nothing more than "this is netz text" (or "inside an iptables block / rule"). */
const CONTAINER_SCOPES = new Set(['source.netz', 'source.iptables-save', 'meta.block.iptables.netz', 'meta.rule.iptables.netz']);

/** Tokens of `lines` that carry only container scopes and are not whitespace. */
export function unscoped(lines: Token[][]): { line: number; text: string }[] {
    const found: { line: number; text: string }[] = [];
    lines.forEach((tokens, index) => {
        for (const token of tokens) {
            if (token.text.trim() !== '' && token.scopes.every(s => CONTAINER_SCOPES.has(s))) {
                found.push({ line: index + 1, text: token.text });
            }
        }
    });
    return found;
}

