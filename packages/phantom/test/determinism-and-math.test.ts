import { describe, expect, it } from 'vitest';
import { createPrng } from '@calvaria/phantom';
import { readdirSync, readFileSync } from 'node:fs';
import { detAtan2, detCos, detSin } from '../src/det-math.js';
import { hash128 } from '../src/prng.js';

const golden = JSON.parse(
  readFileSync(new URL('./fixtures/prng-golden.json', import.meta.url), 'utf8'),
) as { cases: { key: (string | number)[]; hash: number[]; first: number[] }[] };

describe('deterministic trigonometry', () => {
  it('matches Math.sin and Math.cos within 1e-12 over several turns', () => {
    // Reference: the engine's own Math functions, accurate to about 1 ulp.
    for (let x = -20; x <= 20; x += 0.01237) {
      expect(Math.abs(detSin(x) - Math.sin(x))).toBeLessThan(1e-12);
      expect(Math.abs(detCos(x) - Math.cos(x))).toBeLessThan(1e-12);
    }
  });

  it('matches Math.atan2 within 1e-12 in all four quadrants', () => {
    for (let i = 0; i < 2000; i++) {
      const y = Math.sin(i * 0.7) * (1 + (i % 7));
      const x = Math.cos(i * 1.3) * (1 + (i % 5));
      expect(Math.abs(detAtan2(y, x) - Math.atan2(y, x))).toBeLessThan(1e-12);
    }
    expect(detAtan2(0, 0)).toBe(0);
    expect(detAtan2(0, -1)).toBeCloseTo(Math.PI, 14);
  });
});

describe('seeded generator', () => {
  it('gives the same stream for the same key and a different one for another key', () => {
    const a = createPrng('seed', 1);
    const b = createPrng('seed', 1);
    const c = createPrng('seed', 2);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and normals with unit variance', () => {
    const rng = createPrng('moments');
    const n = 50_000;
    let sum = 0;
    let sumN = 0;
    let sumN2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      const z = rng.normal(0, 1);
      sumN += z;
      sumN2 += z * z;
    }
    // Standard errors: 0.29/sqrt(n) = 0.0013 for the mean of U(0,1); about 0.006 for the variance.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sumN / n)).toBeLessThan(0.02);
    expect(Math.abs(sumN2 / n - 1)).toBeLessThan(0.03);
  });

  it('reproduces cyrb128 and SFC32 bit for bit (tools/golden/phantom.py, an independent Python port)', () => {
    for (const c of golden.cases) {
      expect(hash128(...c.key)).toEqual(c.hash);
      const rng = createPrng(...c.key);
      expect(Array.from({ length: c.first.length }, () => rng.nextUint32())).toEqual(
        c.first,
      );
    }
  });
});

describe('sources of machine-dependent results', () => {
  it('uses no engine-approximated Math function, no ** and no Math.random in src/', () => {
    // ECMAScript leaves the last bits of these functions (and of Number ** Number) to the
    // engine; only +, -, *, /, Math.sqrt, Math.fround, rounding and integer operations are
    // exactly specified. det-math.ts names Math.sin and Math.atan2 in comments only.
    const forbidden =
      /Math\.(sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|exp|expm1|log|log1p|log2|log10|pow|cbrt|hypot|random)\s*\(|[^*/\s]\s*\*\*\s*[^*/\s]/;
    const src = new URL('../src/', import.meta.url);
    const found: string[] = [];
    for (const name of readdirSync(src)) {
      const lines = readFileSync(new URL(name, src), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '').replace(/^\s*(\/\*\*|\*).*$/, '');
        if (forbidden.test(code)) found.push(`${name}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
