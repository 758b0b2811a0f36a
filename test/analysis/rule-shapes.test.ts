import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { OpaqueFields, RuleShapes, ruleConditions, shapeOf } from '../../analysis/rule-conditions.js';
import { kubeProxyRuleset } from '../../bench/kube-proxy-generator.js';
import { emptyRuleset, parseIptablesSave } from '../../language/iptables/iptables-save-parser.js';
import type { Rule } from '../../model/model-api.js';
import { sharedPath } from '../shared-path.js';

/**
 * Rule shapes (can the rule match, exactly, everything?) are read from per-match summaries without building packet
 * sets; they must say what the full conditions say, contradictions and whole-field values included.
 */

function rules(text: string): Rule[] {
    const ruleset = emptyRuleset();
    parseIptablesSave(text, ruleset, { file: 'shapes.rules' });
    return [...ruleset.tables.values()].flatMap((t) => [...t.chains.values()].flatMap((c) => c.rules));
}

/** Each rule's shape both ways; `undefined` in the first place when the shapes leave the rule to the full conditions. */
function shapesOf(text: string): { rule: Rule; fast: number | undefined; full: number }[] {
    const opaque = new OpaqueFields();
    const shapes = new RuleShapes(opaque);
    return rules(text).map((rule) => ({ rule, fast: shapes.of(rule), full: shapeOf(ruleConditions(rule, opaque)) }));
}

function assertAgree(text: string): void {
    for (const { rule, fast, full } of shapesOf(text)) {
        if (fast !== undefined) {
            assert.equal(fast, full, rule.text);
        }
    }
}

const FRAGMENTS = [
    '-s 10.0.0.0/8', '! -s 10.0.0.0/8', '-s 0.0.0.0/0', '! -s 0.0.0.0/0', '-d 10.1.2.3', '! -d 0.0.0.0/0',
    '-p tcp', '! -p tcp', '-p udp', '-p icmp', '-p all', '! -p all', '-p 47', '-p sctp',
    '-m tcp --dport 80', '-m udp --dport 53', '-m multiport --dports 80,443', '-m icmp --icmp-type 8',
    '-i eth0', '! -i eth0', '! -i eth+', '-i +', '! -o +', '-o eth1', '-m conntrack --ctstate NEW', '-m state --state ESTABLISHED',
    '-m mark --mark 0x1/0x1', '-m mark ! --mark 0x0/0x0', '-m set --match-set s src', '-m set ! --match-set s src',
    '-m addrtype --dst-type LOCAL', '-m statistic --mode random --probability 0.5', '-m comment --comment x',
    '-m iprange --src-range 10.0.0.1-10.0.0.9',
];

describe('rule shapes', () => {
    it('agree with the full conditions for any mix of conditions', () => {
        const rule = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 4 }).map((parts) => `-A INPUT ${parts.join(' ')} -j ACCEPT`);
        fc.assert(fc.property(fc.array(rule, { minLength: 1, maxLength: 6 }), (lines) => {
            assertAgree(['*filter', ':INPUT ACCEPT [0:0]', ...lines, 'COMMIT', ''].join('\n'));
        }), { numRuns: 300 });
    });

    it('agree with the full conditions on the corpus', () => {
        const corpus = sharedPath('corpus/iptables-save');
        for (const file of readdirSync(corpus).filter((f) => f.endsWith('.txt'))) {
            assertAgree(readFileSync(join(corpus, file), 'utf8'));
        }
    });

    it('need no packet sets for a kube-proxy ruleset', () => {
        const all = shapesOf(kubeProxyRuleset(20, 3));
        assert.deepEqual(all.filter((s) => s.fast === undefined).map((s) => s.rule.text), []);
        assert.deepEqual(all.filter((s) => s.fast !== s.full).map((s) => s.rule.text), []);
    });
});
