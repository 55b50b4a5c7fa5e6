import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** One reference value written by tools/golden/metrics.py. */
export interface GoldenCase {
  id: string;
  fn: string;
  data: string;
  options: Record<string, unknown>;
  expected: unknown;
  source: string;
}

/** A data set of the fixture: true targets and predictions or scores. */
export interface GoldenData {
  yTrue: unknown[];
  yPred?: unknown[];
  yScore?: unknown[];
  yTrueOneHot?: number[][];
}

/** The published-figure rows: one-hot hard predictions at several error rates. */
export interface FigureCase {
  errorRate: number;
  n: number;
  wrong: number;
  hammingLoss: number;
  logLossEps1e15: number;
  logLossFloat64: number;
}

/** The whole fixture. */
export interface Golden {
  sklearn: string;
  datasets: Record<string, GoldenData>;
  cases: GoldenCase[];
  publishedFigures: FigureCase[];
}

/** Turns the fixture's "NaN" / "Infinity" strings back into numbers, recursively. */
export function decode(value: unknown): unknown {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

/** Reads test/fixtures/metrics-golden.json (written by tools/golden/metrics.py). */
export function loadGolden(): Golden {
  const url = new URL('./fixtures/metrics-golden.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Golden;
}

/** Relative tolerance of every comparison against the reference. */
export const RELATIVE_TOLERANCE = 1e-12;

/**
 * Asserts `actual` equals `expected` number by number to 1e-12 relative (exact for zero and
 * infinities), NaN equal to NaN, and strings, nulls and shapes exactly.
 */
export function expectClose(actual: unknown, expected: unknown, path = 'value'): void {
  if (typeof expected === 'number') {
    expect(typeof actual, `${path} type`).toBe('number');
    const a = actual as number;
    if (Number.isNaN(expected)) {
      expect(Number.isNaN(a), `${path}: expected NaN, got ${a}`).toBe(true);
      return;
    }
    if (!Number.isFinite(expected) || expected === 0) {
      expect(a, path).toBe(expected);
      return;
    }
    const relative = Math.abs(a - expected) / Math.abs(expected);
    expect(
      relative <= RELATIVE_TOLERANCE,
      `${path}: ${a} vs ${expected} (rel ${relative})`,
    ).toBe(true);
    return;
  }
  if (Array.isArray(expected)) {
    const list = Array.from(actual as ArrayLike<unknown>);
    expect(list.length, `${path} length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose(list[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    const record = actual as Record<string, unknown>;
    for (const [key, e] of Object.entries(expected))
      expectClose(record[key], e, `${path}.${key}`);
    return;
  }
  expect(actual, path).toBe(expected);
}
