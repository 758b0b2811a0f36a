import assert from 'node:assert/strict';
import type { Backend } from '../../../language/iptables/iptables-registry.js';
import { emptyRuleset, parseIptablesSave } from '../../../language/iptables/iptables-save-parser.js';
import { validateRuleset } from '../../../language/iptables/iptables-validator.js';
import { kubeProxyRuleset } from '../../../bench/kube-proxy-generator.js';

function codes(text: string, backend: Backend = 'nft', interfaceNames?: string[]): string[] {
    const ruleset = emptyRuleset();
    const diagnostics = parseIptablesSave(text, ruleset, { file: 'rules', backend });
    diagnostics.push(...validateRuleset(ruleset, { backend, interfaceNames }));
    return diagnostics.map((d) => `${d.source.line} ${d.code}`);
}

/** What the validator must accept (no false alarms) and how the jump graph carries hooks. The per-code cases are in cases/. */
describe('validateRuleset', () => {
    it('accepts a target in a user chain called only from the hooks where it is valid', () => {
        assert.deepEqual(codes('*nat\n:PORTS - [0:0]\n-A PREROUTING -j PORTS\n-A OUTPUT -j PORTS\n-A PORTS -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2:8080'), []);
        assert.deepEqual(codes('*filter\n:DENY - [0:0]\n-A INPUT -j DENY\n-A FORWARD -g DENY\n-A DENY -j REJECT'), []);
    });

    it('carries hooks through chains of calls, and reports once per offending rule', () => {
        const text = '*nat\n:A - [0:0]\n:B - [0:0]\n-A POSTROUTING -j A\n-A A -j B\n-A B -j MASQUERADE\n-A PREROUTING -j A';
        assert.deepEqual(codes(text), ['6 ipt-target-invalid-chain']);
        assert.deepEqual(codes(text.replace('\n-A PREROUTING -j A', '')), []);
    });

    it('does not check hooks of a user chain nothing calls (the kernel checks at jump time)', () => {
        assert.deepEqual(codes('*nat\n:LATER - [0:0]\n-A LATER -j MASQUERADE'), []);
    });

    it('allows TRACE outside raw on nft only', () => {
        assert.deepEqual(codes('*filter\n-A INPUT -j TRACE', 'nft'), []);
        assert.deepEqual(codes('*filter\n-A INPUT -j TRACE', 'legacy'), ['2 ipt-target-invalid-table']);
        assert.deepEqual(codes('*raw\n-A PREROUTING -j TRACE', 'legacy'), []);
    });

    it('accepts TCPMSS after a SYN match on legacy', () => {
        assert.deepEqual(codes('*mangle\n-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu', 'legacy'), []);
        assert.deepEqual(codes('*mangle\n-A PREROUTING -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu', 'nft'), ['2 ipt-option-invalid-chain']);
    });

    it('honours the + wildcard and negation when matching interface names', () => {
        assert.deepEqual(codes('*filter\n-A FORWARD -i veth+ -o eth0 -j ACCEPT\n-A FORWARD -i + -j DROP', 'nft', ['eth0', 'veth-a']), []);
        assert.deepEqual(codes('*filter\n-A FORWARD -i vxlan+ -j ACCEPT', 'nft', ['eth0']), ['2 ipt-interface-unknown']);
        assert.deepEqual(codes('*filter\n-A FORWARD -i vxlan+ -j ACCEPT', 'nft'), [], 'no interface list, no check');
    });

    it('reports a loop once, at the jump that closes it, whatever the entry point', () => {
        assert.deepEqual(codes('*filter\n:A - [0:0]\n:B - [0:0]\n:C - [0:0]\n-A A -j B\n-A B -j C\n-A C -j A\n-A FORWARD -j A\n-A INPUT -j B'),
            ['5 ipt-jump-loop']);
    });

    it('validates a kube-proxy-sized ruleset (80,000 rules, 30,000 chains) as clean', function () {
        this.timeout(60000);
        const text = kubeProxyRuleset(10000, 2);
        const ruleset = emptyRuleset();
        parseIptablesSave(text, ruleset, { file: 'kube' });
        // Linear time is measured by `npm run bench`, not asserted here.
        assert.deepEqual(validateRuleset(ruleset, { backend: 'nft', interfaceNames: ['eth0'] }), []);
    });
});
