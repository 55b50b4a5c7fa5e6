import { describe, expect, it } from 'vitest';
import {
  ClassifierError,
  CombinedSampler,
  RandomOverSampler,
  RandomUnderSampler,
  type SamplingStrategy,
} from '@calvaria/classifiers';
import { golden } from './golden-data.js';

const { labels: classSizes, cases } = golden.resampling;
const y = classSizes.flatMap((count, label) => new Array<number>(count).fill(label));

function countsOf(labels: ArrayLike<number | string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < labels.length; i++)
    out[String(labels[i])] = (out[String(labels[i])] ?? 0) + 1;
  return out;
}

describe('random resamplers', () => {
  // Expected counts: imbalanced-learn 0.10.0 via tools/golden/classifiers.py.
  for (const c of cases) {
    // imbalanced-learn 0.10.0's parameter check rejects 'minority' for both samplers although
    // its check_sampling_strategy implements it for over-sampling; that case is tested by hand below.
    if (c.strategy === 'minority') continue;
    const name = `${c.kind}-samples with ${JSON.stringify(c.strategy)} as imbalanced-learn does`;
    it(name, () => {
      const strategy = c.strategy as SamplingStrategy;
      const isBinary = typeof strategy === 'number';
      const labels = isBinary ? [...new Array(40).fill(0), ...new Array(160).fill(1)] : y;
      const sampler =
        c.kind === 'over'
          ? new RandomOverSampler({ samplingStrategy: strategy })
          : new RandomUnderSampler({ samplingStrategy: strategy });
      if (c.error !== undefined) {
        expect(() => sampler.resampleIndices(labels)).toThrow(ClassifierError);
        return;
      }
      expect(countsOf(sampler.resampleIndices(labels).map((i) => labels[i]))).toEqual(
        c.counts,
      );
    });
  }

  it("over-samples only the minority class up to the majority count with 'minority'", () => {
    // imbalanced-learn's _sampling_strategy_minority: {minority: n_majority - n_minority}.
    const idx = new RandomOverSampler({ samplingStrategy: 'minority' }).resampleIndices(
      y,
    );
    expect(countsOf(Array.from(idx, (i) => y[i]))).toEqual({
      0: 50,
      1: 200,
      2: 120,
      3: 200,
    });
  });

  it('keeps every original row first when over-sampling and draws new rows from the class', () => {
    const idx = new RandomOverSampler({ seed: 4 }).resampleIndices(y);
    expect(Array.from(idx.subarray(0, y.length))).toEqual(y.map((_, i) => i));
    for (const i of idx) expect(i).toBeLessThan(y.length);
  });

  it('draws the same rows for the same seed and different rows for another', () => {
    const draw = (seed: number): Int32Array =>
      new CombinedSampler({ seed }).resampleIndices(y);
    expect(draw(5)).toEqual(draw(5));
    expect(draw(6)).not.toEqual(draw(5));
  });

  it('under-samples without replacement', () => {
    const idx = new RandomUnderSampler({ seed: 2 }).resampleIndices(y);
    expect(new Set(idx).size).toBe(idx.length);
  });

  it('over-samples the minority then under-samples the majority by default (the method)', () => {
    // Over 'minority': class 3 -> 200; then under 'majority' cuts the first largest class
    // (class 1, 200) to the minority count (class 0, 50).
    const idx = new CombinedSampler({ seed: 1 }).resampleIndices(y);
    expect(countsOf(Array.from(idx, (i) => y[i]))).toEqual({
      0: 50,
      1: 50,
      2: 120,
      3: 200,
    });
  });

  it('resamples feature rows along with their labels', () => {
    const x = new Float32Array(y.map((_, i) => i));
    const out = new RandomUnderSampler({ seed: 9 }).fitResample(x, y);
    for (let i = 0; i < out.y.length; i++) expect(y[out.x[i]]).toBe(out.y[i]);
  });

  it('rejects a ratio for more than two classes and a dict that shrinks when over-sampling', () => {
    expect(() =>
      new RandomOverSampler({ samplingStrategy: 0.5 }).resampleIndices(y),
    ).toThrow(/two classes/);
    expect(() =>
      new RandomOverSampler({ samplingStrategy: { 1: 10 } }).resampleIndices(y),
    ).toThrow(/cannot reduce/);
  });
});
