import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNetzText } from '../../language/netz-loader.js';
import { parseIPv4 } from '../../model/model-api.js';
import { checkExpectation, formatTraceText, ruleNeedsConntrack, simulatePacket, simulateProbe } from '../../simulator/simulator-api.js';
import { emptyRuleset, parseIptablesSave } from '../../language/iptables/iptables-save-parser.js';

const seed = `
host docker-host {
  sysctl net.ipv4.ip_forward = 1
  bridge br0 { address 192.168.31.1/24 }
  nic eth0 { address 203.0.113.86/24 }
  veth veth1 peer c1.veth0 { master br0 }
  route default via 203.0.113.1
  iptables {
    *nat
    -A POSTROUTING -s 192.168.31.0/24 -o eth0 -j MASQUERADE
    COMMIT
  }
  netns c1 { veth veth0 { address 192.168.31.10/24 }  route default via 192.168.31.1 }
}
host isp {
  sysctl net.ipv4.ip_forward = 1
  nic eth0 { address 203.0.113.1/24 }
  nic eth1 { address 198.51.100.1/24 }
}
host server {
  nic eth0 { address 198.51.100.183/24 }
  route default via 198.51.100.1
}
wire docker-host.eth0 -- isp.eth0
wire isp.eth1 -- server.eth0
probe c1-web from c1 to 198.51.100.183 tcp dport 80 expect established
probe wrong from c1 to 198.51.100.183 expect dropped at isp
`;

// The mark relay of SEMANTICS.md §1.4 [V exp17]: which of nat INPUT and security INPUT runs first decides the fate.
const relay = `
netns cl { veth c0 peer rt.r0 { address 10.0.1.2/24 } }
netns rt {
  veth r0 { address 10.0.1.1/24 }
  iptables {
    *filter
    -A INPUT -p icmp -m conntrack --ctstate NEW -j MARK --set-mark 0x1
    COMMIT
    *nat
    -A INPUT -m mark --mark 0x1 -j MARK --set-mark 0x2
    COMMIT
    *security
    -A INPUT -m mark --mark 0x2 -j DROP
    COMMIT
  }
}
probe relay from cl to 10.0.1.1 expect dropped at rt security INPUT
`;

describe('probe simulation', () => {
    it('produces the JSON shape of LANGUAGE.md §6', async () => {
        const { model } = await loadNetzText(seed, 'seed.netz');
        const trace = JSON.parse(JSON.stringify(simulateProbe(model, model.probes[0])));
        assert.deepEqual(trace.packet, { proto: 'tcp', src: '192.168.31.10', dst: '198.51.100.183', sport: 40000, dport: 80, ttl: 64, tcpFlags: 'SYN' });
        assert.equal(trace.outcome, 'established');
        assert.deepEqual(trace.at, { netns: 'server', table: null, chain: null, line: null });
        const masq = trace.steps.find((s: { verdict: string }) => s.verdict === 'MASQUERADE');
        assert.deepEqual(
            [masq.netns, masq.kind, masq.hook, masq.table, masq.chain, masq.line, masq.policy, masq.packet.src],
            ['docker-host', 'netfilter', 'POSTROUTING', 'nat', 'POSTROUTING', 10, false, '203.0.113.86']
        );
        for (const s of [...trace.steps, ...trace.reply.steps]) {
            assert.deepEqual(['netns', 'kind', 'hook', 'table', 'chain', 'line', 'verdict', 'policy', 'detail'].filter((k) => !(k in s)), []);
        }
        assert.equal(trace.reply.outcome, 'delivered');
    });

    it('runs security INPUT after nat INPUT on nft and before it on legacy', async () => {
        const { model } = await loadNetzText(relay, 'relay.netz');
        assert.equal(simulateProbe(model, model.probes[0]).outcome, 'dropped');
        assert.equal(simulateProbe(model, model.probes[0], { backend: 'nft' }).at.table, 'security');
        assert.equal(simulateProbe(model, model.probes[0], { backend: 'legacy' }).outcome, 'established');
    });

    it('traces an ad-hoc packet without a probe', async () => {
        const { model } = await loadNetzText(seed, 'seed.netz');
        const trace = simulatePacket(model, { from: 'server', to: parseIPv4('203.0.113.86')!, packet: { protocol: 'udp', dport: 53 } });
        assert.equal(trace.probe, null);
        assert.equal(trace.outcome, 'established');
        assert.equal(trace.packet.src, '198.51.100.183');
    });

    it('reports a failed expectation on the probe line, saying what happened instead', async () => {
        const { model } = await loadNetzText(seed, 'seed.netz');
        const probe = model.probes[1];
        const diagnostic = checkExpectation(probe, simulateProbe(model, probe));
        assert.ok(diagnostic);
        assert.equal(diagnostic.code, 'probe-expectation-failed');
        assert.equal(diagnostic.severity, 'error');
        assert.equal(diagnostic.source.line, probe.source.line);
        assert.match(diagnostic.message, /expected dropped at isp, but the packet was established at server/);
        assert.equal(checkExpectation(model.probes[0], simulateProbe(model, model.probes[0])), undefined);
    });

    it('never matches a rule iptables refuses: its error is reported and the packet goes on', async () => {
        const text = `
netns cl { veth c0 peer srv.s0 { address 10.0.1.2/24 } }
netns srv {
  veth s0 { address 10.0.1.1/24 }
  iptables {
    *filter
    -A INPUT -p tcp --dprot 22 -j DROP
    -A INPUT -s 10.0.1.0/24 -m conntrack --ctstate NEWISH -j DROP
    COMMIT
  }
}
probe ssh from cl to 10.0.1.1 tcp dport 22 expect established
`;
        const { model, diagnostics } = await loadNetzText(text, 'refused.netz');
        assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => [d.source.line, d.code]), [[7, 'ipt-unknown-option'], [8, 'ipt-bad-argument']]);
        const trace = simulateProbe(model, model.probes[0]);
        assert.equal(trace.outcome, 'established');
        assert.equal(trace.steps.some((s) => s.kind === 'netfilter' && s.line !== null && s.line !== undefined && s.line <= 8 && s.verdict === 'DROP'), false);
    });

    it('names the rules file of a deciding rule that an iptables from line loaded', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'netz-from-'));
        try {
            writeFileSync(join(folder, 'srv.rules'), '*filter\n-A INPUT -p udp -j DROP\nCOMMIT\n');
            const text = 'netns cl { veth c0 peer srv.s0 { address 10.0.1.2/24 } }\nnetns srv {\n  veth s0 { address 10.0.1.1/24 }\n  iptables from "srv.rules"\n}\nprobe dns from cl to 10.0.1.1 udp dport 53 expect delivered\n';
            const { model } = await loadNetzText(text, join(folder, 'from.netz'));
            const trace = simulateProbe(model, model.probes[0]);
            assert.match(formatTraceText(trace), /=> dropped at srv \(filter INPUT, srv\.rules line 2\)/);
            assert.match(checkExpectation(model.probes[0], trace)!.message, /dropped at srv filter INPUT \(srv\.rules line 2\)/);
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    });

    it('keeps a port inside a NAT port range, and says where the kernel chooses at random or by a hash', async () => {
        const { model } = await loadNetzText(readFileSync(fileURLToPath(new URL('../scenarios/nat-port-ranges.netz', import.meta.url)), 'utf8'), 'nat-port-ranges.netz');
        const nat = (probe: string) => simulateProbe(model, model.probes.find((p) => p.name === probe)!).steps.find((s) => s.kind === 'nat')!;
        assert.equal(nat('in-range').nat?.after.dport, 8003);
        assert.equal(nat('out-of-range').nat?.after.dport, 8000);
        assert.equal(nat('in-range').nat?.note, undefined);
        assert.match(nat('snat-port-range').nat?.note ?? '', /source port at random in 2000-2010; netz shows 2000/);
        assert.match(nat('masquerade-random').nat?.note ?? '', /source port at random; netz shows 40000/);
        assert.match(nat('snat-address-range').nat?.note ?? '', /one address of the range by a hash of the connection/);
    });

    it('registers conntrack for a DNAT rule, but not for one iptables refuses', () => {
        const rule = (text: string) => {
            const ruleset = emptyRuleset();
            parseIptablesSave(`*nat\n${text}\nCOMMIT\n`, ruleset, { file: 'nat.rules' });
            return ruleset.tables.get('nat')!.chains.get('PREROUTING')!.rules[0];
        };
        assert.equal(ruleNeedsConntrack(rule('-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1')), true);
        assert.equal(ruleNeedsConntrack(rule('-A PREROUTING -p tcp --dport 99999 -j DNAT --to-destination 10.0.0.1')), false);
    });

    it('prints a trace a network engineer can follow: routes, ARP, L2 and kernel-style netfilter lines', async () => {
        const { model } = await loadNetzText(seed, 'seed.netz');
        const text = formatTraceText(simulateProbe(model, model.probes[0]));
        assert.match(text, /\[c1\] route: output route: default via 192\.168\.31\.1 dev veth0 src 192\.168\.31\.10/);
        assert.match(text, /\[docker-host\] nat:POSTROUTING:rule 1:MASQUERADE {2}-A POSTROUTING -s 192\.168\.31\.0\/24 -o eth0 -j MASQUERADE/);
        assert.match(text, /\[docker-host\] bridge: br0: learn/);
        assert.match(text, /=> established at server/);
        assert.match(text, /\[docker-host\] nat: conntrack reverse translation: 198\.51\.100\.183:80 > 203\.0\.113\.86:40000 becomes 198\.51\.100\.183:80 > 192\.168\.31\.10:40000/);
    });

    it('stops a bridge loop without STP instead of recursing forever', async () => {
        // Not a scenario file: built on a real kernel this loop is a broadcast storm.
        const loop = `
netns sw {
  bridge br0 { }
  bridge br1 { }
  veth a0 peer sw.a1 { master br0 }
  veth a1 { master br1 }
  veth b0 peer sw.b1 { master br0 }
  veth b1 { master br1 }
  veth h0 peer h.eth0 { master br0 }
}
netns h { veth eth0 { address 10.0.0.1/24 } }
probe storm from h to 10.0.0.2 expect unreachable
`;
        const { model } = await loadNetzText(loop, 'loop.netz');
        const trace = simulateProbe(model, model.probes[0]);
        assert.equal(trace.outcome, 'unreachable');
        assert.match(trace.reason, /forwarding loop/);
    });

    it('fails the send when `src` is not an address of the sender', async () => {
        const { model } = await loadNetzText(seed, 'seed.netz');
        const trace = simulatePacket(model, { from: 'c1', src: parseIPv4('192.0.2.99')!, to: parseIPv4('198.51.100.183')! });
        assert.equal(trace.outcome, 'unreachable');
        assert.match(trace.reason, /cannot bind/);
    });
});
