import { describe, expect, it } from 'vitest';

import { accuracyScore, hammingLoss, logLoss } from '@calvaria/metrics';

import { expectClose, loadGolden } from './golden-helpers.js';

/** One-hot rows for class indices. */
function oneHot(classes: number[], k = 3): number[][] {
  return classes.map((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)));
}

/** n samples cycling through 3 classes, the first `wrong` predicted as the next class. */
function hardPredictions(
  n: number,
  wrong: number,
): { yTrue: number[][]; yPred: number[][] } {
  const truth = Array.from({ length: n }, (_, i) => i % 3);
  const pred = truth.map((c, i) => (i < wrong ? (c + 1) % 3 : c));
  return { yTrue: oneHot(truth), yPred: oneHot(pred) };
}

// Hand derivation (docs/metrics.md): with eps = 1e-15 a one-hot row is clipped to
// (1 − eps, eps, eps) and renormalised by its sum 1 + eps, so a wrong sample costs
// −ln(eps / (1 + eps)) and a right one −ln((1 − eps) / (1 + eps)) ≈ 2·eps.
const EPS = 1e-15;
const WRONG_COST = -Math.log(EPS / (1 + EPS));
const RIGHT_COST = -Math.log((1 - EPS) / (1 + EPS));

describe("how the method's published figures arise (one-hot hard predictions, 3 classes)", () => {
  it('gives a Hamming loss of 2/3 of the error rate, since a wrong row flips 2 of 3 cells', () => {
    for (const wrong of [0, 30, 75, 150, 189, 300]) {
      const { yTrue, yPred } = hardPredictions(300, wrong);
      const errorRate = 1 - accuracyScore(yTrue, yPred);
      expect(hammingLoss(yTrue, yPred)).toBeCloseTo((2 / 3) * errorRate, 14);
    }
  });

  it('gives a log loss with eps 1e-15 of about 34.54 times the error rate', () => {
    expect(WRONG_COST).toBeCloseTo(34.538776, 6);
    for (const wrong of [0, 30, 75, 150, 189, 300]) {
      const { yTrue, yPred } = hardPredictions(300, wrong);
      const errorRate = wrong / 300;
      const expected = errorRate * WRONG_COST + (1 - errorRate) * RIGHT_COST;
      expectClose(logLoss(yTrue, yPred, { eps: EPS }), expected);
    }
  });

  it("puts the paper's log losses of about 21.6 at an error rate of about 63%", () => {
    const { yTrue, yPred } = hardPredictions(300, 189); // 189 / 300 = 0.63
    expect(logLoss(yTrue, yPred, { eps: EPS })).toBeCloseTo(21.76, 2);
    expect(21.6 / WRONG_COST).toBeCloseTo(0.625, 3);
  });

  it('costs −ln(2^−52) ≈ 36.04 per wrong sample with the float64-epsilon default', () => {
    const { yTrue, yPred } = hardPredictions(300, 300);
    expect(logLoss(yTrue, yPred)).toBeCloseTo(-Math.log(Number.EPSILON), 10);
    expect(-Math.log(Number.EPSILON)).toBeCloseTo(36.0437, 4);
  });

  it('matches scikit-learn on the same construction (golden fixture)', () => {
    for (const row of loadGolden().publishedFigures) {
      const { yTrue, yPred } = hardPredictions(row.n, row.wrong);
      expectClose(hammingLoss(yTrue, yPred), row.hammingLoss);
      expectClose(logLoss(yTrue, yPred, { eps: EPS }), row.logLossEps1e15);
      expectClose(logLoss(yTrue, yPred), row.logLossFloat64);
    }
  });
});
