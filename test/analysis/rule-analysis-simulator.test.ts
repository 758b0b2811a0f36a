import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeNamespace } from '../../analysis/analysis-api.js';
import { loadNetzText } from '../../language/netz-loader.js';
import type { Model, Probe } from '../../model/model-api.js';
import { simulateProbe } from '../../simulator/probe-simulation.js';
import type { RulesetShape } from './random-rulesets.js';
import { render, rulesetTextWithAddressTypes as rulesetText } from './random-rulesets.js';

/**
 * The analysis against the simulator: random INPUT rulesets in a namespace, random packets arriving on its
 * interfaces for its own addresses. A rule the analysis says never applies never shows up as matching in the
 * trace, and removing a rule it calls redundant changes no probe's outcome.
 */

function netz(t: RulesetShape, skip?: { chain: string; position: number }): string {
    return [
        'netns fw {',
        '  nic eth0 { address 192.0.2.1/24 }',
        '  nic eth1 { address 198.51.100.1/24 }',
        '  iptables {',
        ...render(t, skip).trimEnd().split('\n').map((l) => `    ${l}`),
        '  }',
        '}',
        '',
    ].join('\n');
}

const SOURCE = { file: 'random.netz', line: 1, column: 1, endLine: 1, endColumn: 1 };

const probe: fc.Arbitrary<Probe> = fc.record({
    src: fc.constantFrom(0x0a010203, 0x0a010000, 0x0a020304, 0xc0000281, 0xc6336407, 0x08080808),
    to: fc.constantFrom(0xc0000201, 0xc6336401),
    iif: fc.constantFrom('eth0', 'eth1'),
    packet: fc.oneof(
        fc.constant({ protocol: 'icmp' as const }),
        fc.record({ protocol: fc.constantFrom('tcp' as const, 'udp' as const), sport: fc.constant(40000), dport: fc.constantFrom(22, 79, 80, 1500, 2001) }),
    ),
}).map((p) => ({ name: 'random', from: 'fw', ...p, source: SOURCE }));

async function load(text: string): Promise<Model> {
    const { model, diagnostics } = await loadNetzText(text, 'random.netz');
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), [], text);
    return model;
}

/** Lines of the filter rules the trace shows matching (non-terminal ones included). */
function matchedLines(model: Model, p: Probe): number[] {
    return simulateProbe(model, p).steps
        .filter((s) => s.kind === 'netfilter' && s.table === 'filter' && s.netns === 'fw' && s.line !== null && !s.policy)
        .map((s) => s.line!);
}

const NEVER_APPLIES = new Set(['rule-shadowed', 'rule-unreachable', 'rule-empty-match']);

describe('rule analysis agrees with the simulator', () => {
    it('never sees a rule it calls shadowed, unreachable, empty or redundant-by-earlier in a trace', async () => {
        await fc.assert(fc.asyncProperty(rulesetText, fc.array(probe, { minLength: 10, maxLength: 10 }), async (t, probes) => {
            const text = netz(t);
            const model = await load(text);
            const dead = new Set(analyzeNamespace(model.namespaces[0], model)
                .filter((d) => NEVER_APPLIES.has(d.code) || (d.code === 'rule-redundant' && d.message.includes('already taken by')))
                .map((d) => d.source.line));
            for (const p of probes) {
                for (const line of matchedLines(model, p)) {
                    assert.ok(!dead.has(line), `line ${line} was reported as never applying but matched ${JSON.stringify(p)}\n${text}`);
                }
            }
        }), { numRuns: 60 });
    });

    it('finds the same outcome for every probe after a redundant rule is removed', async () => {
        await fc.assert(fc.asyncProperty(rulesetText, fc.array(probe, { minLength: 10, maxLength: 10 }), async (t, probes) => {
            const text = netz(t);
            const model = await load(text);
            const ns = model.namespaces[0];
            for (const finding of analyzeNamespace(ns, model).filter((d) => d.code === 'rule-redundant')) {
                const rule = [...ns.ruleset.tables.get('filter')!.chains.values()].flatMap((c) => c.rules).find((r) => r.source.line === finding.source.line)!;
                const without = await load(netz(t, { chain: rule.chain, position: rule.position }));
                for (const p of probes) {
                    assert.equal(simulateProbe(without, p).outcome, simulateProbe(model, p).outcome,
                        `removing ${rule.chain} rule ${rule.position} changed the outcome of ${JSON.stringify(p)}\n${text}`);
                }
            }
        }), { numRuns: 60 });
    });
});
