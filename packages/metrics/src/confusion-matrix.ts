import { encodeTargets, type LabelTargets } from './encode-targets.js';
import { MetricsError } from './metrics-error.js';
import { labelIndex } from './sort-labels.js';
import type { Label, LabelVector } from './types.js';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /**
   * Labels indexing the rows and columns, in this order; samples whose true or predicted
   * label is not listed are left out. Default: every label in either input, sorted.
   */
  labels?: readonly Label[];
  /**
   * Divide by row sums (`'true'`), column sums (`'pred'`) or the total (`'all'`); 0/0
   * gives 0. Default: raw counts.
   */
  normalize?: 'true' | 'pred' | 'all';
}

/**
 * Label-vector targets encoded, with the confusion counts over the union of labels.
 * Internal.
 *
 * @param targets - encoded single-label targets
 * @returns a row-major K x K count matrix, K = number of classes
 */
export function countConfusion(targets: LabelTargets): Float64Array {
  const k = targets.classes.length;
  const counts = new Int32Array(k * k);
  const { trueCodes, predCodes } = targets;
  for (let i = 0; i < trueCodes.length; i++) counts[trueCodes[i] * k + predCodes[i]]++;
  return Float64Array.from(counts);
}

/**
 * Encodes label vectors and refuses label-indicator input. Internal.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param metric - the calling metric's name, for messages
 * @returns encoded single-label targets
 * @throws {@link MetricsError} `METRICS_UNSUPPORTED_TARGET` for indicator matrices
 */
export function encodeLabelTargets(
  yTrue: LabelVector,
  yPred: LabelVector,
  metric: string,
): LabelTargets {
  const targets = encodeTargets(yTrue, yPred);
  if (targets.kind === 'multilabel') {
    throw new MetricsError(
      'METRICS_UNSUPPORTED_TARGET',
      `${metric} does not support label-indicator (multilabel) targets; pass one label per ` +
        'sample (for one-hot rows, the index of the 1).',
    );
  }
  return targets;
}

/**
 * Computes the confusion matrix C, where C[i][j] counts samples of true class i predicted
 * as class j, as scikit-learn's `confusion_matrix`.
 *
 * @param yTrue - true labels (numbers or strings)
 * @param yPred - predicted labels
 * @param options - `labels` (row and column order) and `normalize`
 * @returns the matrix as rows
 * @throws {@link MetricsError} on mismatched inputs, indicator input, or `labels` that
 *   are empty or name no label present in `yTrue`
 */
export function confusionMatrix(
  yTrue: LabelVector,
  yPred: LabelVector,
  options: ConfusionMatrixOptions = {},
): number[][] {
  const targets = encodeLabelTargets(yTrue, yPred, 'confusionMatrix');
  const { normalize } = options;
  if (normalize !== undefined && !['true', 'pred', 'all'].includes(normalize)) {
    throw new MetricsError(
      'METRICS_INVALID_OPTION',
      `normalize is ${JSON.stringify(normalize)}; use 'true', 'pred', 'all' or leave it out.`,
    );
  }

  const k = targets.classes.length;
  const full = countConfusion(targets);
  const labels = options.labels ?? targets.classes;
  if (labels.length === 0) {
    throw new MetricsError(
      'METRICS_INVALID_OPTION',
      'labels is empty; give at least one label.',
    );
  }
  const index = labelIndex(targets.classes);
  const positions = labels.map((label) => index.get(label) ?? -1);
  if (options.labels !== undefined) {
    const trueCounts = new Float64Array(k);
    for (let i = 0; i < k * k; i++) trueCounts[Math.floor(i / k)] += full[i];
    if (!positions.some((p) => p >= 0 && trueCounts[p] > 0)) {
      throw new MetricsError(
        'METRICS_UNKNOWN_LABEL',
        `None of labels ${JSON.stringify(labels)} occurs in yTrue; give at least one label ` +
          'that yTrue holds.',
      );
    }
  }
  const n = labels.length;
  const matrix = positions.map((row) =>
    positions.map((col) => (row < 0 || col < 0 ? 0 : full[row * k + col])),
  );

  if (normalize === undefined) return matrix;
  const total = matrix.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: n }, (_, j) =>
    matrix.reduce((s, row) => s + row[j], 0),
  );
  return matrix.map((row, i) =>
    row.map((v, j) => {
      const d =
        normalize === 'true' ? rowSums[i] : normalize === 'pred' ? colSums[j] : total;
      const r = v / d;
      return Number.isFinite(r) ? r : 0;
    }),
  );
}
