import { accuracyScore, f1Score } from '@calvaria/metrics';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The fixture written by tools/golden/classifiers.py. */
export interface Golden {
  data: {
    nTrain: number;
    nTest: number;
    nFeatures: number;
    labels: number[];
    groups: number[];
  };
  xgboost: { accuracy: number; macroF1: number; params: Record<string, number> };
  randomForest: { accuracy: number; macroF1: number };
  linearSvc: {
    C: number;
    tol: number;
    binary?: boolean;
    coef: number[][];
    intercept: number[];
    accuracy?: number;
    macroF1?: number;
  }[];
  resampling: {
    labels: number[];
    cases: {
      kind: 'over' | 'under';
      strategy: string | number | Record<string, number>;
      counts?: Record<string, number>;
      error?: string;
    }[];
  };
  stratifiedGroupKFold: { nSplits: number; testFold: number[] }[];
}

const fixtures = new URL('./fixtures/', import.meta.url);

/** Parsed golden.json. */
export const golden: Golden = JSON.parse(
  readFileSync(fileURLToPath(new URL('golden.json', fixtures)), 'utf8'),
);

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * Loads the seeded synthetic data set (float16 on disk, exactly representable in float32).
 * @returns train and test rows and labels, and the group (patient) id of every row
 */
export function loadSynthetic(): {
  xTrain: Float32Array;
  yTrain: number[];
  xTest: Float32Array;
  yTest: number[];
  groups: number[];
  labels: number[];
  d: number;
} {
  const { nTrain, nTest, nFeatures: d, labels, groups } = golden.data;
  const bytes = readFileSync(fileURLToPath(new URL('synthetic-3class.f16', fixtures)));
  const all = new Float32Array((nTrain + nTest) * d);
  for (let i = 0; i < all.length; i++) all[i] = halfToFloat(bytes.readUInt16LE(2 * i));
  return {
    xTrain: all.subarray(0, nTrain * d),
    yTrain: labels.slice(0, nTrain),
    xTest: all.subarray(nTrain * d),
    yTest: labels.slice(nTrain),
    groups,
    labels,
    d,
  };
}

/**
 * Accuracy and macro-F1 from `@calvaria/metrics` (scikit-learn's `accuracy_score` and
 * `f1_score(average='macro')`).
 * @param truth - true labels
 * @param pred - predicted labels
 * @returns both scores
 */
export function scores(
  truth: number[],
  pred: (number | string)[],
): { accuracy: number; macroF1: number } {
  const predicted = pred.map(Number);
  return {
    accuracy: accuracyScore(truth, predicted),
    macroF1: f1Score(truth, predicted, { average: 'macro' }),
  };
}
