import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IntervalSet } from '../../analysis/interval-set.js';
import { Dim, cubeContains, cubeIsSubset, cubesOverlap, intersectCubes, subtractCube } from '../../analysis/packet-cube.js';
import type { Cube } from '../../analysis/packet-cube.js';
import { interfaceSet } from '../../analysis/rule-conditions.js';
import { TernarySet } from '../../analysis/ternary-set.js';

/** The set algebra checked point by point against plain membership on small domains. */

const small = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })), { maxLength: 4 })
    .map((pairs) => IntervalSet.union(pairs.map(([a, b]) => IntervalSet.range(Math.min(a, b), Math.max(a, b)))));
const pattern = fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 })).map(([v, m]) => TernarySet.pattern(v, m));
const ternary = fc.array(pattern, { maxLength: 3 }).map((ps) => ps.reduce((acc, p) => new TernarySet([...acc.subtract(p).patterns, ...p.patterns]), new TernarySet([])));

describe('interval sets', () => {
    it('agree with membership for union, intersection and difference', () => {
        fc.assert(fc.property(small, small, fc.integer({ min: -1, max: 41 }), (a, b, x) => {
            assert.equal(a.union(b).contains(x), a.contains(x) || b.contains(x));
            assert.equal(a.intersect(b).contains(x), a.contains(x) && b.contains(x));
            assert.equal(a.subtract(b).contains(x), a.contains(x) && !b.contains(x));
            assert.equal(a.overlaps(b), !a.intersect(b).isEmpty());
        }));
    });

    it('treats an interface wildcard as every name with that prefix, and nothing else', () => {
        const eth = interfaceSet('eth', true);
        assert.ok(eth.contains('eth0') && eth.contains('eth') && eth.contains('eth0.100'));
        assert.ok(!eth.contains('et') && !eth.contains('etx') && !eth.contains('') && !eth.contains('veth0'));
        const exact = interfaceSet('eth0', false);
        assert.ok(exact.contains('eth0') && !exact.contains('eth01') && !exact.contains('eth'));
        assert.ok(exact.isSubsetOf(eth) && !eth.isSubsetOf(exact));
    });
});

describe('value/mask sets', () => {
    it('agree with membership for intersection and difference', () => {
        fc.assert(fc.property(ternary, ternary, fc.integer({ min: 0, max: 15 }), (a, b, x) => {
            assert.equal(a.intersect(b).contains(x), a.contains(x) && b.contains(x));
            assert.equal(a.subtract(b).contains(x), a.contains(x) && !b.contains(x));
            assert.equal(a.overlaps(b), !a.intersect(b).isEmpty());
        }));
    });
});

describe('cubes', () => {
    const cube = fc.record({ src: small, dport: small, mark: ternary }).map(({ src, dport, mark }) =>
        new Map<number, IntervalSet | TernarySet>([[Dim.Src, src], [Dim.Dport, dport], [Dim.Mark, mark]]) as Cube);
    const point = fc.record({ src: fc.integer({ min: 0, max: 40 }), dport: fc.integer({ min: 0, max: 40 }), mark: fc.integer({ min: 0, max: 15 }) })
        .map(({ src, dport, mark }) => new Map<number, number>([[Dim.Src, src], [Dim.Dport, dport], [Dim.Mark, mark]]));
    const nonEmpty = (c: Cube): boolean => [...c.values()].every((s) => !s.isEmpty());

    it('subtract into disjoint pieces that hold exactly the points of a outside b', () => {
        fc.assert(fc.property(cube, cube, point, (a, b, p) => {
            fc.pre(nonEmpty(a) && nonEmpty(b));
            const pieces = subtractCube(a, b);
            const inside = pieces.filter((c) => cubeContains(c, p)).length;
            assert.ok(inside <= 1, 'pieces overlap');
            assert.equal(inside === 1, cubeContains(a, p) && !cubeContains(b, p));
        }));
    });

    it('intersect, overlap and subset agree with membership', () => {
        fc.assert(fc.property(cube, cube, point, (a, b, p) => {
            fc.pre(nonEmpty(a) && nonEmpty(b));
            const both = intersectCubes(a, b);
            assert.equal(both !== undefined && cubeContains(both, p), cubeContains(a, p) && cubeContains(b, p));
            assert.equal(cubesOverlap(a, b), both !== undefined);
            if (cubeIsSubset(a, b)) {
                assert.ok(!cubeContains(a, p) || cubeContains(b, p));
            }
        }));
    });
});
