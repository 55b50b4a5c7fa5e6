import {
  binaryCurveCounts,
  rocFromCounts,
  splitScores,
  trapezoidArea,
} from './binary-curve.js';
import {
  assertNoNaN,
  assertSameLength,
  encodeLabelVectors,
  isMatrix,
  toDense,
} from './encode-targets.js';
import { MetricsError } from './metrics-error.js';
import { sortLabels } from './sort-labels.js';
import type { DenseMatrix, Label, LabelVector, Matrix, Targets } from './types.js';

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /**
   * How per-class AUCs are combined: `'macro'` (default), `'weighted'` (by prevalence),
   * `'micro'` (one curve over every cell; one-vs-rest and indicator input only),
   * `'samples'` (indicator input only) or `null` for one AUC per class (not for
   * one-vs-one).
   */
  average?: 'micro' | 'macro' | 'weighted' | 'samples' | null;
  /**
   * Multiclass strategy: `'ovr'` (one-vs-rest) or `'ovo'` (one-vs-one, Hand and Till
   * 2001). The default `'raise'` refuses multiclass input, as scikit-learn does.
   */
  multiClass?: 'raise' | 'ovr' | 'ovo';
  /**
   * Multiclass only: the classes of the score columns, sorted. Default: those in `yTrue`.
   */
  labels?: readonly Label[];
}

/**
 * Area under the ROC curve of one binary problem, as scikit-learn's
 * `_binary_roc_auc_score` (curve with intermediate points dropped, then the trapezoidal
 * rule). Internal.
 */
function binaryAuc(
  isPositive: ArrayLike<number>,
  scores: ArrayLike<number>,
  offset = 0,
  stride = 1,
): number {
  const { positives, negatives } = splitScores(isPositive, scores, offset, stride);
  if (positives.length === 0 || negatives.length === 0) {
    throw new MetricsError(
      'METRICS_CLASS_MISSING',
      `Only one class is present in yTrue (${positives.length} positives, ` +
        `${negatives.length} negatives); ROC AUC is not defined then. Score a sample that ` +
        'holds both classes.',
    );
  }
  const curve = rocFromCounts(binaryCurveCounts(positives, negatives), true);
  return trapezoidArea(curve.fpr, curve.tpr);
}

function weightedMean(scores: Float64Array, weights: Float64Array | undefined): number {
  let sum = 0;
  let weightSum = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    sum += (w === 0 ? 0 : scores[i]) * w;
    weightSum += w;
  }
  return sum / weightSum;
}

/** scikit-learn's `_average_binary_score` over the columns of an indicator matrix. */
function averageIndicatorAuc(
  truth: DenseMatrix,
  scores: DenseMatrix,
  average: RocAucOptions['average'],
): number | number[] {
  const { rows, columns } = truth;
  if (average === 'micro') return binaryAuc(truth.data, scores.data);

  if (average === 'samples') {
    const perSample = new Float64Array(rows);
    const row = new Float64Array(columns);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++) row[j] = truth.data[i * columns + j];
      perSample[i] = binaryAuc(row, scores.data, i * columns, 1);
    }
    return weightedMean(perSample, undefined);
  }

  const prevalence = new Float64Array(columns);
  for (let i = 0; i < truth.data.length; i++) prevalence[i % columns] += truth.data[i];
  if (average === 'weighted' && prevalence.every((v) => v === 0)) return 0;
  const perClass = new Float64Array(columns);
  const column = new Uint8Array(rows);
  for (let j = 0; j < columns; j++) {
    for (let i = 0; i < rows; i++) column[i] = truth.data[i * columns + j];
    perClass[j] = binaryAuc(column, scores.data, j, columns);
  }
  if (average === null) return Array.from(perClass);
  return weightedMean(perClass, average === 'weighted' ? prevalence : undefined);
}

function checkProbabilityRows(scores: DenseMatrix): void {
  const { data, rows, columns } = scores;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = i * columns; j < (i + 1) * columns; j++) sum += data[j];
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new MetricsError(
        'METRICS_PROBABILITIES_NOT_NORMALIZED',
        `yScore row ${i} sums to ${sum}; multiclass ROC AUC needs probabilities that sum to ` +
          '1 over classes (pass predictProba output, or apply softmax to decision scores).',
      );
    }
  }
}

/** Area under the ROC curve of positive against negative scores. */
function aucOfScores(positives: Float64Array, negatives: Float64Array): number {
  const curve = rocFromCounts(binaryCurveCounts(positives, negatives), true);
  return trapezoidArea(curve.fpr, curve.tpr);
}

/**
 * Hand and Till's one-vs-one average, as scikit-learn's `_average_multiclass_ovo_score`.
 */
function ovoAuc(codes: Int32Array, scores: DenseMatrix, weighted: boolean): number {
  const { columns, data } = scores;
  const classCount = new Float64Array(columns);
  for (let i = 0; i < codes.length; i++) classCount[codes[i]]++;
  const present: number[] = [];
  classCount.forEach((count, c) => {
    if (count > 0) present.push(c);
  });

  const pairScores: number[] = [];
  const prevalence: number[] = [];
  for (let x = 0; x < present.length; x++) {
    for (let y = x + 1; y < present.length; y++) {
      const a = present[x];
      const b = present[y];
      // AUC of a against b on column a, and of b against a on column b.
      const aOnA = new Float64Array(classCount[a]);
      const bOnA = new Float64Array(classCount[b]);
      const bOnB = new Float64Array(classCount[b]);
      const aOnB = new Float64Array(classCount[a]);
      for (let i = 0, na = 0, nb = 0; i < codes.length; i++) {
        const c = codes[i];
        if (c === a) {
          aOnA[na] = data[i * columns + a];
          aOnB[na++] = data[i * columns + b];
        } else if (c === b) {
          bOnA[nb] = data[i * columns + a];
          bOnB[nb++] = data[i * columns + b];
        }
      }
      pairScores.push((aucOfScores(aOnA, bOnA) + aucOfScores(bOnB, aOnB)) / 2);
      prevalence.push((classCount[a] + classCount[b]) / codes.length);
    }
  }
  return weightedMean(
    Float64Array.from(pairScores),
    weighted ? Float64Array.from(prevalence) : undefined,
  );
}

function multiclassAuc(
  yTrue: LabelVector,
  scores: DenseMatrix,
  options: RocAucOptions,
  average: RocAucOptions['average'],
): number | number[] {
  checkProbabilityRows(scores);
  const multiClass = options.multiClass ?? 'raise';
  const allowed: RocAucOptions['average'][] =
    multiClass === 'ovr' ? ['micro', 'macro', 'weighted', null] : ['macro', 'weighted'];
  if (multiClass !== 'ovr' && multiClass !== 'ovo') {
    throw new MetricsError(
      'METRICS_INVALID_OPTION',
      `multiClass is ${JSON.stringify(multiClass)} and yTrue holds more than two classes; ` +
        "set multiClass to 'ovr' (one-vs-rest) or 'ovo' (one-vs-one).",
    );
  }
  if (!allowed.includes(average)) {
    throw new MetricsError(
      'METRICS_UNKNOWN_AVERAGE',
      `average ${JSON.stringify(average)} is not available for multiClass ` +
        `'${multiClass}'; use one of ${JSON.stringify(allowed)}.`,
    );
  }

  const { classes: present, codes } = encodeLabelVectors([yTrue], ['yTrue']);
  let classes: readonly Label[] = present;
  if (options.labels !== undefined) {
    const sorted = sortLabels([...new Set(options.labels)]);
    if (
      sorted.length !== options.labels.length ||
      sorted.some((l, i) => l !== options.labels?.[i])
    ) {
      throw new MetricsError(
        'METRICS_INVALID_OPTION',
        `labels ${JSON.stringify(options.labels)} must be unique and sorted; give the classes ` +
          'of the score columns in sorted order.',
      );
    }
    classes = options.labels;
    if (present.some((label) => !classes.includes(label))) {
      throw new MetricsError(
        'METRICS_UNKNOWN_LABEL',
        `yTrue holds labels ${JSON.stringify(present)} not all in labels ` +
          `${JSON.stringify(classes)}; add the missing classes to labels.`,
      );
    }
  }
  if (classes.length !== scores.columns) {
    throw new MetricsError(
      'METRICS_SHAPE_MISMATCH',
      `There are ${classes.length} classes (${JSON.stringify(classes)}) but yScore has ` +
        `${scores.columns} columns; give labels naming every score column.`,
    );
  }
  const columnOf = present.map((label) => classes.indexOf(label));
  const columnCodes = codes[0].map((c) => columnOf[c]);

  if (multiClass === 'ovo') return ovoAuc(columnCodes, scores, average === 'weighted');

  const indicator = new Float64Array(scores.rows * scores.columns);
  for (let i = 0; i < columnCodes.length; i++)
    indicator[i * scores.columns + columnCodes[i]] = 1;
  return averageIndicatorAuc(
    { data: indicator, rows: scores.rows, columns: scores.columns },
    scores,
    average,
  );
}

/**
 * Computes the area under the ROC curve, as scikit-learn's `roc_auc_score`: binary labels
 * with one score per sample; multiclass labels with one probability column per class,
 * one-vs-rest (`'ovr'`, micro, macro or weighted) or one-vs-one (`'ovo'`, the M measure
 * of Hand and Till 2001, macro or prevalence-weighted); or a label-indicator matrix with
 * one score column per label. Every curve sorts its scores once.
 *
 * @param yTrue - true labels, or a label-indicator matrix
 * @param yScore - scores: one per sample (binary) or one column per class
 * @param options - `average`, `multiClass`, `labels`
 * @returns the AUC, or one per class when `average` is null
 * @throws {@link MetricsError} when a class is missing (`METRICS_CLASS_MISSING`),
 *   multiclass rows do not sum to 1 (`METRICS_PROBABILITIES_NOT_NORMALIZED`), on NaN,
 *   mismatched shapes, or a multiclass input without `multiClass`
 */
export function rocAucScore(
  yTrue: Targets,
  yScore: ArrayLike<number> | Matrix,
  options: RocAucOptions = {},
): number | number[] {
  const average = options.average === undefined ? 'macro' : options.average;
  if (!['micro', 'macro', 'weighted', 'samples', null].includes(average)) {
    throw new MetricsError(
      'METRICS_UNKNOWN_AVERAGE',
      `average is ${JSON.stringify(average)}; use 'micro', 'macro', 'weighted', 'samples' or null.`,
    );
  }
  const scoreMatrix = isMatrix(yScore as Targets)
    ? toDense(yScore as Matrix, 'yScore')
    : null;
  const nScores =
    scoreMatrix === null ? (yScore as ArrayLike<number>).length : scoreMatrix.rows;
  assertNoNaN(
    scoreMatrix === null ? (yScore as ArrayLike<number>) : scoreMatrix.data,
    'yScore',
  );

  if (isMatrix(yTrue)) {
    const truth = toDense(yTrue, 'yTrue');
    assertSameLength(truth.rows, nScores, ['yTrue', 'yScore']);
    if (scoreMatrix === null || scoreMatrix.columns !== truth.columns) {
      throw new MetricsError(
        'METRICS_SHAPE_MISMATCH',
        `yTrue has ${truth.columns} columns but yScore has ` +
          `${scoreMatrix === null ? 1 : scoreMatrix.columns}; give one score column per label.`,
      );
    }
    for (let i = 0; i < truth.data.length; i++) {
      if (truth.data[i] !== 0 && truth.data[i] !== 1) {
        throw new MetricsError(
          'METRICS_UNSUPPORTED_TARGET',
          `yTrue is a matrix but holds ${truth.data[i]}; a label-indicator matrix holds 0 and 1.`,
        );
      }
    }
    return averageIndicatorAuc(truth, scoreMatrix, average);
  }

  const labels = yTrue as LabelVector;
  assertSameLength(labels.length, nScores, ['yTrue', 'yScore']);
  const { classes, codes } = encodeLabelVectors([labels], ['yTrue']);
  if (classes.length > 2 || (scoreMatrix !== null && scoreMatrix.columns > 2)) {
    if (scoreMatrix === null) {
      throw new MetricsError(
        'METRICS_SHAPE_MISMATCH',
        `yTrue holds ${classes.length} classes but yScore has one score per sample; give ` +
          'one probability column per class.',
      );
    }
    return multiclassAuc(labels, scoreMatrix, options, average);
  }
  if (scoreMatrix !== null) {
    throw new MetricsError(
      'METRICS_SHAPE_MISMATCH',
      `yTrue is binary but yScore has ${scoreMatrix.columns} columns; give the scores of ` +
        'the positive (greater) class only, one per sample.',
    );
  }
  const isPositive = codes[0].map((c) => (c === 1 ? 1 : 0));
  return binaryAuc(isPositive, yScore as ArrayLike<number>);
}
