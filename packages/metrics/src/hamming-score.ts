import { encodeTargets } from './encode-targets.js';
import type { Targets } from './types.js';

/**
 * Computes the Hamming score (sample-wise Jaccard index, Godbole and Sarawagi 2004): the
 * mean
 * over samples of |T ∩ P| / |T ∪ P|, counting 1 for a sample whose true and predicted label
 * sets are both empty. For label vectors every sample is a one-label set, so it equals
 * accuracy. scikit-learn has no function of this name; it equals its
 * `jaccard_score(average='samples', zero_division=1)` on indicator input.
 *
 * @param yTrue - true labels, or a label-indicator matrix
 * @param yPred - predicted labels, or a label-indicator matrix
 * @returns the Hamming score in [0, 1]
 * @throws {@link MetricsError} on mismatched inputs or NaN
 */
export function hammingScore(yTrue: Targets, yPred: Targets): number {
  const targets = encodeTargets(yTrue, yPred);
  const n = targets.nSamples;

  let total = 0;
  if (targets.kind === 'multilabel') {
    const { trueBits, predBits, nLabels } = targets;
    for (let i = 0; i < n; i++) {
      let both = 0;
      let either = 0;
      for (let j = i * nLabels; j < (i + 1) * nLabels; j++) {
        both += trueBits[j] & predBits[j];
        either += trueBits[j] | predBits[j];
      }
      total += either === 0 ? 1 : both / either;
    }
  } else {
    const { trueCodes, predCodes } = targets;
    for (let i = 0; i < n; i++) if (trueCodes[i] === predCodes[i]) total++;
  }
  return total / n;
}
