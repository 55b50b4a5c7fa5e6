import { compareLabels } from './compare-labels.js';
import type { Targets } from './types.js';

/** Options of {@link accuracyScore}. */
export interface AccuracyOptions {
  /**
   * Return the fraction of correct samples (true) or their count (false). @defaultValue
   * true
   */
  normalize?: boolean;
}

/**
 * Computes accuracy, the fraction of samples predicted exactly, as scikit-learn's
 * `accuracy_score`; for label-indicator rows this is subset accuracy (every column must
 * match).
 *
 * @param yTrue - true labels, or a label-indicator matrix
 * @param yPred - predicted labels, or a label-indicator matrix
 * @param options - `normalize`
 * @returns the fraction (or count) of exactly correct samples
 * @throws {@link MetricsError} on mismatched inputs or NaN
 */
export function accuracyScore(
  yTrue: Targets,
  yPred: Targets,
  options: AccuracyOptions = {},
): number {
  const { matching, nSamples } = compareLabels(yTrue, yPred);
  return options.normalize === false ? matching : matching / nSamples;
}
