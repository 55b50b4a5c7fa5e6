import { assertNoNaN, encodeLabelVectors, isMatrix, toDense } from './encode-targets.js';
import { MetricsError } from './metrics-error.js';
import { labelIndex, sortLabels } from './sort-labels.js';
import type { Label, LabelVector, Matrix, Targets } from './types.js';

/** The float64 machine epsilon, 2^−52: scikit-learn's clipping bound from version 1.5. */
export const FLOAT64_EPSILON = Number.EPSILON;

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** The classes of the probability columns. Default: the labels in `yTrue`, sorted. */
  labels?: readonly Label[];
  /** Return the mean loss per sample (true) or the sum. @defaultValue true */
  normalize?: boolean;
  /**
   * Legacy clipping bound. When given, probabilities are clipped to [eps, 1 − eps] and
   * each row is then divided by its sum, as scikit-learn 1.2 to 1.4 did (their default
   * was `eps: 1e-15`). When left out, probabilities are clipped to the float64 machine
   * epsilon and not renormalized, as scikit-learn 1.5 and later do.
   */
  eps?: number;
}

interface TrueColumns {
  /** For label vectors: the true column of each sample. */
  codes?: Int32Array;
  /** For indicator input: the 0/1 matrix, row-major. */
  indicator?: ArrayLike<number>;
  nClasses: number;
  nSamples: number;
}

function trueColumns(yTrue: Targets, labels: readonly Label[] | undefined): TrueColumns {
  if (isMatrix(yTrue)) {
    const dense = toDense(yTrue, 'yTrue');
    if (labels !== undefined) {
      throw new MetricsError(
        'METRICS_INVALID_OPTION',
        'labels cannot be combined with a label-indicator yTrue; its columns are the classes.',
      );
    }
    return { indicator: dense.data, nClasses: dense.columns, nSamples: dense.rows };
  }

  const vector = yTrue as LabelVector;
  const { classes: present, codes } = encodeLabelVectors([vector], ['yTrue']);
  const classes = labels === undefined ? present : sortLabels([...new Set(labels)]);
  if (classes.length < 2) {
    throw new MetricsError(
      'METRICS_CLASS_MISSING',
      labels === undefined
        ? `yTrue holds only one label (${JSON.stringify(present[0])}); give every class ` +
            'through the labels option.'
        : `labels holds ${classes.length} class; log loss needs at least two.`,
    );
  }
  const index = labelIndex(classes);
  const columnOf = present.map((label) => {
    const column = index.get(label);
    if (column === undefined) {
      throw new MetricsError(
        'METRICS_UNKNOWN_LABEL',
        `yTrue holds ${JSON.stringify(label)}, which labels does not list; add it to labels.`,
      );
    }
    return column;
  });
  const columnCodes = codes[0].map((c) => columnOf[c]);
  return { codes: columnCodes, nClasses: classes.length, nSamples: vector.length };
}

/**
 * Computes the log loss (cross-entropy), −(1/N) Σ_i Σ_k y_ik · ln p_ik, as scikit-learn's
 * `log_loss`. Probabilities are clipped away from 0 and 1 (see `eps`), so a confident
 * wrong prediction costs −ln(eps): 36.04 at the float64 epsilon, 34.54 at `eps: 1e-15`.
 *
 * @param yTrue - true labels, or a label-indicator (for instance one-hot) matrix
 * @param yPred - probabilities: one column per class (columns in sorted label order), or
 *   one value per sample, the probability of the greater class of a binary problem
 * @param options - `labels`, `normalize`, `eps`
 * @returns the mean (or summed) loss
 * @throws {@link MetricsError} on NaN, mismatched shapes, fewer than two classes
 * @remarks Limitation: rows that do not sum to 1 are scored as given (scikit-learn 1.5+
 *   warns about them; this library does not print), except with `eps`, which
 *   renormalizes.
 */
export function logLoss(
  yTrue: Targets,
  yPred: ArrayLike<number> | Matrix,
  options: LogLossOptions = {},
): number {
  const legacy = options.eps !== undefined;
  const eps = options.eps ?? FLOAT64_EPSILON;
  if (!(eps > 0 && eps < 0.5)) {
    throw new MetricsError(
      'METRICS_INVALID_OPTION',
      `eps is ${eps}; use a value in (0, 0.5).`,
    );
  }
  const truth = trueColumns(yTrue, options.labels);

  const predMatrix = isMatrix(yPred as Targets)
    ? toDense(yPred as Matrix, 'yPred')
    : null;
  const flat = predMatrix === null ? (yPred as ArrayLike<number>) : predMatrix.data;
  const rows = predMatrix === null ? flat.length : predMatrix.rows;
  const columns = predMatrix === null ? 1 : predMatrix.columns;
  assertNoNaN(flat, 'yPred');
  if (rows !== truth.nSamples) {
    throw new MetricsError(
      'METRICS_LENGTH_MISMATCH',
      `yTrue has ${truth.nSamples} samples but yPred has ${rows}; give one row per sample.`,
    );
  }
  const nClasses = columns === 1 ? 2 : columns;
  if (nClasses !== truth.nClasses) {
    throw new MetricsError(
      'METRICS_SHAPE_MISMATCH',
      `yTrue has ${truth.nClasses} classes but yPred has ${nClasses} probability columns; ` +
        'give labels naming every class, in the order of the columns.',
    );
  }

  const low = eps;
  const high = 1 - eps;
  const row = new Float64Array(nClasses);
  const codes = truth.codes;
  const indicator = truth.indicator;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    // Clip (and, for the legacy eps, renormalise) as scikit-learn does, in its order.
    if (columns === 1) {
      const p = flat[i];
      if (legacy) {
        row[1] = p < low ? low : p > high ? high : p;
        row[0] = 1 - row[1];
      } else {
        const q = 1 - p;
        row[0] = q < low ? low : q > high ? high : q;
        row[1] = p < low ? low : p > high ? high : p;
      }
    } else {
      for (let k = 0, o = i * nClasses; k < nClasses; k++, o++) {
        const p = flat[o];
        row[k] = p < low ? low : p > high ? high : p;
      }
    }
    if (legacy) {
      let sum = 0;
      for (let k = 0; k < nClasses; k++) sum += row[k];
      for (let k = 0; k < nClasses; k++) row[k] = row[k] / sum;
    }

    if (codes !== undefined) {
      total -= Math.log(row[codes[i]]);
    } else if (indicator !== undefined) {
      let loss = 0;
      for (let k = 0, o = i * nClasses; k < nClasses; k++, o++) {
        const y = indicator[o];
        if (y !== 0) loss += y * Math.log(row[k]);
      }
      total -= loss;
    }
  }

  return options.normalize === false ? total : total / rows;
}
