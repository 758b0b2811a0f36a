import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkModel } from '../../check/check-runner.js';
import { loadNetzFile, loadNetzText } from '../../language/netz-loader.js';
import { sharedPath } from '../shared-path.js';

const examples = fileURLToPath(new URL('../../examples', import.meta.url));

/** The untagged code blocks of LANGUAGE.md that are .netz text rather than a schematic of the syntax. */
function languageExamples(): string[] {
    const text = readFileSync(sharedPath('design/LANGUAGE.md'), 'utf8');
    const schematic = /STATEMENT|IFACE-ATTR|\bCIDR\b|KEY = VALUE|NS\.IF --|\bOUTCOME\b/;
    return [...text.matchAll(/```\n([\s\S]*?)```/g)].map(match => match[1]).filter(block => !schematic.test(block));
}

describe('examples', () => {
    for (const name of readdirSync(examples).filter(file => file.endsWith('.netz')).sort()) {
        it(`examples/${name} checks without a finding: no error, warning or information, its probes hold`, async () => {
            const { model, diagnostics } = await loadNetzFile(join(examples, name));
            const all = [...diagnostics, ...checkModel(model, { backend: 'nft' }).diagnostics];
            assert.deepEqual(all.map(d => `${d.source.file}:${d.source.line}: ${d.severity} ${d.code}: ${d.message}`), []);
        });
    }

    it('LANGUAGE.md has concrete examples, and each parses and checks clean', async () => {
        const blocks = languageExamples();
        assert.ok(blocks.length >= 2, `found ${blocks.length} concrete examples`);
        for (const block of blocks) {
            // A bare `iptables { }` block is a namespace statement: give it a namespace.
            const text = block.trimStart().startsWith('iptables') ? `netns example {\n${block.replace(/^iptables from.*$/m, '')}}\n` : block;
            const { diagnostics } = await loadNetzText(text, join(examples, 'language-md-example.netz'));
            assert.deepEqual(diagnostics.filter(d => d.severity === 'error').map(d => `${d.code}: ${d.message}`), [], block);
        }
    });

    it('the seed example holds the three containers, the bridge and the NAT rule', async () => {
        const { model } = await loadNetzFile(join(examples, 'seed.netz'));
        assert.deepEqual(model.namespaces.map(ns => `${ns.kind} ${ns.name}${ns.host ? ` in ${ns.host}` : ''}`),
            ['host docker-host', 'netns c1 in docker-host', 'netns c2 in docker-host', 'netns c3 in docker-host', 'host isp', 'host server']);
        assert.deepEqual(model.links.map(l => `${l.kind} ${l.a.netns}.${l.a.name} ${l.b.netns}.${l.b.name}`).sort(), [
            'veth docker-host.veth1 c1.veth0', 'veth docker-host.veth2 c2.veth0', 'veth docker-host.veth3 c3.veth0',
            'wire docker-host.eth0 isp.eth0', 'wire isp.eth1 server.eth0'
        ]);
        const c1 = model.namespaces.find(ns => ns.name === 'c1')!;
        assert.equal(c1.sysctls.ipForward, true, 'a netns nested in a host inherits its ip_forward');
        assert.equal(c1.sysctls.entries.get('net.ipv4.ip_forward')!.origin, 'inherited');
        assert.deepEqual(c1.routes.map(r => `${r.origin} ${r.destination >>> 24}/${r.prefix} ${r.dev ?? ''}`), ['connected 192/24 veth0', 'static 0/0 ']);
        const host = model.namespaces[0];
        assert.equal(host.interfaces.find(i => i.name === 'veth1')!.master, 'br0');
        const nat = host.ruleset.tables.get('nat')!.chains.get('POSTROUTING')!;
        assert.equal(nat.rules.length, 1);
        assert.equal(nat.rules[0].target?.name, 'MASQUERADE');
        assert.equal(nat.rules[0].source.line, 15);
        assert.deepEqual(model.probes.map(p => `${p.name} ${p.packet.protocol} ${p.expect?.outcome} ${p.expect?.at ?? ''}`),
            ['c1-web tcp established ', 'c1-ping icmp established ', 'server-to-c1 icmp rejected isp']);
    });
});
