import {
  computePrecisionRecallFscore,
  type PrecisionRecallOptions,
} from './precision-recall-fscore-support.js';
import type { Average, Targets } from './types.js';

/**
 * Computes the recall (sensitivity), TP / (TP + FN), per label or averaged, as
 * scikit-learn's `recall_score` (default `average: 'binary'` with `posLabel: 1`).
 *
 * @param yTrue - true labels, or a label-indicator matrix
 * @param yPred - predicted labels, or a label-indicator matrix
 * @param options - `labels`, `posLabel`, `average`, `zeroDivision`
 * @returns one number, or one per label when `average` is null
 * @throws {@link MetricsError} on mismatched inputs, an unknown average or a bad option
 */
export function recallScore(
  yTrue: Targets,
  yPred: Targets,
  options: PrecisionRecallOptions & { average: null },
): number[];
export function recallScore(
  yTrue: Targets,
  yPred: Targets,
  options?: PrecisionRecallOptions & { average?: Exclude<Average, null> },
): number;
export function recallScore(
  yTrue: Targets,
  yPred: Targets,
  options?: PrecisionRecallOptions,
): number | number[];
export function recallScore(
  yTrue: Targets,
  yPred: Targets,
  options: PrecisionRecallOptions = {},
): number | number[] {
  return computePrecisionRecallFscore(yTrue, yPred, options, 'binary').recall;
}
