import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNetzFile } from '../../language/netz-loader.js';
import { topologyView } from '../../presentation/topology-view.js';
import type { TopologyView } from '../../presentation/topology-view.js';
import { natDiff, tracePlayback } from '../../presentation/trace-playback.js';
import type { Model } from '../../model/model-api.js';
import { simulateProbe } from '../../simulator/simulator-api.js';
import type { Trace } from '../../simulator/trace-types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function traced(file: string, probe: string): Promise<{ model: Model; topology: TopologyView; trace: Trace }> {
    const { model } = await loadNetzFile(join(ROOT, file));
    return { model, topology: topologyView(model), trace: simulateProbe(model, model.probes.find((p) => p.name === probe)!) };
}

describe('tracePlayback', () => {
    it('draws c1-web over the veth and both wires, and back', async () => {
        const { topology, trace } = await traced('examples/seed.netz', 'c1-web');
        const playback = tracePlayback(trace, topology);
        const there = ['veth:if:c1/veth0|if:docker-host/veth1', 'wire:if:docker-host/eth0|if:isp/eth0', 'wire:if:isp/eth1|if:server/eth0'];
        assert.deepEqual(playback.path.request, there);
        assert.deepEqual(playback.path.reply, [...there].reverse());
        const ids = new Set([...topology.edges.map((e) => e.id), ...topology.namespaces.flatMap((n) => [n.id, ...n.ports.map((p) => p.id), ...n.bridges.map((b) => b.id)])]);
        for (const step of playback.steps) {
            for (const id of step.highlight) {
                assert.ok(ids.has(id) || id.startsWith('member:'), `step ${step.index} lights ${id}, which the topology lacks`);
            }
        }
    });

    it('keeps every step, nesting the frames of neighbour resolution under their arp step', async () => {
        const { topology, trace } = await traced('examples/seed.netz', 'c1-web');
        const playback = tracePlayback(trace, topology, { showEmptyChains: true });
        const count = (steps: Trace['steps']): number => steps.reduce((n, s) => n + 1 + count(s.arp?.steps ?? []), 0);
        assert.equal(playback.steps.length, count(trace.steps) + count(trace.reply!.steps));
        assert.equal(playback.hiddenSteps, 0);
        const arp = playback.steps.find((s) => s.step.kind === 'arp' && s.depth === 0)!;
        assert.equal(playback.steps[arp.index + 1].depth, 1);
        assert.deepEqual(arp.step.arp?.steps, []);
    });

    it('groups consecutive steps by leg, namespace and hook', async () => {
        const { topology, trace } = await traced('examples/seed.netz', 'c1-web');
        const playback = tracePlayback(trace, topology);
        assert.deepEqual(playback.groups.slice(0, 6).map((g) => g.label), ['c1', 'docker-host', 'docker-host · PREROUTING', 'docker-host', 'docker-host · POSTROUTING', 'docker-host']);
        assert.equal(playback.groups.reduce((n, g) => n + g.count, 0), playback.steps.length);
        for (const g of playback.groups) {
            assert.ok(playback.steps.slice(g.first, g.first + g.count).every((s) => s.group === g.index && s.leg === g.leg));
        }
    });

    it('diffs the MASQUERADE rewrite and its reversal, and reveals the rule line', async () => {
        const { topology, trace } = await traced('examples/seed.netz', 'c1-web');
        const playback = tracePlayback(trace, topology);
        const masquerade = playback.steps.find((s) => s.step.nat?.kind === 'MASQUERADE')!;
        assert.deepEqual(masquerade.nat!.filter((f) => f.changed), [{ field: 'src', before: '192.168.31.10', after: '203.0.113.86', changed: true }]);
        const reverse = playback.steps.find((s) => s.step.nat?.kind === 'reverse')!;
        assert.equal(reverse.leg, 'reply');
        assert.deepEqual(reverse.nat!.filter((f) => f.changed), [{ field: 'dst', before: '203.0.113.86', after: '192.168.31.10', changed: true }]);
        const rule = playback.steps.find((s) => s.step.verdict === 'MASQUERADE' && s.step.kind === 'netfilter')!;
        assert.equal(rule.reveal.line, 15);
    });

    it('reveals a step without text at the interface or namespace it happened on', async () => {
        const { topology, trace } = await traced('examples/seed.netz', 'c1-web');
        const playback = tracePlayback(trace, topology);
        const link = playback.steps.find((s) => s.step.kind === 'link' && s.depth === 0)!;
        assert.deepEqual([link.reveal.line, link.edge], [19, 'veth:if:c1/veth0|if:docker-host/veth1']);
        const routed = playback.steps.find((s) => s.step.kind === 'route' && s.step.netns === 'isp')!;
        assert.equal(routed.reveal.line, 27, 'isp.eth1, the interface of the route taken');
        assert.ok(playback.steps.every((s) => s.reveal.line >= 1 && s.reveal.file.endsWith('seed.netz')));
    });

    it('marks the deciding step of each leg', async () => {
        const web = await traced('examples/seed.netz', 'c1-web');
        const decisive = tracePlayback(web.trace, web.topology).steps.filter((s) => s.decisive);
        assert.deepEqual(decisive.map((s) => [s.leg, s.step.kind, s.step.netns]), [['request', 'deliver', 'server'], ['reply', 'deliver', 'c1']]);
        const rejected = await traced('examples/seed.netz', 'server-to-c1');
        const decided = tracePlayback(rejected.trace, rejected.topology).steps.filter((s) => s.decisive);
        assert.deepEqual(decided.map((s) => [s.step.kind, s.step.netns]), [['drop', 'isp']]);
    });

    it('ties VXLAN encapsulation to the tunnel edge', async () => {
        const { topology, trace } = await traced('test/presentation/cases/overlay.netz', 'overlay');
        const encap = tracePlayback(trace, topology).steps.find((s) => s.step.kind === 'encap' && s.depth === 0)!;
        assert.equal(encap.edge, 'vxlan:if:h1/vx0|if:h2/vx0');
        assert.ok(encap.highlight.includes('if:h1/vx0'));
    });

    it('leaves out chains passed with no matching rule unless asked', async () => {
        const { topology, trace } = await traced('test/presentation/cases/empty-chains.netz', 'ping-b');
        const hidden = tracePlayback(trace, topology);
        const shown = tracePlayback(trace, topology, { showEmptyChains: true });
        const policies = (p: typeof hidden): string[] => p.steps.filter((s) => s.step.policy).map((s) => `${s.step.hook} ${s.step.chain}`);
        assert.deepEqual(policies(shown), ['INPUT INPUT', 'OUTPUT OUTPUT']);
        assert.deepEqual(policies(hidden), ['OUTPUT OUTPUT'], 'OUTPUT stays: its LOG rule matched first');
        assert.equal(hidden.hiddenSteps, 1);
        assert.equal(shown.steps.length, hidden.steps.length + 1);
    });

    it('diffs only the fields present in either packet', () => {
        const before = { proto: 'udp' as const, src: '10.0.0.1', dst: '10.0.0.2', sport: 5000, dport: 53, ttl: 64 };
        assert.deepEqual(natDiff(before, { ...before, dport: 5353 }).map((f) => f.field), ['proto', 'src', 'sport', 'dst', 'dport', 'ttl']);
        assert.deepEqual(natDiff(before, { ...before, dport: 5353 }).filter((f) => f.changed).map((f) => f.after), ['5353']);
    });
});
