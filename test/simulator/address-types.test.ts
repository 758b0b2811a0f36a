import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { loadNetzFile } from '../../language/netz-loader.js';
import type { Model } from '../../model/model-api.js';
import { addressTypeOf, addressTypeRanges } from '../../simulator/address-types.js';
import { topologyIndex } from '../../simulator/topology-index.js';

const seed = fileURLToPath(new URL('../../examples/seed.netz', import.meta.url));

describe('address types as ranges (what -m addrtype sees)', () => {
    let model: Model;
    before(async () => { model = (await loadNetzFile(seed)).model; });

    it('covers every address once, for each namespace of the seed', () => {
        for (const ns of model.namespaces) {
            const all = [...addressTypeRanges(model, ns.name).values()].flat().sort((a, b) => a[0] - b[0]);
            assert.equal(all[0][0], 0, ns.name);
            all.forEach((r, i) => assert.equal(i === 0 ? 0 : all[i - 1][1] + 1, r[0], `${ns.name}: ranges meet`));
            assert.equal(all[all.length - 1][1], 0xffffffff, ns.name);
        }
    });

    it('agrees with the address-by-address classification the simulator matches with', () => {
        const index = topologyIndex(model);
        for (const ns of model.namespaces) {
            const ranges = addressTypeRanges(model, ns.name);
            const typeIn = (a: number) => [...ranges].find(([, list]) => list.some(([from, to]) => a >= from && a <= to))![0];
            const edges = [...ranges.values()].flat().flatMap(([from, to]) => [from, to, Math.max(0, from - 1), Math.min(0xffffffff, to + 1)]);
            for (const a of edges) {
                assert.equal(typeIn(a), addressTypeOf(index, ns.name, a), `${ns.name} ${a}`);
            }
            fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (a) => typeIn(a) === addressTypeOf(index, ns.name, a)), { numRuns: 300 });
        }
    });

    it('puts the namespace\'s own addresses and loopback in LOCAL, a subnet\'s broadcast in BROADCAST', () => {
        const host = model.namespaces.find((ns) => ns.name === 'docker-host')!;
        const ranges = addressTypeRanges(model, host.name);
        const has = (type: 'LOCAL' | 'BROADCAST', a: number) => ranges.get(type)!.some(([from, to]) => a >= from && a <= to);
        assert.ok(has('LOCAL', 0x7f000001));
        for (const a of host.interfaces.flatMap((i) => i.addresses)) {
            assert.ok(has('LOCAL', a.address));
        }
        assert.ok(has('BROADCAST', 0xffffffff));
    });
});
