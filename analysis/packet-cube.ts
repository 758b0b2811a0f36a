import { IntervalSet } from './interval-set.js';
import { TernarySet } from './ternary-set.js';

/**
 * Symbolic packet sets. A cube is a product of one set per field (a field left out is unconstrained);
 * a packet set is a list of disjoint cubes. Rules are conjunctions of per-field conditions, so each
 * rule is one cube, and "earlier rules take every packet of this one" is cube subtraction down to nothing.
 */
export const enum Dim {
    Src,
    Dst,
    Proto,
    Sport,
    Dport,
    InIface,
    OutIface,
    CtState,
    Mark,
    ConnMark,
    PhysIn,
    PhysOut,
    PhysIsIn,
    PhysIsOut,
    PhysIsBridged,
    SrcType,
    DstType,
    Icmp,
    TcpFlags,
    Fragment,
    CtOrigSrc,
    CtOrigDst,
    MacSource,
    /** Opaque, deterministic conditions (an ipset lookup, `--tcp-option 2`, ...) get numbers from here on. */
    FirstOpaque,
}

export type DimSet = IntervalSet | TernarySet;

/** Highest interface-name code unit is far below this, so [prefix, STRING_TOP) holds every name. */
export const STRING_TOP = '\uffff';

const ADDRESS_SPACE = 2 ** 32;

const universes: DimSet[] = [];

/** The universe of each field. Interface-like fields use '' for "no interface" (OUTPUT has no in-interface). */
export function universe(dim: number): DimSet {
    // Sets are immutable, so one instance per field serves every caller.
    return (universes[dim] ??= makeUniverse(dim));
}

function makeUniverse(dim: number): DimSet {
    switch (dim) {
        case Dim.Src:
        case Dim.Dst:
        case Dim.CtOrigSrc:
        case Dim.CtOrigDst:
            return IntervalSet.range(0, ADDRESS_SPACE);
        case Dim.Proto:
            return IntervalSet.range(0, 256);
        case Dim.Sport:
        case Dim.Dport:
        case Dim.Icmp:
            return IntervalSet.range(0, 65536);
        case Dim.InIface:
        case Dim.OutIface:
        case Dim.PhysIn:
        case Dim.PhysOut:
        case Dim.MacSource:
            return IntervalSet.range('', STRING_TOP);
        case Dim.CtState:
            return IntervalSet.range(0, CT_VALUES);
        case Dim.Mark:
        case Dim.ConnMark:
            return TernarySet.universe();
        case Dim.SrcType:
        case Dim.DstType:
            return IntervalSet.range(0, ADDRESS_TYPES.length);
        case Dim.TcpFlags:
            return IntervalSet.range(0, 64);
        default:
            // Boolean fields: 0 false, 1 true.
            return IntervalSet.range(0, 2);
    }
}

export const ADDRESS_TYPES = [
    'UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE',
] as const;

/**
 * Conntrack state as one value: base state × (DNAT bit, SNAT bit), because `--ctstate` mixes the base
 * states with the DNAT/SNAT status bits (kube-proxy's `! --ctstate RELATED,ESTABLISHED,DNAT`).
 */
const CT_BASE_STATES = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'] as const;
const CT_VALUES = CT_BASE_STATES.length * 4;

export function ctStateSet(words: readonly string[]): IntervalSet | undefined {
    const values = new Set<number>();
    for (const word of words) {
        const base = (CT_BASE_STATES as readonly string[]).indexOf(word);
        for (let v = 0; v < CT_VALUES; v++) {
            if (base >= 0 ? v >> 2 === base : word === 'DNAT' ? (v & 2) !== 0 : word === 'SNAT' ? (v & 1) !== 0 : false) {
                values.add(v);
            }
        }
        if (base < 0 && word !== 'DNAT' && word !== 'SNAT') {
            return undefined;
        }
    }
    return pointsToSet([...values]);
}

export function pointsToSet(points: number[]): IntervalSet {
    return IntervalSet.union(points.map((p) => IntervalSet.range(p, p + 1)));
}

export type Cube = ReadonlyMap<number, DimSet>;

export const UNIVERSE_CUBE: Cube = new Map();

export function dimOf(cube: Cube, dim: number): DimSet {
    return cube.get(dim) ?? universe(dim);
}

function intersectSet(a: DimSet, b: DimSet): DimSet {
    return a instanceof IntervalSet ? a.intersect(b as IntervalSet) : a.intersect(b as TernarySet);
}

function subtractSet(a: DimSet, b: DimSet): DimSet {
    return a instanceof IntervalSet ? a.subtract(b as IntervalSet) : a.subtract(b as TernarySet);
}

function overlapsSet(a: DimSet, b: DimSet): boolean {
    return a instanceof IntervalSet ? a.overlaps(b as IntervalSet) : a.overlaps(b as TernarySet);
}

export function isUniverseSet(dim: number, set: DimSet): boolean {
    const all = universe(dim);
    if (set instanceof IntervalSet) {
        const b = set.bounds;
        const u = (all as IntervalSet).bounds;
        return b.length === 2 && b[0] === u[0] && b[1] === u[1];
    }
    return subtractSet(all, set).isEmpty();
}

/** Narrows one field in place (for a cube still being built); false when the cube became empty. */
export function restrictInPlace(cube: Map<number, DimSet>, dim: number, set: DimSet): boolean {
    const current = cube.get(dim);
    const next = current ? intersectSet(current, set) : set;
    cube.set(dim, next);
    return !next.isEmpty();
}

/** Narrows one field; undefined when the cube becomes empty. */
export function restrict(cube: Cube, dim: number, set: DimSet): Cube | undefined {
    const current = cube.get(dim);
    const next = current ? intersectSet(current, set) : set;
    if (next.isEmpty()) {
        return undefined;
    }
    const out = new Map(cube);
    out.set(dim, next);
    return out;
}

/** Forgets a field (a rule that rewrites the mark makes earlier mark tests say nothing about later packets). */
export function widen(cube: Cube, dims: Iterable<number>): Cube {
    let out: Map<number, DimSet> | undefined;
    for (const d of dims) {
        if (cube.has(d)) {
            out ??= new Map(cube);
            out.delete(d);
        }
    }
    return out ?? cube;
}

export function intersectCubes(a: Cube, b: Cube): Cube | undefined {
    const out = new Map(a);
    for (const [d, s] of b) {
        const mine = a.get(d);
        const next = mine ? intersectSet(mine, s) : s;
        if (next.isEmpty()) {
            return undefined;
        }
        out.set(d, next);
    }
    return out;
}

export function cubesOverlap(a: Cube, b: Cube): boolean {
    for (const [d, s] of b) {
        const mine = a.get(d);
        if (mine && !overlapsSet(mine, s)) {
            return false;
        }
    }
    return true;
}

export function cubeIsSubset(a: Cube, b: Cube): boolean {
    for (const [d, s] of b) {
        if (!subtractSet(dimOf(a, d), s).isEmpty()) {
            return false;
        }
    }
    return true;
}

/** a − b as disjoint cubes: peel off, field by field, the part of a outside b. */
export function subtractCube(a: Cube, b: Cube): Cube[] {
    if (!cubesOverlap(a, b)) {
        return [a];
    }
    const out: Cube[] = [];
    let cur: Map<number, DimSet> = new Map(a);
    for (const [d, s] of b) {
        const mine = dimOf(cur, d);
        const outside = subtractSet(mine, s);
        if (!outside.isEmpty()) {
            const piece = new Map(cur);
            piece.set(d, outside);
            out.push(piece);
        }
        cur = new Map(cur);
        cur.set(d, intersectSet(mine, s));
    }
    return out;
}

/** Is every field of the cube unconstrained? */
export function isUniverseCube(cube: Cube): boolean {
    for (const [d, s] of cube) {
        if (!isUniverseSet(d, s)) {
            return false;
        }
    }
    return true;
}

/** Concrete packet membership: the set algebra's tests check it against plain point arithmetic. */
export function cubeContains(cube: Cube, point: ReadonlyMap<number, number | string>): boolean {
    for (const [d, s] of cube) {
        const v = point.get(d) ?? defaultPointValue(d);
        if (s instanceof TernarySet ? !s.contains(v as number) : !s.contains(v)) {
            return false;
        }
    }
    return true;
}

/** The value a concrete packet has in a field it does not state: no interface, mark 0, not a fragment. */
function defaultPointValue(dim: number): number | string {
    switch (dim) {
        case Dim.InIface:
        case Dim.OutIface:
        case Dim.PhysIn:
        case Dim.PhysOut:
        case Dim.MacSource:
            return '';
        default:
            return 0;
    }
}
