import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentSymbol, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseHelper } from 'langium/test';
import { rulesetSymbols } from '../../server/iptables-symbols.js';
import { openDocument, rulesServices, services } from './server-fixture.js';

const TEXT = `host fw {
  nic eth0 { address 198.51.100.2/24 }
  iptables {
    *filter
    :ALLOW - [0:0]
    -A INPUT -j ALLOW
    -A ALLOW -p icmp -j ACCEPT
    -A ALLOW -p tcp --dport 22 -j ACCEPT
    COMMIT
    *nat
    -A POSTROUTING -o eth0 -j MASQUERADE
    COMMIT
  }
  netns c { veth v0 peer fw.v1 }
  veth v1
}
probe p from c to fw expect delivered
`;

const at = (p: Position) => `${p.line}:${p.character}`;
const before = (a: Position, b: Position) => a.line < b.line || a.line === b.line && a.character <= b.character;

/** The outline as indented `name (detail) start-end` lines; every selection lies within its symbol's range. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
    return symbols.flatMap(s => {
        assert.ok(before(s.range.start, s.selectionRange.start) && before(s.selectionRange.end, s.range.end), `${s.name}: selection outside its range`);
        return [
            `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''} ${at(s.range.start)}-${at(s.range.end)}`,
            ...outline(s.children ?? [], depth + 1)
        ];
    });
}

describe('document symbols and folding', () => {
    afterEach(() => {
        services.settings.locale = 'en';
    });

    it('outlines hosts › netns › interfaces and iptables › table (through COMMIT) › chain (to the end of its last rule) with rule counts', async () => {
        const document = await openDocument(TEXT);
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        assert.deepEqual(outline(symbols), [
            'fw (host) 0:0-15:1',
            '  eth0 (nic) 1:2-1:38',
            '  iptables 2:2-12:3',
            '    filter (table) 3:4-8:10',
            '      INPUT (1 rule) 5:4-5:21',
            '      ALLOW (2 rules) 4:4-7:40',
            '    nat (table) 9:4-11:10',
            '      POSTROUTING (1 rule) 10:4-10:40',
            '  c (netns) 13:2-13:32',
            '    v0 (veth) 13:12-13:30',
            '  v1 (veth) 14:2-14:9',
            'p (probe) 16:0-16:37'
        ]);
    });

    it('counts rules in the display language', async () => {
        services.settings.locale = 'zh-tw';
        const document = await openDocument(TEXT);
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        assert.ok(outline(symbols).includes('      ALLOW (2 條規則) 4:4-7:40'));
    });

    it('outlines the tables of an iptables from file on the line that loads it', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'netz-symbols-'));
        writeFileSync(join(folder, 'rules.v4'), '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -j DROP\nCOMMIT\n');
        const document = await openDocument('host h {\n  nic eth0\n  iptables from "rules.v4"\n}\n', join(folder, 'main.netz'));
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        assert.deepEqual(outline(symbols), [
            'h (host) 0:0-3:1', '  eth0 (nic) 1:2-1:10', '  iptables from "rules.v4" 2:2-2:26', '    filter (table) 2:2-2:26', '      INPUT (2 rules) 2:2-2:26'
        ]);
    });

    it('outlines a dump opened on its own over the text of each table and chain', async () => {
        const text = '*filter\n:INPUT DROP [0:0]\n:web - [0:0]\n-A INPUT -j web\n-A web -s 10.1.0.0/16 -j ACCEPT\n# end\nCOMMIT\n*nat\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n';
        const document = await parseHelper(rulesServices)(text, { documentUri: 'file:///netz-test/outline.iptables' });
        const symbols = await rulesServices.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        assert.deepEqual(outline(symbols).filter(line => line.startsWith(' ')), ['  INPUT (1 rule) 1:0-3:15', '  web (1 rule) 2:0-4:31', '  POSTROUTING (1 rule) 8:0-8:36']);
        // Given the text, a table runs through its COMMIT.
        const compiled = rulesServices.rules.compiler.compile(document);
        const ruleset = compiled.index.namespaces.get(compiled.namespace)?.ruleset;
        const withText = rulesetSymbols(ruleset, { file: document.uri.fsPath }, undefined, 'en', document.textDocument as TextDocument);
        assert.deepEqual(outline(withText).filter(line => !line.startsWith(' ')), ['filter (table) 0:0-6:6', 'nat (table) 7:0-9:6']);
    });

    it('folds blocks and each table of an iptables block', async () => {
        const document = await openDocument(TEXT);
        const ranges = await services.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.uri.toString() } });
        const folds = ranges.map(r => `${r.startLine}-${r.endLine}`);
        for (const expected of ['0-14', '2-11', '3-8', '9-11']) {
            assert.ok(folds.includes(expected), `${expected} not in ${folds.join(' ')}`);
        }
    });
});
