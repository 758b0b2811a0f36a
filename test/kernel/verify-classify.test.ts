import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify, indexRules } from '../../kernel/verify-classify.js';
import type { KernelObservation, SenderObservation } from '../../kernel/verify-classify.js';
import type { KernelStep } from '../../kernel/verify-trace.js';
import { loadNetzFile } from '../../language/netz-loader.js';
import type { Model, Probe } from '../../model/model-api.js';

/** LANGUAGE.md's outcome table and `at` rules, applied to what the kernel showed (no kernel needed here). */

const scenarioDir = join(fileURLToPath(new URL('.', import.meta.url)), 'scenarios');

describe('classify (kernel observations to LANGUAGE.md outcomes)', function () {
    this.timeout(30_000);
    let model: Model;
    let probe: (name: string) => Probe;

    before(async function () {
        model = (await loadNetzFile(join(scenarioDir, 'reject-tcp-reset.netz'))).model;
        probe = (name) => model.probes.find((p) => p.name === name)!;
    });

    const observed = (sender: SenderObservation, more: Partial<KernelObservation> = {}): KernelObservation => ({
        sender,
        deliveredIn: [],
        counters: new Map(),
        steps: new Map(),
        ...more,
    });

    const rejectStep = (marker: string): KernelStep => ({
        netns: 'nzv1-0-rt', packetId: '1', table: 'filter', chain: 'FORWARD', kind: 'rule', verdict: 'DROP', marker, target: 'REJECT',
        ruleText: '-4 -t filter -A FORWARD -p tcp -j REJECT --reject-with tcp-reset',
    });

    it('a reply that came back is established, at the namespace where the request was delivered', function () {
        const r = classify(model, probe('web'), observed({ reply: '203.0.113.2' }, { deliveredIn: ['server'] }), indexRules(model));
        assert.deepEqual([r.outcome, r.at.netns], ['established', 'server']);
    });

    it('a reset caused by a REJECT rule is rejected at that rule\'s chain and line', function () {
        const rules = indexRules(model);
        const line = [...rules.get('rt')!.values()][0].source.line;
        const r = classify(model, probe('smtp'), observed({ error: 'ECONNREFUSED' }, { steps: new Map([['rt', [rejectStep(`netz:${line}`)]]]) }), rules);
        assert.deepEqual([r.outcome, r.at.netns, r.at.table, r.at.chain, r.at.line], ['rejected', 'rt', 'filter', 'FORWARD', line]);
    });

    it('a REJECT whose error never arrives is dropped, at the rule', function () {
        const r = classify(model, probe('smtp'), observed({}, { steps: new Map([['rt', [rejectStep('netz:11')]]]) }), indexRules(model));
        assert.deepEqual([r.outcome, r.at.netns, r.at.chain], ['dropped', 'rt', 'FORWARD']);
    });

    it('a reset without a rule is the destination refusing: refused where TCP sent the reset', function () {
        const counters = new Map([['server', new Map([['TcpOutRsts', 1]])]]);
        const r = classify(model, probe('web'), observed({ error: 'ECONNREFUSED' }, { counters }), indexRules(model));
        assert.deepEqual([r.outcome, r.at.netns], ['refused', 'server']);
    });

    it('a host-unreachable from the sender\'s own address is its failed neighbour resolution: unreachable at the sender', function () {
        const r = classify(model, probe('web'), observed({ error: 'EHOSTUNREACH', icmp: [{ type: 3, code: 1, from: '10.0.1.2' }] }), indexRules(model));
        assert.deepEqual([r.outcome, r.at.netns], ['unreachable', 'client']);
    });

    it('an ICMP unreachable from a router is rejected at the router', function () {
        const r = classify(model, probe('web'), observed({ error: 'ENETUNREACH', icmp: [{ type: 3, code: 0, from: '10.0.1.1' }] }), indexRules(model));
        assert.deepEqual([r.outcome, r.at.netns], ['rejected', 'rt']);
    });

    it('a send refused by the sender\'s own routing is unreachable at the sender', function () {
        const r = classify(model, probe('web'), observed({ sendError: 'ENETUNREACH' }), indexRules(model));
        assert.deepEqual([r.outcome, r.at.netns], ['unreachable', 'client']);
    });

    it('silence with a kernel counter that moved is dropped where it moved (forwarding disabled, rp_filter...)', function () {
        const counters = new Map([['client', new Map([['IpOutRequests', 1]])], ['rt', new Map([['IpInAddrErrors', 1]])]]);
        const r = classify(model, probe('web'), observed({}, { counters }), indexRules(model));
        assert.deepEqual([r.outcome, r.at.netns], ['dropped', 'rt']);
        assert.match(r.reason, /ip_forward/);
    });

    it('a time-exceeded error is a routing loop: dropped where the TTL ran out', function () {
        const counters = new Map([['rt', new Map([['IcmpOutTimeExcds', 1]])]]);
        const r = classify(model, probe('web'), observed({ icmp: [{ type: 11, code: 0, from: '10.0.1.1' }] }, { counters }), indexRules(model));
        assert.deepEqual([r.outcome, r.at.netns], ['dropped', 'rt']);
    });
});
