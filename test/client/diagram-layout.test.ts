import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Box, DiagramLayout, LayoutEngine } from '../../client/webview/diagram-layout.js';
import { layoutEngineFor, layoutTopology } from '../../client/webview/diagram-layout.js';
import { loadNetzFile, loadNetzText } from '../../language/netz-loader.js';
import { topologyView } from '../../presentation/topology-view.js';
import type { TopologyView } from '../../presentation/topology-view.js';
import { largeTopologyText } from '../presentation/large-topology.js';
import { ROOT } from './webview-harness.js';

/**
 * Geometry checks of the trace view's layout in Node, for both engines, on every scenario file and on generated
 * multi-host files: everything placed once, nothing overlapping, ports on their namespace's border, edges ending at
 * what they join, and the same drawing for the same topology.
 */

const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box, slack = 0.5): boolean => inner.x >= outer.x - slack && inner.y >= outer.y - slack
    && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;
const near = (p: { x: number; y: number }, b: Box): boolean => p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;

/** Pairs of overlapping boxes, found by sweeping along x (no all-pairs comparison on large files). */
function overlapping(boxes: { id: string; box: Box }[]): string[] {
    const sorted = [...boxes].sort((a, b) => a.box.x - b.box.x);
    const found: string[] = [];
    sorted.forEach((a, i) => {
        for (let j = i + 1; j < sorted.length && sorted[j].box.x < a.box.x + a.box.width; j++) {
            if (overlaps(a.box, sorted[j].box)) {
                found.push(`${a.id} / ${sorted[j].id}`);
            }
        }
    });
    return found;
}

function checkGeometry(view: TopologyView, layout: DiagramLayout): void {
    const nsOf = (id: string): string => `ns:${id.slice(id.indexOf(':') + 1, id.indexOf('/'))}`;
    assert.deepEqual(layout.namespaces.map((n) => n.ns.id).sort(), view.namespaces.map((n) => n.id).sort());
    assert.deepEqual(layout.hosts.map((h) => h.id).sort(), view.hosts.filter((h) => h.namespaces.length > 0).map((h) => h.id).sort());
    assert.deepEqual(layout.ports.map((p) => p.port.id).sort(), view.namespaces.flatMap((n) => n.ports.map((p) => p.id)).sort());
    assert.deepEqual(layout.bridges.map((b) => b.id).sort(), view.namespaces.flatMap((n) => n.bridges.map((b) => b.id)).sort());
    assert.deepEqual(layout.edges.map((e) => e.edge.id).sort(), view.edges.map((e) => e.id).sort());
    assert.deepEqual(overlapping(layout.namespaces.map((n) => ({ id: n.ns.id, box: n.box }))), [], 'namespace boxes overlap');
    assert.deepEqual(overlapping(layout.hosts), [], 'host boxes overlap');
    const nsBox = new Map(layout.namespaces.map((n) => [n.ns.id, n.box]));
    const hostBox = new Map(layout.hosts.map((h) => [h.id, h.box]));
    for (const { ns, box } of layout.namespaces) {
        const host = view.hosts.find((h) => h.namespaces.includes(ns.id));
        assert.ok(inside(box, { x: 0, y: 0, width: layout.width, height: layout.height }), `${ns.id} inside the diagram`);
        assert.ok(!host || inside(box, hostBox.get(host.id)!), `${ns.id} inside ${host?.id}`);
    }
    for (const b of layout.bridges) {
        assert.ok(inside(b.box, nsBox.get(nsOf(b.id))!), `${b.id} inside its namespace`);
    }
    const ends = new Map<string, Box>([...layout.ports.map((p) => [p.port.id, p] as const), ...layout.bridges.map((b) => [b.id, b.box] as const)]);
    for (const p of layout.ports) {
        const b = nsBox.get(nsOf(p.port.id))!;
        const onBorder = { left: Math.abs(p.x + p.width - b.x), right: Math.abs(p.x - b.x - b.width), top: Math.abs(p.y + p.height - b.y), bottom: Math.abs(p.y - b.y - b.height) }[p.side];
        assert.ok(onBorder <= 1, `${p.port.id} on the ${p.side} border of its namespace`);
    }
    for (const { edge, points } of layout.edges) {
        const [from, to] = [ends.get(edge.from)!, ends.get(edge.to)!];
        const [first, last] = [points[0], points[points.length - 1]];
        assert.ok((near(first, from) && near(last, to)) || (near(first, to) && near(last, from)), `${edge.id} joins its two ends`);
    }
}

const scenarios = readdirSync(join(ROOT, 'test/scenarios')).filter((f) => f.endsWith('.netz')).map((f) => join('test/scenarios', f));
const files = ['examples/seed.netz', 'examples/iptables-block.netz', ...scenarios];
const engines: LayoutEngine[] = ['elk', 'columns'];

describe('trace view diagram layout', function () {
    this.timeout(60000);

    for (const engine of engines) {
        it(`${engine}: places every element of every scenario once, without overlaps`, async () => {
            for (const file of files) {
                const { model } = await loadNetzFile(join(ROOT, file));
                const view = topologyView(model);
                try {
                    checkGeometry(view, await layoutTopology(view, engine));
                } catch (error) {
                    (error as Error).message = `${file}: ${(error as Error).message}`;
                    throw error;
                }
            }
        });
    }

    for (const [hosts, containers] of [[3, 19], [10, 19]]) {
        it(`columns: ${hosts} hosts of ${containers} containers, placed without overlaps`, async () => {
            const { model } = await loadNetzText(largeTopologyText(hosts, containers), 'large.netz');
            const view = topologyView(model);
            assert.equal(layoutEngineFor(view), 'columns');
            checkGeometry(view, await layoutTopology(view));
        });
    }

    it('chooses ELK for small files', async () => {
        const { model } = await loadNetzFile(join(ROOT, 'examples/seed.netz'));
        assert.equal(layoutEngineFor(topologyView(model)), 'elk');
    });

    for (const engine of engines) {
        it(`${engine}: the same topology gets the same drawing, and an edit of one host moves nothing in the others`, async () => {
            const { model } = await loadNetzText(largeTopologyText(3, 4), 'three.netz');
            const view = topologyView(model);
            const first = await layoutTopology(view, engine);
            assert.deepEqual(await layoutTopology(structuredClone(view), engine), first);
            const edited = structuredClone(view);
            const port = edited.namespaces.find((n) => n.id === 'ns:n2c0')!.ports[0];
            port.addresses = ['10.2.0.200/24'];
            const second = await layoutTopology(edited, engine);
            // Geometry of each namespace relative to its host's frame.
            const relative = (layout: DiagramLayout, host: string): Box[] => {
                const frame = layout.hosts.find((h) => h.id === host)!.box;
                const members = new Set(view.hosts.find((h) => h.id === host)!.namespaces);
                return layout.namespaces.filter((n) => members.has(n.ns.id)).map(({ box }) => ({ ...box, x: box.x - frame.x, y: box.y - frame.y }));
            };
            for (const host of ['host:node0', 'host:node1']) {
                assert.deepEqual(relative(second, host), relative(first, host), host);
            }
            assert.notDeepEqual(second.ports.find((p) => p.port.id === port.id)!.port, first.ports.find((p) => p.port.id === port.id)!.port);
        });
    }
});
