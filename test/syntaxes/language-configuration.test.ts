import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './grammar-harness.js';

interface LanguageConfiguration {
    comments: { lineComment: string; blockComment: [string, string] };
    brackets: [string, string][];
    autoClosingPairs: { open: string; close: string }[];
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    wordPattern: string;
    folding: { markers: { start: string; end: string } };
}

const config = JSON.parse(readFileSync(join(root, 'syntaxes', 'language-configuration.json'), 'utf8')) as LanguageConfiguration;

/** The word the editor selects (and hovers) at `column`, found as VS Code does: the match of wordPattern that covers it. */
function wordAt(line: string, column: number): string | undefined {
    for (const m of line.matchAll(new RegExp(config.wordPattern, 'g'))) {
        if (m.index <= column && column < m.index + m[0].length) return m[0];
    }
    return undefined;
}

const words: [string, string, string][] = [
    ['wire docker-host.eth0 -- isp.eth0', 'host', 'docker-host.eth0'],
    ['-A KUBE-SERVICES -j KUBE-SVC-X', 'SVC', 'KUBE-SVC-X'],
    ['vlan eth0.100 { parent eth0 id 100 }', '100', 'eth0.100'],
    ['-A INPUT -p tcp --dport 22 -j ACCEPT', 'dport', '--dport'],
    ['nic eth0 { address 203.0.113.86/24 }', '113', '203.0.113.86/24'],
    ['nic eth0 { mac 02:42:ac:11:00:02 }', 'ac:11', '02:42:ac:11:00:02'],
    ['sysctl net.ipv4.conf.all.rp_filter = 2', 'all', 'net.ipv4.conf.all.rp_filter']
];

describe('netz language configuration', () => {
    it('uses # (as iptables-save does) and /* */ for comments', () => {
        assert.equal(config.comments.lineComment, '#');
        assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
    });

    it('pairs and auto-closes braces and quotes', () => {
        assert.ok(config.brackets.some(([open, close]) => open === '{' && close === '}'));
        for (const open of ['{', '[', '"']) assert.ok(config.autoClosingPairs.some(p => p.open === open), open);
    });

    for (const [line, inside, word] of words) {
        it(`selects ${word} as one word`, () => {
            assert.equal(wordAt(line, line.indexOf(inside) + 1), word);
        });
    }

    it('indents after an opening brace and outdents a closing one', () => {
        const increase = new RegExp(config.indentationRules.increaseIndentPattern);
        const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
        assert.ok(increase.test('host docker-host {'));
        assert.ok(increase.test('  iptables {'));
        assert.ok(!increase.test('  nic eth0 { address 203.0.113.86/24 }'));
        assert.ok(!increase.test('# a comment with {'));
        assert.ok(decrease.test('  }'));
        assert.ok(!decrease.test('  nic eth0 { }'));
    });

    it('folds #region markers', () => {
        assert.ok(new RegExp(config.folding.markers.start).test('# region kube-proxy rules'));
        assert.ok(new RegExp(config.folding.markers.end).test('# endregion'));
    });
});
