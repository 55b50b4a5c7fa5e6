import { encodeTargets } from './encode-targets.js';
import type { Targets } from './types.js';

/** Options of {@link accuracyScore}. */
export interface AccuracyOptions {
  /** Return the fraction of correct samples (true) or their count (false). @defaultValue true */
  normalize?: boolean;
}

/**
 * Computes accuracy, the fraction of samples predicted exactly, as scikit-learn's
 * `accuracy_score`; for label-indicator rows this is subset accuracy (every column must match).
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
  const targets = encodeTargets(yTrue, yPred);
  const n = targets.nSamples;

  let correct = 0;
  if (targets.kind === 'multilabel') {
    const { trueBits, predBits, nLabels } = targets;
    for (let i = 0; i < n; i++) {
      let same = 1;
      for (let j = i * nLabels; j < (i + 1) * nLabels; j++) {
        if (trueBits[j] !== predBits[j]) {
          same = 0;
          break;
        }
      }
      correct += same;
    }
  } else {
    const { trueCodes, predCodes } = targets;
    for (let i = 0; i < n; i++) if (trueCodes[i] === predCodes[i]) correct++;
  }

  return options.normalize === false ? correct : correct / n;
}
