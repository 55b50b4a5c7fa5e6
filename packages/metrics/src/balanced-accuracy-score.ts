import { countConfusion, encodeLabelTargets } from './confusion-matrix.js';
import type { LabelVector } from './types.js';

/** Options of {@link balancedAccuracyScore}. */
export interface BalancedAccuracyOptions {
  /** Rescale so chance scores 0 and perfect scores 1. @defaultValue false */
  adjusted?: boolean;
}

/**
 * Computes balanced accuracy, the mean of per-class recall over classes present in
 * `yTrue` (Brodersen et al. 2010; scikit-learn's `balanced_accuracy_score`). With
 * `adjusted`, the score is (score − 1/K) / (1 − 1/K) for K such classes.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - `adjusted`
 * @returns the balanced accuracy
 * @throws {@link MetricsError} on mismatched inputs or indicator input
 */
export function balancedAccuracyScore(
  yTrue: LabelVector,
  yPred: LabelVector,
  options: BalancedAccuracyOptions = {},
): number {
  const targets = encodeLabelTargets(yTrue, yPred, 'balancedAccuracyScore');
  const k = targets.classes.length;
  const counts = countConfusion(targets);

  let sum = 0;
  let present = 0;
  for (let i = 0; i < k; i++) {
    let rowSum = 0;
    for (let j = 0; j < k; j++) rowSum += counts[i * k + j];
    if (rowSum === 0) continue;
    sum += counts[i * k + i] / rowSum;
    present++;
  }
  let score = sum / present;

  if (options.adjusted === true) {
    const chance = 1 / present;
    score = (score - chance) / (1 - chance);
  }
  return score;
}
