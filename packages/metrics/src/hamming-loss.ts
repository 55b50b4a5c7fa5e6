import { compareLabels } from './compare-labels.js';
import type { Targets } from './types.js';

/**
 * Computes the Hamming loss, the fraction of wrong labels, as scikit-learn's
 * `hamming_loss`: for label vectors the error rate; for label-indicator matrices the
 * fraction of wrong cells over samples x classes. On one-hot rows of K classes it is 2/K
 * of the error rate, since a wrong prediction flips two cells.
 *
 * @param yTrue - true labels, or a label-indicator matrix
 * @param yPred - predicted labels, or a label-indicator matrix
 * @returns the Hamming loss in [0, 1]
 * @throws {@link MetricsError} on mismatched inputs or NaN
 */
export function hammingLoss(yTrue: Targets, yPred: Targets): number {
  const { wrongCells, cells } = compareLabels(yTrue, yPred);
  return wrongCells / cells;
}
