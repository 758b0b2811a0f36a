/**
 * A set of values of one ordered domain (numbers, or strings in code-unit order) as sorted, disjoint,
 * non-adjacent half-open intervals. Interface names use the string form so that an iptables wildcard
 * `eth+` is simply the interval [`eth`, `eti`): every name with that prefix sorts inside it.
 */
export type Bound = number | string;

export class IntervalSet {
    /** Flattened [lo0, hi0, lo1, hi1, ...]; each lo < hi, each hi < the next lo. */
    readonly bounds: readonly Bound[];

    constructor(bounds: readonly Bound[]) {
        this.bounds = bounds;
    }

    static range(lo: Bound, hi: Bound): IntervalSet {
        return new IntervalSet(lo < hi ? [lo, hi] : []);
    }

    static union(sets: IntervalSet[]): IntervalSet {
        let acc = new IntervalSet([]);
        for (const s of sets) {
            acc = acc.union(s);
        }
        return acc;
    }

    isEmpty(): boolean {
        return this.bounds.length === 0;
    }

    intersect(other: IntervalSet): IntervalSet {
        return new IntervalSet(combine(this.bounds, other.bounds, (a, b) => a && b));
    }

    union(other: IntervalSet): IntervalSet {
        return new IntervalSet(combine(this.bounds, other.bounds, (a, b) => a || b));
    }

    subtract(other: IntervalSet): IntervalSet {
        return new IntervalSet(combine(this.bounds, other.bounds, (a, b) => a && !b));
    }

    /** Overlap test without building the intersection (hot path of coverage checks). */
    overlaps(other: IntervalSet): boolean {
        const a = this.bounds;
        const b = other.bounds;
        let i = 0;
        let j = 0;
        while (i < a.length && j < b.length) {
            if (a[i + 1] <= b[j]) {
                i += 2;
            } else if (b[j + 1] <= a[i]) {
                j += 2;
            } else {
                return true;
            }
        }
        return false;
    }

    isSubsetOf(other: IntervalSet): boolean {
        return this.subtract(other).isEmpty();
    }

    contains(value: Bound): boolean {
        const b = this.bounds;
        for (let i = 0; i < b.length; i += 2) {
            if (value < b[i]) {
                return false;
            }
            if (value < b[i + 1]) {
                return true;
            }
        }
        return false;
    }
}

/** Sweeps the boundary points of two normalized bound lists, keeping the points where `op` flips. */
function combine(a: readonly Bound[], b: readonly Bound[], op: (inA: boolean, inB: boolean) => boolean): Bound[] {
    const out: Bound[] = [];
    let i = 0;
    let j = 0;
    let inA = false;
    let inB = false;
    let inOut = false;
    while (i < a.length || j < b.length) {
        const x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
        if (i < a.length && a[i] === x) {
            inA = !inA;
            i++;
        }
        if (j < b.length && b[j] === x) {
            inB = !inB;
            j++;
        }
        const now = op(inA, inB);
        if (now !== inOut) {
            out.push(x);
            inOut = now;
        }
    }
    return out;
}
