import {
  binaryCurveCounts,
  rocFromCounts,
  splitScores,
  type RocCurve,
} from './binary-curve.js';
import { assertNoNaN, assertSameLength, encodeLabelVectors } from './encode-targets.js';
import { MetricsError } from './metrics-error.js';
import type { Label, LabelVector } from './types.js';

export type { RocCurve } from './binary-curve.js';

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /**
   * The positive class. Default: 1 when the labels are within {0, 1} or {−1, 1}; required
   * otherwise (string labels, for instance).
   */
  posLabel?: Label;
  /**
   * Drop thresholds whose points lie on a straight segment of the curve. @defaultValue
   * true
   */
  dropIntermediate?: boolean;
}

/**
 * Resolves the positive class of binary labels as scikit-learn's
 * `_check_pos_label_consistency`, and marks positives. Internal.
 *
 * @param yTrue - binary labels
 * @param posLabel - the caller's positive class, if any
 * @returns 1 for each positive sample, 0 otherwise
 * @throws {@link MetricsError} for more than two labels or a missing `posLabel`
 */
export function positiveMask(
  yTrue: LabelVector,
  posLabel: Label | undefined,
): Uint8Array {
  const { classes, codes } = encodeLabelVectors([yTrue], ['yTrue']);
  if (classes.length > 2) {
    throw new MetricsError(
      'METRICS_UNSUPPORTED_TARGET',
      `yTrue holds ${classes.length} labels but a ROC curve needs binary labels; binarize ` +
        'one class against the rest first.',
    );
  }
  let positive = posLabel;
  if (positive === undefined) {
    const within = (set: Label[]): boolean => classes.every((c) => set.includes(c));
    if (!within([0, 1]) && !within([-1, 1])) {
      throw new MetricsError(
        'METRICS_INVALID_OPTION',
        `yTrue takes values ${JSON.stringify(classes)} and posLabel is not given; set ` +
          'posLabel to the positive class.',
      );
    }
    positive = 1;
  }
  const positiveCode = classes.indexOf(positive);
  const mask = new Uint8Array(codes[0].length);
  if (positiveCode >= 0) {
    for (let i = 0; i < mask.length; i++) mask[i] = codes[0][i] === positiveCode ? 1 : 0;
  }
  return mask;
}

/**
 * Computes the receiver operating characteristic curve of binary labels against scores,
 * as scikit-learn's `roc_curve` (version 1.3 and later: the first threshold is
 * `Infinity`). Scores are sorted once per class (positives and negatives apart).
 *
 * @param yTrue - binary labels
 * @param yScore - scores, higher meaning more likely positive
 * @param options - `posLabel`, `dropIntermediate`
 * @returns false and true positive rates at decreasing thresholds (NaN rates when a class
 *   is absent)
 * @throws {@link MetricsError} on mismatched lengths, NaN scores, non-binary labels
 */
export function rocCurve(
  yTrue: LabelVector,
  yScore: ArrayLike<number>,
  options: RocCurveOptions = {},
): RocCurve {
  assertSameLength(yTrue.length, yScore.length, ['yTrue', 'yScore']);
  assertNoNaN(yScore, 'yScore');
  const mask = positiveMask(yTrue, options.posLabel);

  const { positives, negatives } = splitScores(mask, yScore);
  return rocFromCounts(
    binaryCurveCounts(positives, negatives),
    options.dropIntermediate ?? true,
  );
}
