import { IntervalSet } from './interval-set.js';
import type { Cube } from './packet-cube.js';
import { Dim, isUniverseSet } from './packet-cube.js';

/** Numeric fields worth indexing: kube-proxy and Docker rules are told apart by destination, source and port. */
const INDEXED_DIMS = [Dim.Dst, Dim.Src, Dim.Dport, Dim.CtOrigDst, Dim.Sport] as const;
const SCAN_LIMIT = 32;

/**
 * Finds the entries whose cubes may overlap a query cube without looking at all of them. Per indexed field,
 * each entry's intervals are put in a bucket by width (powers of two) sorted by start, so an interval overlapping
 * [a, b) in bucket k must start in (a − 2^(k+1), b): two binary searches per bucket. Entries unconstrained in a
 * field sit in that field's `wide` list. A query uses the field that yields the fewest candidates.
 */
export class OverlapIndex {
    private readonly perDim: DimIndex[];
    private stamp: Uint32Array | undefined;
    private epoch = 0;
    /** Entries that have a cube at all (an empty-matching rule overlaps nothing). */
    private readonly present: number[];

    private readonly size: number;

    constructor(cubes: readonly (Cube | undefined)[]) {
        this.size = cubes.length;
        this.present = cubes.flatMap((c, i) => (c === undefined ? [] : [i]));
        // A short chain is cheaper to scan than to index (most kube-proxy chains hold one to six rules).
        this.perDim = this.present.length <= SCAN_LIMIT ? [] : INDEXED_DIMS.map((dim) => new DimIndex(dim, cubes));
    }

    get isEmpty(): boolean {
        return this.present.length === 0;
    }

    /** Entry numbers, ascending, whose cubes overlap the query on every indexed field (a superset of true overlaps). */
    candidates(query: Cube, filter?: (entry: number) => boolean): number[] {
        let best: number[] | undefined;
        for (const index of this.perDim) {
            const set = query.get(index.dim);
            if (!(set instanceof IntervalSet) || isUniverseSet(index.dim, set)) {
                continue;
            }
            if (best !== undefined && index.wide.length >= best.length) {
                continue;
            }
            const found = this.query(index, set, best === undefined ? Infinity : best.length);
            if (found && (best === undefined || found.length < best.length)) {
                best = found;
            }
        }
        if (best === undefined) {
            return filter ? this.present.filter(filter) : [...this.present];
        }
        const kept = filter ? best.filter(filter) : best;
        return kept.sort((a, b) => a - b);
    }

    private query(index: DimIndex, set: IntervalSet, limit: number): number[] | undefined {
        const stamp = (this.stamp ??= new Uint32Array(this.size));
        this.epoch++;
        const out: number[] = [];
        for (const e of index.wide) {
            stamp[e] = this.epoch;
            out.push(e);
        }
        const b = set.bounds as number[];
        for (let i = 0; i < b.length; i += 2) {
            const lo = b[i];
            const hi = b[i + 1];
            for (const bucket of index.buckets) {
                let p = lowerBound(bucket.starts, lo - 2 ** (bucket.k + 1));
                for (; p < bucket.starts.length && bucket.starts[p] < hi; p++) {
                    const e = bucket.entries[p];
                    if (bucket.ends[p] > lo && stamp[e] !== this.epoch) {
                        stamp[e] = this.epoch;
                        out.push(e);
                        if (out.length >= limit) {
                            return undefined;
                        }
                    }
                }
            }
        }
        return out;
    }
}

class DimIndex {
    readonly wide: number[] = [];
    /** Indexed by log2 of the interval width; only widths that occur are filled. */
    readonly buckets: { k: number; starts: number[]; ends: number[]; entries: number[] }[] = [];

    constructor(readonly dim: number, cubes: readonly (Cube | undefined)[]) {
        const raw: { start: number; end: number; entry: number }[][] = [];
        cubes.forEach((cube, entry) => {
            const set = cube?.get(dim);
            if (cube === undefined) {
                return;
            }
            if (!(set instanceof IntervalSet) || isUniverseSet(dim, set)) {
                this.wide.push(entry);
                return;
            }
            const b = set.bounds as number[];
            for (let i = 0; i < b.length; i += 2) {
                const k = Math.floor(Math.log2(b[i + 1] - b[i]));
                (raw[k] ??= []).push({ start: b[i], end: b[i + 1], entry });
            }
        });
        raw.forEach((list, k) => {
            const items = list.sort((x, y) => x.start - y.start);
            this.buckets.push({ k, starts: items.map((x) => x.start), ends: items.map((x) => x.end), entries: items.map((x) => x.entry) });
        });
    }
}

function lowerBound(sorted: number[], value: number): number {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < value) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}
