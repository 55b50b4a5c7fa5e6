import { checkZeroDivision, divideCounts, plainAverage } from './average-scores.js';
import { classCounts, sampleCounts } from './class-counts.js';
import { encodeTargets } from './encode-targets.js';
import type { PrecisionRecallOptions } from './precision-recall-fscore-support.js';
import { setWiseLabels } from './set-wise-labels.js';
import type { Average, Targets } from './types.js';

/**
 * Computes the Jaccard index TP / (TP + FP + FN) per label, or averaged, as
 * scikit-learn's `jaccard_score` (default `average: 'binary'` with `posLabel: 1`). Unlike
 * precision and recall, a NaN from `zeroDivision: NaN` is not skipped by the average
 * (scikit-learn averages Jaccard scores with NumPy's plain `average`).
 *
 * @param yTrue - true labels, or a label-indicator matrix
 * @param yPred - predicted labels, or a label-indicator matrix
 * @param options - `labels`, `posLabel`, `average`, `zeroDivision`
 * @returns one number, or one per label when `average` is null
 * @throws {@link MetricsError} on mismatched inputs, an unknown average or a bad option
 */
export function jaccardScore(
  yTrue: Targets,
  yPred: Targets,
  options: PrecisionRecallOptions & { average: null },
): number[];
export function jaccardScore(
  yTrue: Targets,
  yPred: Targets,
  options?: PrecisionRecallOptions & { average?: Exclude<Average, null> },
): number;
export function jaccardScore(
  yTrue: Targets,
  yPred: Targets,
  options?: PrecisionRecallOptions,
): number | number[];
export function jaccardScore(
  yTrue: Targets,
  yPred: Targets,
  options: PrecisionRecallOptions = {},
): number | number[] {
  const zeroDivision = checkZeroDivision(options.zeroDivision);
  const average = options.average === undefined ? 'binary' : options.average;
  const targets = encodeTargets(yTrue, yPred);
  const labels = setWiseLabels(targets, average, options.labels, options.posLabel ?? 1);

  const counts =
    average === 'samples' && targets.kind === 'multilabel'
      ? sampleCounts(targets, labels)
      : classCounts(targets, labels);
  let numerator = counts.tp;
  let denominator = counts.tp.map((tp, i) => counts.predSum[i] + counts.trueSum[i] - tp);
  if (average === 'micro') {
    numerator = Float64Array.of(numerator.reduce((a, b) => a + b, 0));
    denominator = Float64Array.of(denominator.reduce((a, b) => a + b, 0));
  }
  const jaccard = divideCounts(numerator, denominator, zeroDivision);

  if (average === null) return Array.from(jaccard);
  let weights: Float64Array | undefined;
  if (average === 'weighted' && counts.trueSum.some((v) => v !== 0))
    weights = counts.trueSum;
  return plainAverage(jaccard, weights);
}
