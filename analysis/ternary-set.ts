/**
 * A set of 32-bit values as disjoint value/mask patterns: `--mark 0x4000/0x4000` is the pattern "bit 14 set",
 * which no interval set can hold compactly. Patterns intersect into one pattern and subtract into at most
 * one pattern per bit the subtrahend fixes, so negation stays exact.
 */
export interface Pattern {
    /** Only bits inside `mask` are meaningful (kept zero elsewhere). */
    value: number;
    mask: number;
}

export class TernarySet {
    readonly patterns: readonly Pattern[];

    constructor(patterns: readonly Pattern[]) {
        this.patterns = patterns;
    }

    static universe(): TernarySet {
        return new TernarySet([{ value: 0, mask: 0 }]);
    }

    static pattern(value: number, mask: number): TernarySet {
        return new TernarySet([{ value: (value & mask) >>> 0, mask: mask >>> 0 }]);
    }

    isEmpty(): boolean {
        return this.patterns.length === 0;
    }

    intersect(other: TernarySet): TernarySet {
        const out: Pattern[] = [];
        for (const p of this.patterns) {
            for (const q of other.patterns) {
                const both = intersectPattern(p, q);
                if (both) {
                    out.push(both);
                }
            }
        }
        return new TernarySet(out);
    }

    subtract(other: TernarySet): TernarySet {
        let current: Pattern[] = [...this.patterns];
        for (const q of other.patterns) {
            current = current.flatMap((p) => subtractPattern(p, q));
        }
        return new TernarySet(current);
    }

    overlaps(other: TernarySet): boolean {
        return this.patterns.some((p) => other.patterns.some((q) => intersectPattern(p, q) !== undefined));
    }

    contains(value: number): boolean {
        return this.patterns.some((p) => ((value & p.mask) >>> 0) === p.value);
    }
}

function intersectPattern(p: Pattern, q: Pattern): Pattern | undefined {
    if (((p.value ^ q.value) & p.mask & q.mask) !== 0) {
        return undefined;
    }
    return { value: (p.value | q.value) >>> 0, mask: (p.mask | q.mask) >>> 0 };
}

/** p minus q as disjoint patterns: fix, one at a time, each bit q constrains and p leaves free. */
function subtractPattern(p: Pattern, q: Pattern): Pattern[] {
    if (intersectPattern(p, q) === undefined) {
        return [p];
    }
    const out: Pattern[] = [];
    let cur = p;
    const free = (q.mask & ~p.mask) >>> 0;
    for (let bit = 0; bit < 32; bit++) {
        const b = (1 << bit) >>> 0;
        if ((free & b) === 0) {
            continue;
        }
        const wanted = q.value & b;
        out.push({ value: (cur.value | (wanted ^ b)) >>> 0, mask: (cur.mask | b) >>> 0 });
        cur = { value: (cur.value | wanted) >>> 0, mask: (cur.mask | b) >>> 0 };
    }
    return out;
}
