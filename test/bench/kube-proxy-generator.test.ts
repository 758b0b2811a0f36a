import assert from 'node:assert/strict';
import { analyzeRuleset } from '../../analysis/analysis-api.js';
import { kubeProxyRuleCount, kubeProxyRuleset } from '../../bench/kube-proxy-generator.js';
import { emptyRuleset, parseIptablesSave } from '../../language/iptables/iptables-save-parser.js';

describe('kube-proxy workload generator', () => {
    for (const [services, endpoints] of [[1, 1], [1, 10], [10, 10], [7, 3]]) {
        it(`writes 5 + S·(2 + 3E) KUBE nat rules for ${services} services × ${endpoints} endpoints, all accepted by the parser`, () => {
            const ruleset = emptyRuleset();
            const diagnostics = parseIptablesSave(kubeProxyRuleset(services, endpoints), ruleset, { file: 'kube.rules' });
            assert.deepEqual(diagnostics.filter((d) => d.severity !== 'info'), []);
            const count = (table: string, prefix: string): number =>
                [...ruleset.tables.get(table as 'nat')!.chains.values()].filter((c) => c.name.startsWith(prefix)).reduce((n, c) => n + c.rules.length, 0);
            assert.equal(count('nat', 'KUBE-'), 5 + services * (2 + 3 * endpoints));
            assert.equal(count('filter', 'KUBE-'), 3);
            assert.equal(count('nat', '') + count('filter', ''), kubeProxyRuleCount(services, endpoints));
        });
    }

    it('is a well-formed ruleset: the only finding is the INVALID drop overlapping the masquerade-mark accept', () => {
        const ruleset = emptyRuleset();
        parseIptablesSave(kubeProxyRuleset(20, 3), ruleset, { file: 'kube.rules' });
        assert.deepEqual(analyzeRuleset(ruleset).map((d) => `${d.code} ${d.source.line}`), ['rule-correlated 11']);
    });
});
