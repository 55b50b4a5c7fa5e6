import { describe, expect, it } from 'vitest';
import { addRow, rowDot, rowSquaredNorm, toRowStore } from '../src/row-store.js';

// Hand-made 3 x 4 matrices; expected sums are worked out in the comments.
const sparse = new Float32Array([0, 2, 0, 0, 1, 0, 0, 3, 0, 0, 0, 0]);
const dense = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

describe('row store', () => {
  it('keeps mostly-zero rows as compressed sparse rows and others dense', () => {
    const s = toRowStore(sparse, 3, 4);
    expect(Array.from(s.start ?? [])).toEqual([0, 1, 3, 3]);
    expect(Array.from(s.index)).toEqual([1, 0, 3]);
    expect(Array.from(s.value)).toEqual([2, 1, 3]);
    expect(toRowStore(dense, 3, 4).start).toBeNull();
  });

  it('gives the same dot products, norms and updates in both layouts', () => {
    const w = new Float64Array([0.5, -1, 2, 4]);
    const s = toRowStore(sparse, 3, 4);
    // Row 1 = [1, 0, 0, 3]: w . x = 0.5 + 12 = 12.5, |x|^2 = 1 + 9 = 10.
    expect(rowDot(s, 1, w)).toBe(12.5);
    expect(rowSquaredNorm(s, 1)).toBe(10);
    expect(rowDot(s, 2, w)).toBe(0);
    // Row 1 of the dense matrix = [5, 6, 7, 8]: 2.5 - 6 + 14 + 32 = 42.5; norm 25+36+49+64.
    const d = toRowStore(dense, 3, 4);
    expect(rowDot(d, 1, w)).toBe(42.5);
    expect(rowSquaredNorm(d, 1)).toBe(174);
    const a = new Float64Array(4);
    addRow(s, 1, 2, a);
    expect(Array.from(a)).toEqual([2, 0, 0, 6]);
    addRow(d, 0, -1, a);
    expect(Array.from(a)).toEqual([1, -2, -3, 2]);
  });
});
