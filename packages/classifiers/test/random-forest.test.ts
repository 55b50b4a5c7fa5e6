import { describe, expect, it } from 'vitest';
import { RandomForestClassifier } from '@calvaria/classifiers';
import { golden, loadSynthetic, scores } from './golden-data.js';

const data = loadSynthetic();
const reference = golden.randomForest;

describe('RandomForestClassifier', () => {
  const model = new RandomForestClassifier({ nEstimators: 200, seed: 0, nThreads: 1 });
  const fitted = model.fit(data.xTrain, data.yTrain);

  it('scores within 0.01 of scikit-learn 1.2.1 (200 trees, mean over 5 seeds) on the same rows', async () => {
    await fitted;
    const got = scores(data.yTest, model.predict(data.xTest));
    expect(Math.abs(got.accuracy - reference.accuracy)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(got.macroF1 - reference.macroF1)).toBeLessThanOrEqual(0.01);
  });

  it('gives probabilities that are the mean of leaf class fractions and sum to 1', async () => {
    await fitted;
    const proba = model.predictProba(data.xTest.subarray(0, 20 * data.d));
    for (let i = 0; i < 20; i++) {
      const row = proba.subarray(i * 3, i * 3 + 3);
      expect(row[0] + row[1] + row[2]).toBeCloseTo(1, 12);
      // Fully grown trees on bootstrap rows end in pure leaves: each tree votes 0 or 1, so every
      // probability is a multiple of 1/200 (hand derivation from the definition).
      for (const p of row)
        expect(Math.abs(p * 200 - Math.round(p * 200))).toBeLessThan(1e-6);
    }
  });

  it('fits leaves that are pure on the bootstrap rows, so training rows are nearly all recalled', async () => {
    await fitted;
    const train = scores(data.yTrain, model.predict(data.xTrain));
    expect(train.accuracy).toBeGreaterThan(0.99);
  });

  it('round-trips through JSON with identical probabilities', async () => {
    await fitted;
    const copy = RandomForestClassifier.fromJSON(
      JSON.parse(JSON.stringify(model.toJSON())),
    );
    const x = data.xTest.subarray(0, 100 * data.d);
    expect(copy.predictProba(x)).toEqual(model.predictProba(x));
  });

  it('is reproducible from its seed and independent of the thread count', async () => {
    const x = data.xTrain.subarray(0, 300 * data.d);
    const y = data.yTrain.slice(0, 300);
    const a = await new RandomForestClassifier({
      nEstimators: 8,
      seed: 5,
      nThreads: 1,
    }).fit(x, y);
    const b = await new RandomForestClassifier({
      nEstimators: 8,
      seed: 5,
      nThreads: 2,
    }).fit(x, y);
    const c = await new RandomForestClassifier({
      nEstimators: 8,
      seed: 6,
      nThreads: 1,
    }).fit(x, y);
    expect(b.predictProba(data.xTest)).toEqual(a.predictProba(data.xTest));
    expect(c.predictProba(data.xTest)).not.toEqual(a.predictProba(data.xTest));
  });

  it('splits a node on the exact midpoint between sorted values, as scikit-learn does', async () => {
    // One feature, classes separated between 2 and 4: scikit-learn puts the threshold at 3.
    const x = new Float32Array([1, 2, 4, 5]);
    const m = await new RandomForestClassifier({ nEstimators: 1, bootstrap: false }).fit(
      x,
      [0, 0, 1, 1],
    );
    expect(m.trees[0].threshold[0]).toBe(3);
    expect(m.predict(new Float32Array([2.9, 3.1]))).toEqual([0, 1]);
  });
});
