import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IGrammar } from 'vscode-textmate';
import { loadGrammar, tokenize, unscoped, scopeOf, root } from './grammar-harness.js';

interface Snippet { prefix: string; description: string; body: string[] }

const snippets = JSON.parse(readFileSync(join(root, 'snippets', 'netz.json'), 'utf8')) as Record<string, Snippet>;

/** What the editor inserts when every placeholder keeps its default (the first choice of a `|a,b|` list). */
function expand(body: string[]): string {
    return body.join('\n')
        .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\d+/g, '')
        .replace(/\t/g, '  ');
}

/** Every construct of LANGUAGE.md §2-§4, with the scope its leading keyword must get. */
const constructs: [string, string][] = [
    ['host', 'storage.type.namespace.netz'], ['netns', 'storage.type.namespace.netz'],
    ['nic', 'storage.type.interface.netz'], ['bridge', 'storage.type.interface.netz'], ['veth', 'storage.type.interface.netz'],
    ['tun', 'storage.type.interface.netz'], ['tap', 'storage.type.interface.netz'], ['vxlan', 'storage.type.interface.netz'],
    ['macvlan', 'storage.type.interface.netz'], ['vlan', 'storage.type.interface.netz'],
    ['route', 'keyword.other.statement.netz'], ['sysctl', 'keyword.other.sysctl.netz'], ['listen', 'keyword.other.statement.netz'],
    ['iptables', 'keyword.other.statement.netz'], ['iptables from', 'keyword.other.statement.netz'],
    ['wire', 'keyword.other.wire.netz'], ['probe', 'keyword.other.probe.netz']
];

describe('netz snippets', () => {
    let grammar: IGrammar;
    before(async () => { grammar = await loadGrammar(); });

    for (const [prefix, scope] of constructs) {
        it(`offers a snippet for ${prefix} that the grammar colours fully`, () => {
            const snippet = Object.values(snippets).find(s => s.prefix === prefix);
            assert.ok(snippet, `a snippet with prefix "${prefix}"`);
            assert.ok(snippet.description.length > 0);
            const lines = tokenize(grammar, expand(snippet.body));
            assert.equal(scopeOf(lines[0], prefix.split(' ')[0]), scope);
            assert.deepEqual(unscoped(lines), []);
        });
    }

    it('closes every block it opens', () => {
        for (const [name, snippet] of Object.entries(snippets)) {
            const text = expand(snippet.body);
            assert.equal((text.match(/\{/g) ?? []).length, (text.match(/\}/g) ?? []).length, name);
        }
    });
});
