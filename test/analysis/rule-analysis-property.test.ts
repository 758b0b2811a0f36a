import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeRuleset } from '../../analysis/analysis-api.js';
import type { ConcretePacket } from '../../analysis/chain-evaluator.js';
import { evaluateChain } from '../../analysis/chain-evaluator.js';
import { emptyRuleset, parseIptablesSave } from '../../language/iptables/iptables-save-parser.js';
import type { Rule, Ruleset } from '../../model/model-api.js';
import { render, rulesetText } from './random-rulesets.js';

/**
 * The analysis against a concrete walk (analysis/chain-evaluator.ts, written independently of the packet
 * sets): for random small rulesets and random packets, a rule the analysis says never applies never
 * matches, and removing a rule it calls redundant changes no verdict.
 */

function parse(text: string): Ruleset {
    const ruleset = emptyRuleset();
    const errors = parseIptablesSave(text, ruleset, { file: 'random.rules' }).filter((d) => d.severity === 'error');
    assert.deepEqual(errors, [], text);
    return ruleset;
}

const packet: fc.Arbitrary<ConcretePacket> = fc.record({
    src: fc.constantFrom(0x0a010203, 0x0a010000, 0x0a020304, 0xc0000201, 0xc0000281, 0x08080808),
    dst: fc.constantFrom(0x0a010203, 0xc0000201, 0xc0000281, 0x01020304),
    proto: fc.constantFrom(1, 6, 17),
    sport: fc.constantFrom(1024, 40000),
    dport: fc.constantFrom(22, 79, 80, 81, 1000, 1500, 2000, 2001),
    iif: fc.constantFrom('eth0', 'eth1', 'eth2', 'br0'),
    oif: fc.constant(''),
    ctstate: fc.constantFrom('NEW' as const, 'ESTABLISHED' as const, 'RELATED' as const, 'INVALID' as const),
    mark: fc.constantFrom(0, 1, 2, 3),
});

/** The same chance outcome for a condition in both walks (keyed by text, not position, which removal shifts). */
const oracleSeed = fc.integer({ min: 0, max: 2 ** 30 });
function oracle(seed: number): (rule: Rule, condition: string) => boolean {
    return (rule, condition) => {
        let h = seed;
        for (const ch of `${rule.chain} ${rule.text} ${condition}`) {
            h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
        }
        return (h & 1) === 1;
    };
}

const NEVER_APPLIES = new Set(['rule-shadowed', 'rule-unreachable', 'rule-empty-match']);
/** Redundant because earlier rules take its packets (not because later ones would). */
const isCoveredEarlier = (message: string): boolean => message.includes('already taken by');

describe('rule analysis agrees with a concrete walk', () => {
    it('never sees a rule it calls shadowed, unreachable, empty or redundant-by-earlier match a packet', () => {
        fc.assert(fc.property(rulesetText, fc.array(fc.tuple(packet, oracleSeed), { minLength: 20, maxLength: 20 }), (t, packets) => {
            const ruleset = parse(render(t));
            const table = ruleset.tables.get('filter')!;
            const findings = analyzeRuleset(ruleset).filter((d) => NEVER_APPLIES.has(d.code) || (d.code === 'rule-redundant' && isCoveredEarlier(d.message)));
            const dead = new Set(findings.map((d) => d.source.line));
            for (const [p, seed] of packets) {
                const result = evaluateChain(table, 'INPUT', p, oracle(seed));
                for (const r of result.matched) {
                    assert.ok(!dead.has(r.source.line), `rule at line ${r.source.line} was reported as never applying but matched ${JSON.stringify(p)}\n${render(t)}`);
                }
            }
        }), { numRuns: 600 });
    });

    it('finds the same verdict for every packet after a redundant rule is removed', () => {
        fc.assert(fc.property(rulesetText, fc.array(fc.tuple(packet, oracleSeed), { minLength: 20, maxLength: 20 }), (t, packets) => {
            const text = render(t);
            const ruleset = parse(text);
            for (const finding of analyzeRuleset(ruleset).filter((d) => d.code === 'rule-redundant')) {
                const removed = [...ruleset.tables.get('filter')!.chains.values()].flatMap((c) => c.rules).find((r) => r.source.line === finding.source.line)!;
                const without = parse(render(t, { chain: removed.chain, position: removed.position }));
                for (const [p, seed] of packets) {
                    const before = evaluateChain(ruleset.tables.get('filter')!, 'INPUT', p, oracle(seed));
                    const after = evaluateChain(without.tables.get('filter')!, 'INPUT', p, oracle(seed));
                    assert.equal(after.verdict, before.verdict, `removing ${removed.chain} rule ${removed.position} changed the verdict for ${JSON.stringify(p)}\n${text}`);
                }
            }
        }), { numRuns: 600 });
    });
});
