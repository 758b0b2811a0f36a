import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDocument, services } from './server-fixture.js';

/** TCPMSS without a SYN match: iptables-legacy refuses it, iptables-nft accepts it, so the backend shows in the diagnostics. */
const TEXT = `host router {
  nic eth0 { address 192.0.2.1/24 }
  iptables {
    *mangle
    -A FORWARD -p tcp -j TCPMSS --clamp-mss-to-pmtu
    COMMIT
  }
}
`;

describe('document compiler', () => {
    afterEach(() => {
        services.compiler.backend = 'nft';
    });

    it('compiles a document version once', async () => {
        const document = await openDocument(TEXT);
        assert.equal(services.compiler.compile(document), services.compiler.compile(document));
        assert.equal(services.compiler.index(document), services.compiler.index(document));
    });

    it('compiles again with the new backend when the setting changes', async () => {
        const document = await openDocument(TEXT);
        const codes = () => services.compiler.compile(document).diagnostics.map(d => d.code);
        const nft = services.compiler.compile(document);
        assert.ok(!codes().includes('ipt-tcpmss-needs-syn'));
        services.compiler.backend = 'legacy';
        assert.notEqual(services.compiler.compile(document), nft);
        assert.ok(codes().includes('ipt-tcpmss-needs-syn'));
    });

    it('parses a rules file once and shares it across versions of the .netz file, until the file changes on disk', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'netz-rules-'));
        try {
            writeFileSync(join(folder, 'node.v4'), '*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n');
            const text = (address: string) => `netns node {\n  nic eth0 { address ${address}/24 }\n  iptables from "node.v4"\n}\n`;
            const rulesetOf = (document: Awaited<ReturnType<typeof openDocument>>) => services.compiler.compile(document).model.namespaces[0].ruleset;
            const first = rulesetOf(await openDocument(text('192.0.2.1'), join(folder, 'a.netz')));
            const edited = rulesetOf(await openDocument(text('192.0.2.2'), join(folder, 'b.netz')));
            assert.equal(edited, first, 'an edit elsewhere in the .netz file reuses the parsed rules file');
            writeFileSync(join(folder, 'node.v4'), '*filter\n-A INPUT -p tcp --dport 2222 -j ACCEPT\nCOMMIT\n');
            const changed = rulesetOf(await openDocument(text('192.0.2.3'), join(folder, 'c.netz')));
            assert.notEqual(changed, first);
            const port = changed.tables.get('filter')!.chains.get('INPUT')!.rules[0].matches.flatMap(m => m.options).find(o => o.name === 'dport')!.value;
            assert.deepEqual(port, { kind: 'ports', ranges: [{ from: 2222, to: 2222 }] });
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    });
});
