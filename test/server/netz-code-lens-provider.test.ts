import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CodeLens } from 'vscode-languageserver';
import { openDocument, services } from './server-fixture.js';

const SEED = readFileSync(new URL('../../examples/seed.netz', import.meta.url), 'utf8');

async function lenses(text: string): Promise<{ uri: string; lenses: CodeLens[] }> {
    const document = await openDocument(text);
    return { uri: document.uri.toString(), lenses: (await services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } }))! };
}

const FIREWALL = `host fw {
  nic eth0 { address 198.51.100.2/24 }
  iptables {
    *filter
    :ALLOW - [0:0]
    -A INPUT -s 198.51.100.0/24 -j ALLOW
    -A FORWARD -j ALLOW
    -A ALLOW -p icmp -j ACCEPT
    -A INPUT -j DROP
    COMMIT
  }
}
host peer { nic eth0 { address 198.51.100.3/24 } }
wire fw.eth0 -- peer.eth0
probe ping from peer to fw expect dropped
`;

describe('code lenses', () => {
    afterEach(() => {
        services.settings.locale = 'en';
    });

    it('shows every probe of the seed passing, with its step count, and opens its trace', async () => {
        const { uri, lenses: all } = await lenses(SEED);
        const probes = all.filter(l => l.command?.command === 'netz.traceProbe');
        assert.deepEqual(probes.map(l => l.command!.arguments), [[uri, 'c1-web'], [uri, 'c1-ping'], [uri, 'server-to-c1']]);
        for (const lens of probes) {
            assert.match(lens.command!.title, /^▶ Trace · ✓ (established|rejected), \d+ steps$/);
        }
        const lines = SEED.split('\n');
        assert.ok(probes.every(l => lines[l.range.start.line].startsWith('probe ')));
    });

    it('offers a trace from each namespace', async () => {
        const { uri, lenses: all } = await lenses(SEED);
        const from = all.filter(l => l.command?.command === 'netz.traceFrom');
        assert.deepEqual(from.map(l => l.command!.arguments![1]), ['docker-host', 'c1', 'c2', 'c3', 'isp', 'server']);
        assert.ok(from.every(l => l.command!.title === '▶ Trace from here…' && l.command!.arguments![0] === uri));
    });

    it('says what happened instead when a probe fails, and counts a chain\'s rules and callers', async () => {
        const { uri, lenses: all } = await lenses(FIREWALL);
        const titles = all.map(l => l.command!.title);
        assert.ok(titles.includes('▶ Trace · ✗ expected dropped, got established at fw'), titles.join('\n'));
        assert.ok(titles.includes('1 rule · jumped to from INPUT, FORWARD'), titles.join('\n'));
        const chain = all.find(l => l.command!.title.startsWith('1 rule'))!;
        assert.deepEqual(chain.command!.arguments, [uri, 6, 5]); // the first jump: `-A INPUT -s ... -j ALLOW`
    });

    it('judges no probe that has an error of its own: the lens shows only where its trace ends', async () => {
        const { lenses: all } = await lenses('netns e { nic eth0 }\nnetns f { nic eth0 { address 10.0.0.2/24 } }\nwire e.eth0 -- f.eth0\nprobe p from e to 10.0.0.2 expect delivered\n');
        const probe = all.find(l => l.command?.command === 'netz.traceProbe')!;
        assert.match(probe.command!.title, /^▶ Trace · \w+, \d+ steps$/);
    });

    it('speaks Traditional Chinese', async () => {
        services.settings.locale = 'zh-tw';
        const { lenses: all } = await lenses(FIREWALL);
        const titles = all.map(l => l.command!.title);
        for (const title of ['▶ 追蹤 · ✗ 預期 dropped，實際 established at fw', '1 條規則 · 由 INPUT、FORWARD 跳入', '▶ 從這裡追蹤…']) {
            assert.ok(titles.includes(title), titles.join('\n'));
        }
    });
});
