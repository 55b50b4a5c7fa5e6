import { describe, expect, it } from 'vitest';
import { LinearSVC } from '@calvaria/classifiers';
import { golden, loadSynthetic, scores } from './golden-data.js';

const data = loadSynthetic();

function relativeError(got: ArrayLike<number>, want: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    num += (got[i] - want[i]) ** 2;
    den += want[i] ** 2;
  }
  return Math.sqrt(num / den);
}

function binarySubset(): { x: Float32Array; y: number[] } {
  const keep = data.yTrain.flatMap((v, i) => (v !== 2 ? [i] : []));
  const x = new Float32Array(keep.length * data.d);
  keep.forEach((r, i) =>
    x.set(data.xTrain.subarray(r * data.d, (r + 1) * data.d), i * data.d),
  );
  return { x, y: keep.map((r) => data.yTrain[r]) };
}

describe('LinearSVC', () => {
  for (const ref of golden.linearSvc) {
    const label = ref.binary ? 'binary' : 'one-vs-rest';
    it(`matches scikit-learn's coef_ and intercept_ within 1e-3 relative (${label}, C=${ref.C})`, async () => {
      const { x, y } = ref.binary ? binarySubset() : { x: data.xTrain, y: data.yTrain };
      const model = await new LinearSVC({ C: ref.C, tol: ref.tol, maxIter: 100000 }).fit(
        x,
        y,
      );
      expect(relativeError(model.coef, ref.coef.flat())).toBeLessThan(1e-3);
      expect(relativeError(model.intercept, ref.intercept)).toBeLessThan(1e-3);
      if (ref.accuracy !== undefined && ref.macroF1 !== undefined) {
        const got = scores(data.yTest, model.predict(data.xTest));
        expect(Math.abs(got.accuracy - ref.accuracy)).toBeLessThanOrEqual(0.01);
        expect(Math.abs(got.macroF1 - ref.macroF1)).toBeLessThanOrEqual(0.01);
      }
    });
  }

  it('calibrates probabilities as a softmax of scaled decision values that sums to 1', async () => {
    const model = await new LinearSVC({ C: 0.01 }).fit(data.xTrain, data.yTrain);
    const x = data.xTest.subarray(0, 30 * data.d);
    const scoresOut = model.decisionFunction(x);
    const proba = model.predictProba(x);
    const a = model.probabilityScale;
    expect(a).toBeGreaterThan(0);
    for (let i = 0; i < 30; i++) {
      const e = [0, 1, 2].map((k) => Math.exp(a * scoresOut[i * 3 + k]));
      const sum = e[0] + e[1] + e[2];
      for (let k = 0; k < 3; k++) expect(proba[i * 3 + k]).toBeCloseTo(e[k] / sum, 12);
    }
  });

  it('uses the logistic of the scaled decision value for two classes', async () => {
    const { x, y } = binarySubset();
    const model = await new LinearSVC({ C: 0.1 }).fit(x, y);
    const d = model.decisionFunction(x.subarray(0, data.d))[0];
    const p = model.predictProba(x.subarray(0, data.d));
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-model.probabilityScale * d)), 12);
    expect(model.predict(x.subarray(0, data.d))).toEqual([d > 0 ? 1 : 0]);
  });

  it('round-trips through JSON', async () => {
    const model = await new LinearSVC({ C: 0.01 }).fit(data.xTrain, data.yTrain);
    const copy = LinearSVC.fromJSON(JSON.stringify(model));
    expect(copy.predictProba(data.xTest)).toEqual(model.predictProba(data.xTest));
  });
});
