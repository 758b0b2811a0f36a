import assert from 'node:assert/strict';
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
});
