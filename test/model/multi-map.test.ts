import assert from 'node:assert/strict';
import { getOrCreate, pushTo } from '../../model/model-api.js';

describe('map helpers', () => {
    it('makes a value once per key, even a falsy one, and hands back the same value after', () => {
        const map = new Map<string, number>();
        let made = 0;
        const make = () => { made++; return 0; };
        assert.equal(getOrCreate(map, 'a', make), 0);
        assert.equal(getOrCreate(map, 'a', make), 0);
        assert.equal(made, 1);
        const weak = new WeakMap<object, string[]>();
        const key = {};
        getOrCreate(weak, key, () => []).push('x');
        assert.deepEqual(getOrCreate(weak, key, () => []), ['x']);
    });

    it('appends to the list under a key, starting it when absent', () => {
        const map = new Map<string, number[]>();
        pushTo(map, 'k', 1);
        pushTo(map, 'k', 2);
        assert.deepEqual(map.get('k'), [1, 2]);
    });
});
