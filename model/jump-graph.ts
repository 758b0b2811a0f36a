/**
 * Pushes each chain's bits down the jumps and gotos until nothing changes, so that every chain ends with the bits of
 * the chains it can be entered from (the validator's hooks, the analysis's built-in chains). Chains are numbers;
 * the rules of chain c are `firstRule[c]` to `firstRule[c + 1] - 1`, and `callees[r]` is the chain rule r calls, or
 * a negative number. `work` holds the chains whose bits were set to start from. A chain is revisited only when it
 * gains a bit, so the work is linear in the rules times the number of distinct bits.
 */
export function propagateBits(bits: Int32Array, firstRule: Int32Array, callees: Int32Array, work: number[]): void {
    while (work.length > 0) {
        const c = work.pop()!;
        const mask = bits[c];
        for (let r = firstRule[c]; r < firstRule[c + 1]; r++) {
            const callee = callees[r];
            if (callee >= 0 && (bits[callee] | mask) !== bits[callee]) {
                bits[callee] |= mask;
                work.push(callee);
            }
        }
    }
}
