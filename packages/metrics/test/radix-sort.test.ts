import { describe, expect, it } from 'vitest';

import { radixSortFloat64 } from '../src/radix-sort.js';

describe('radixSortFloat64', () => {
  it('orders 100,000 scores exactly as the engine sort, signs, zeros and infinities included', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const values = Float64Array.from({ length: 100_000 }, (_, i) => {
      const v = Math.round(random() * 2000) / 1000 - 1; // ties on a 1e-3 grid, both signs
      return i % 11 === 0 ? v * 1e-300 : v;
    });
    values.set([-0, 0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE], 0);
    const expected = values.slice().sort();

    radixSortFloat64(values);

    expect(values.every((v, i) => Object.is(v, expected[i]))).toBe(true);
  });
});
