import { checkZeroDivision, divideCounts, nanAverage } from './average-scores.js';
import { classCounts, sampleCounts } from './class-counts.js';
import { encodeTargets } from './encode-targets.js';
import { MetricsError } from './metrics-error.js';
import { setWiseLabels } from './set-wise-labels.js';
import type { Average, Label, Targets, ZeroDivision } from './types.js';

/** Options shared by precision, recall and F-scores. */
export interface PrecisionRecallOptions {
  /**
   * Labels to score, in this order; absent labels count zero. Default: every label,
   * sorted.
   */
  labels?: readonly Label[];
  /** The positive class when `average` is `'binary'`. @defaultValue 1 */
  posLabel?: Label;
  /** How per-class scores are combined; `null` returns one score per label. */
  average?: Average;
  /** Value where a ratio is 0/0: 0, 1 or NaN. @defaultValue 0 */
  zeroDivision?: ZeroDivision;
}

/** Options of {@link precisionRecallFscoreSupport}. */
export interface PrecisionRecallFscoreSupportOptions extends PrecisionRecallOptions {
  /** Weight of recall against precision in the F-score. @defaultValue 1 */
  beta?: number;
}

/** Averaged precision, recall and F-score; support is null, as in scikit-learn. */
export interface AveragedPrecisionRecallFscore {
  readonly precision: number;
  readonly recall: number;
  readonly fScore: number;
  readonly support: null;
}

/** Precision, recall, F-score and support (true count) per label. */
export interface PerLabelPrecisionRecallFscore {
  /** The labels the entries belong to, in order. */
  readonly labels: Label[];
  readonly precision: number[];
  readonly recall: number[];
  readonly fScore: number[];
  readonly support: number[];
}

/**
 * Computes precision, recall, F-beta and support per label and averages them. Internal
 * core of the public functions, with the default average passed in.
 *
 * @param yTrue - true targets
 * @param yPred - predicted targets
 * @param options - options as documented on the public functions
 * @param defaultAverage - the average used when `options.average` is undefined
 * @returns averaged scores, or per-label scores when the average is null
 */
export function computePrecisionRecallFscore(
  yTrue: Targets,
  yPred: Targets,
  options: PrecisionRecallFscoreSupportOptions,
  defaultAverage: Average,
): AveragedPrecisionRecallFscore | PerLabelPrecisionRecallFscore {
  const zeroDivision = checkZeroDivision(options.zeroDivision);
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) {
    throw new MetricsError(
      'METRICS_INVALID_OPTION',
      `beta is ${beta}; the F-beta score needs beta >= 0.`,
    );
  }
  const average = options.average === undefined ? defaultAverage : options.average;
  const targets = encodeTargets(yTrue, yPred);
  const labels = setWiseLabels(targets, average, options.labels, options.posLabel ?? 1);

  const counts =
    average === 'samples' && targets.kind === 'multilabel'
      ? sampleCounts(targets, labels)
      : classCounts(targets, labels);
  let { tp, predSum, trueSum } = counts;
  if (average === 'micro') {
    tp = Float64Array.of(sum(tp));
    predSum = Float64Array.of(sum(predSum));
    trueSum = Float64Array.of(sum(trueSum));
  }

  const precision = divideCounts(tp, predSum, zeroDivision);
  const recall = divideCounts(tp, trueSum, zeroDivision);
  let fScore: Float64Array;
  if (beta === Infinity) {
    fScore = recall;
  } else if (beta === 0) {
    fScore = precision;
  } else {
    const beta2 = beta * beta;
    const numerator = tp.map((v) => (1 + beta2) * v);
    const denominator = trueSum.map((v, i) => beta2 * v + predSum[i]);
    fScore = divideCounts(numerator, denominator, zeroDivision);
  }

  if (average === null) {
    return {
      labels: counts.labels,
      precision: Array.from(precision),
      recall: Array.from(recall),
      fScore: Array.from(fScore),
      support: Array.from(trueSum),
    };
  }
  const weights = average === 'weighted' ? trueSum : undefined;
  return {
    precision: nanAverage(precision, weights),
    recall: nanAverage(recall, weights),
    fScore: nanAverage(fScore, weights),
    support: null,
  };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/**
 * Computes precision, recall, F-beta score and support for each label, or their average,
 * following scikit-learn's `precision_recall_fscore_support` (current semantics: the
 * F-score is (1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP), and NaN scores from `zeroDivision:
 * NaN` are left out of averages).
 *
 * @param yTrue - true labels, or a label-indicator matrix
 * @param yPred - predicted labels, or a label-indicator matrix
 * @param options - `labels`, `posLabel`, `average` (default null), `beta`, `zeroDivision`
 * @returns per-label arrays when `average` is null, otherwise the three averages
 * @throws {@link MetricsError} on mismatched inputs, an unknown average or a bad option
 */
export function precisionRecallFscoreSupport(
  yTrue: Targets,
  yPred: Targets,
  options: PrecisionRecallFscoreSupportOptions & { average: Exclude<Average, null> },
): AveragedPrecisionRecallFscore;
export function precisionRecallFscoreSupport(
  yTrue: Targets,
  yPred: Targets,
  options?: PrecisionRecallFscoreSupportOptions & { average?: null },
): PerLabelPrecisionRecallFscore;
export function precisionRecallFscoreSupport(
  yTrue: Targets,
  yPred: Targets,
  options?: PrecisionRecallFscoreSupportOptions,
): AveragedPrecisionRecallFscore | PerLabelPrecisionRecallFscore;
export function precisionRecallFscoreSupport(
  yTrue: Targets,
  yPred: Targets,
  options: PrecisionRecallFscoreSupportOptions = {},
): AveragedPrecisionRecallFscore | PerLabelPrecisionRecallFscore {
  return computePrecisionRecallFscore(yTrue, yPred, options, null);
}
