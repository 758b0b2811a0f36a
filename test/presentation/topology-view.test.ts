import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadNetzFile, loadNetzText } from '../../language/netz-loader.js';
import { topologyView } from '../../presentation/topology-view.js';
import { largeTopologyText } from './large-topology.js';
import { topologySummary } from './topology-summary.js';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CASES = join(ROOT, 'test/presentation/cases');

/** Each `.netz` case (and the seed example) against its reviewed `NAME.topology.txt`. */
const cases: [string, string][] = [
    ['examples/seed.netz', 'seed'],
    ...readdirSync(CASES).filter((f) => f.endsWith('.netz')).map((f): [string, string] => [`test/presentation/cases/${f}`, f.replace(/\.netz$/, '')])
];

describe('topologyView', () => {
    for (const [file, name] of cases) {
        it(`draws ${file} as ${name}.topology.txt says`, async () => {
            const { model } = await loadNetzFile(join(ROOT, file));
            assert.equal(topologySummary(topologyView(model)), readFileSync(join(CASES, `${name}.topology.txt`), 'utf8'));
        });
    }

    it('is plain JSON: it survives a round trip unchanged', async () => {
        const { model } = await loadNetzFile(join(ROOT, 'examples/seed.netz'));
        const view = topologyView(model);
        assert.deepEqual(JSON.parse(JSON.stringify(view)), view);
    });

    it('keeps every other id when one container is added', async () => {
        const text = readFileSync(join(ROOT, 'examples/seed.netz'), 'utf8');
        const edited = text.replace('  netns c3 {', '  veth veth4 peer c4.veth0 { master br0 }\n  netns c4 { veth veth0 { address 192.168.31.13/24 } }\n  netns c3 {');
        const ids = (v: ReturnType<typeof topologyView>): string[] => [...v.namespaces.flatMap((n) => [n.id, ...n.ports.map((p) => p.id)]), ...v.edges.map((e) => e.id)];
        const before = ids(topologyView((await loadNetzText(text, 'seed.netz')).model));
        const after = ids(topologyView((await loadNetzText(edited, 'seed.netz')).model));
        assert.deepEqual(before.filter((id) => !after.includes(id)), []);
        assert.deepEqual(after.filter((id) => !before.includes(id)).sort(), [
            'if:c4/veth0', 'if:docker-host/veth4', 'member:br:docker-host/br0|if:docker-host/veth4', 'ns:c4', 'veth:if:c4/veth0|if:docker-host/veth4'
        ]);
    });

    it('builds a 200-namespace view with every namespace and edge', async () => {
        const { model } = await loadNetzText(largeTopologyText(10, 19), 'large.netz');
        const view = topologyView(model);
        assert.equal(view.namespaces.length, 200);
        assert.equal(view.hosts.length, 10);
        assert.equal(view.edges.length, 10 * 19 * 2 + 10 + 9);
    });
});
