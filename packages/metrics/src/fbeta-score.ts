import {
  computePrecisionRecallFscore,
  type PrecisionRecallOptions,
} from './precision-recall-fscore-support.js';
import type { Average, Targets } from './types.js';

/** Options of {@link fbetaScore}: those of precision and recall, plus `beta`. */
export interface FbetaOptions extends PrecisionRecallOptions {
  /** Weight of recall against precision (β = 1 is F1; ∞ gives recall, 0 precision). */
  beta: number;
}

/**
 * Computes the F-beta score, (1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP), per label or
 * averaged, as scikit-learn's `fbeta_score` (default `average: 'binary'` with `posLabel:
 * 1`).
 *
 * @param yTrue - true labels, or a label-indicator matrix
 * @param yPred - predicted labels, or a label-indicator matrix
 * @param options - `beta` (required), `labels`, `posLabel`, `average`, `zeroDivision`
 * @returns one number, or one per label when `average` is null
 * @throws {@link MetricsError} on mismatched inputs, an unknown average or a negative
 *   beta
 */
export function fbetaScore(
  yTrue: Targets,
  yPred: Targets,
  options: FbetaOptions & { average: null },
): number[];
export function fbetaScore(
  yTrue: Targets,
  yPred: Targets,
  options: FbetaOptions & { average?: Exclude<Average, null> },
): number;
export function fbetaScore(
  yTrue: Targets,
  yPred: Targets,
  options: FbetaOptions,
): number | number[];
export function fbetaScore(
  yTrue: Targets,
  yPred: Targets,
  options: FbetaOptions,
): number | number[] {
  return computePrecisionRecallFscore(yTrue, yPred, options, 'binary').fScore;
}
