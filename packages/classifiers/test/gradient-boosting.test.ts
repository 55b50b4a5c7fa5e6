import { describe, expect, it } from 'vitest';
import { ClassifierError, GradientBoostingClassifier } from '@calvaria/classifiers';
import { golden, loadSynthetic, scores } from './golden-data.js';

const data = loadSynthetic();
const reference = golden.xgboost;

// Same hyper-parameters as tools/golden/classifiers.py gave XGBoost 1.7.4.
const params = {
  nEstimators: reference.params.n_estimators,
  maxDepth: reference.params.max_depth,
  learningRate: reference.params.learning_rate,
  minChildWeight: reference.params.min_child_weight,
  lambda: reference.params.reg_lambda,
  gamma: reference.params.gamma,
  maxBins: reference.params.max_bin,
};

describe('GradientBoostingClassifier', () => {
  const model = new GradientBoostingClassifier({ ...params, nThreads: 1 });
  const fitted = model.fit(data.xTrain, data.yTrain);

  it('scores within 0.01 of XGBoost 1.7.4 (hist, multi:softprob) on the same rows', async () => {
    await fitted;
    const got = scores(data.yTest, model.predict(data.xTest));
    expect(Math.abs(got.accuracy - reference.accuracy)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(got.macroF1 - reference.macroF1)).toBeLessThanOrEqual(0.01);
  });

  it('returns probabilities whose rows sum to 1 and whose argmax is the prediction', async () => {
    await fitted;
    const proba = model.predictProba(data.xTest.subarray(0, 50 * data.d));
    const pred = model.predict(data.xTest.subarray(0, 50 * data.d));
    for (let i = 0; i < 50; i++) {
      const row = Array.from(proba.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(row.indexOf(Math.max(...row))).toBe(pred[i]);
    }
  });

  it('round-trips through JSON text with identical probabilities', async () => {
    await fitted;
    const copy = GradientBoostingClassifier.fromJSON(JSON.stringify(model.toJSON()));
    const x = data.xTest.subarray(0, 200 * data.d);
    expect(copy.predictProba(x)).toEqual(model.predictProba(x));
  });

  it('counts splits and averages gain per feature as XGBoost get_score does', async () => {
    await fitted;
    const weight = model.featureImportances('weight');
    const total = model.featureImportances('totalGain');
    const gain = model.featureImportances('gain');
    const splits = model.trees.reduce(
      (s, t) => s + t.feature.filter((f) => f >= 0).length,
      0,
    );
    expect(weight.reduce((a, b) => a + b, 0)).toBe(splits);
    for (let f = 0; f < data.d; f++) {
      expect(gain[f]).toBeCloseTo(weight[f] > 0 ? total[f] / weight[f] : 0, 9);
    }
  });

  it('builds the same trees on worker threads as in the calling thread', async () => {
    const x = data.xTrain.subarray(0, 400 * data.d);
    const y = data.yTrain.slice(0, 400);
    const opts = { nEstimators: 5, subsample: 0.8, colsampleBytree: 0.5, seed: 3 };
    const single = await new GradientBoostingClassifier({ ...opts, nThreads: 1 }).fit(
      x,
      y,
    );
    const threaded = await new GradientBoostingClassifier({ ...opts, nThreads: 2 }).fit(
      x,
      y,
    );
    expect(threaded.predictProba(data.xTest)).toEqual(single.predictProba(data.xTest));
  });

  it('is reproducible from its seed when rows and features are sampled', async () => {
    const x = data.xTrain.subarray(0, 300 * data.d);
    const y = data.yTrain.slice(0, 300);
    const fit = (seed: number): Promise<GradientBoostingClassifier> =>
      new GradientBoostingClassifier({
        nEstimators: 4,
        subsample: 0.7,
        colsampleBytree: 0.5,
        seed,
        nThreads: 1,
      }).fit(x, y);
    const [a, b, c] = await Promise.all([fit(11), fit(11), fit(12)]);
    const probe = data.xTest.subarray(0, 200 * data.d);
    expect(b.predictProba(probe)).toEqual(a.predictProba(probe));
    expect(c.predictProba(probe)).not.toEqual(a.predictProba(probe));
  });

  it('stops early and keeps the trees up to the best validation round', async () => {
    const n = 600;
    const es = new GradientBoostingClassifier({
      nEstimators: 300,
      learningRate: 0.5,
      earlyStoppingRounds: 5,
      nThreads: 1,
    });
    await es.fit(data.xTrain.subarray(0, n * data.d), data.yTrain.slice(0, n), {
      evalSet: { x: data.xTest.subarray(0, 500 * data.d), y: data.yTest.slice(0, 500) },
    });
    const best = es.bestIteration as number;
    expect(es.evalHistory.length).toBeLessThan(300);
    expect(es.evalHistory.length).toBe(best + 6);
    expect(Math.min(...es.evalHistory)).toBe(es.evalHistory[best]);
    expect(es.trees.length).toBe((best + 1) * 3);
  });

  it('accepts number[][] rows and string labels', async () => {
    const rows = [
      [0, 0],
      [0, 1],
      [5, 5],
      [5, 6],
      [9, 0],
      [9, 1],
    ];
    const labels = ['a', 'a', 'b', 'b', 'c', 'c'];
    const m = await new GradientBoostingClassifier({
      nEstimators: 20,
      minChildWeight: 0,
    }).fit(rows, labels);
    expect(m.classes).toEqual(['a', 'b', 'c']);
    expect(m.predict(rows)).toEqual(labels);
  });

  it('reports progress once per round and honours an aborted signal', async () => {
    const seen: number[] = [];
    await new GradientBoostingClassifier({ nEstimators: 4, nThreads: 1 }).fit(
      data.xTrain.subarray(0, 100 * data.d),
      data.yTrain.slice(0, 100),
      { onProgress: (p) => seen.push(p.done) },
    );
    expect(seen).toEqual([1, 2, 3, 4]);
    const controller = new AbortController();
    controller.abort();
    await expect(
      new GradientBoostingClassifier().fit(data.xTrain, data.yTrain, {
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('rejects out-of-range hyper-parameters', () => {
    expect(() => new GradientBoostingClassifier({ subsample: 0 })).toThrow(
      ClassifierError,
    );
    expect(() => new GradientBoostingClassifier({ maxBins: 300 })).toThrow(/maxBins/);
  });
});
