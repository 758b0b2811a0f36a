import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver';
import { openDocument, services } from './server-fixture.js';

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

/** The outline as indented `name (detail) first-last` lines. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
    return symbols.flatMap(s => [
        `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''} ${s.range.start.line}-${s.range.end.line}`,
        ...outline(s.children ?? [], depth + 1)
    ]);
}

describe('document symbols and folding', () => {
    afterEach(() => {
        services.settings.locale = 'en';
    });

    it('outlines hosts › netns › interfaces and iptables › table › chain with rule counts', async () => {
        const document = await openDocument(TEXT);
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        assert.deepEqual(outline(symbols), [
            'fw (host) 0-15',
            '  eth0 (nic) 1-1',
            '  iptables 2-12',
            '    filter (table) 3-7',
            '      INPUT (1 rule) 5-5',
            '      ALLOW (2 rules) 4-7',
            '    nat (table) 9-10',
            '      POSTROUTING (1 rule) 10-10',
            '  c (netns) 13-13',
            '    v0 (veth) 13-13',
            '  v1 (veth) 14-14',
            'p (probe) 16-16'
        ]);
    });

    it('counts rules in the display language', async () => {
        services.settings.locale = 'zh-tw';
        const document = await openDocument(TEXT);
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        assert.ok(outline(symbols).includes('      ALLOW (2 條規則) 4-7'));
    });

    it('outlines the tables of an iptables from file on the line that loads it', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'netz-symbols-'));
        writeFileSync(join(folder, 'rules.v4'), '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -j DROP\nCOMMIT\n');
        const document = await openDocument('host h {\n  nic eth0\n  iptables from "rules.v4"\n}\n', join(folder, 'main.netz'));
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        assert.deepEqual(outline(symbols), ['h (host) 0-3', '  eth0 (nic) 1-1', '  iptables from "rules.v4" 2-2', '    filter (table) 2-2', '      INPUT (2 rules) 2-2']);
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
