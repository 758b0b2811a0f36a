import assert from 'node:assert/strict';
import { propagateBits } from '../../model/model-api.js';

describe('jump graph bits', () => {
    it('gives every chain the bits of the chains it can be entered from, through cycles, and none to the rest', () => {
        // Chain 0 (bit 1) calls 1; chain 4 (bit 2) calls 2; 1 and 2 call each other; 3 is called by no one.
        const firstRule = Int32Array.from([0, 2, 4, 5, 6, 7]);
        const callees = Int32Array.from([1, -1, 2, -1, 1, -1, 2]);
        const bits = Int32Array.from([1, 0, 0, 0, 2]);
        propagateBits(bits, firstRule, callees, [0, 4]);
        assert.deepEqual([...bits], [1, 3, 3, 0, 2]);
    });
});
