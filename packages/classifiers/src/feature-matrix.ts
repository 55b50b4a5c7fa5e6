import { ClassifierError } from './classifier-error.js';

/** Feature vectors: N x D row-major `Float32Array`, or an array of N rows. */
export type FeatureInput = Float32Array | ArrayLike<number>[];

/** A validated dense matrix: `rows` x `cols`, row-major. */
export interface FeatureMatrix {
  /** Row-major values, length `rows * cols`. */
  readonly values: Float32Array;
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of columns (features). */
  readonly cols: number;
}

/**
 * Validates feature vectors and returns them as a row-major matrix (no copy for a
 * Float32Array).
 * @param x - feature vectors
 * @param rows - expected number of rows (from the label vector); inferred for
 *   `number[][]`
 * @param cols - expected number of columns (from the fitted model), or undefined at fit
 *   time
 * @returns the matrix
 * @throws ClassifierError `MISMATCHED_LENGTHS` when the sizes disagree,
 *   `NON_FINITE_FEATURE` on NaN or infinity
 */
export function toFeatureMatrix(
  x: FeatureInput,
  rows: number | undefined,
  cols: number | undefined,
): FeatureMatrix {
  let values: Float32Array;
  let n: number;
  let d: number;
  if (x instanceof Float32Array) {
    if (rows === undefined) {
      if (cols === undefined || cols <= 0 || x.length % cols !== 0) {
        throw new ClassifierError(
          'MISMATCHED_LENGTHS',
          `A Float32Array of ${x.length} values is not a whole number of rows of ${cols} features; pass N x ${cols} values.`,
        );
      }
      n = x.length / cols;
    } else {
      n = rows;
    }
    if (n <= 0 || x.length % n !== 0) {
      throw new ClassifierError(
        'MISMATCHED_LENGTHS',
        `A Float32Array of ${x.length} values does not split into ${n} rows; pass rows x features values, one label per row.`,
      );
    }
    d = x.length / n;
    values = x;
  } else {
    n = x.length;
    if (rows !== undefined && n !== rows) {
      throw new ClassifierError(
        'MISMATCHED_LENGTHS',
        `Got ${n} feature rows and ${rows} labels; pass one label per row.`,
      );
    }
    d = n > 0 ? x[0].length : 0;
    values = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const row = x[i];
      if (row.length !== d) {
        throw new ClassifierError(
          'MISMATCHED_LENGTHS',
          `Row ${i} has ${row.length} features but row 0 has ${d}; all rows need the same length.`,
        );
      }
      for (let j = 0; j < d; j++) values[i * d + j] = row[j];
    }
  }
  if (n === 0 || d === 0) {
    throw new ClassifierError(
      'MISMATCHED_LENGTHS',
      `The feature matrix is empty (${n} rows x ${d} features); pass at least one row and one feature.`,
    );
  }
  if (cols !== undefined && d !== cols) {
    throw new ClassifierError(
      'MISMATCHED_LENGTHS',
      `The model was fitted on ${cols} features but got ${d}; pass rows of ${cols} features.`,
    );
  }
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v - v !== 0) {
      const row = Math.floor(k / d);
      throw new ClassifierError(
        'NON_FINITE_FEATURE',
        `Feature ${k - row * d} of row ${row} is ${v}; remove or impute non-finite values before fitting or predicting.`,
      );
    }
  }
  return { values, rows: n, cols: d };
}

/**
 * Validates optional per-sample weights.
 * @param weights - weights, or undefined for all ones
 * @param rows - number of rows
 * @returns a Float64Array of weights
 * @throws ClassifierError `MISMATCHED_LENGTHS` or `INVALID_PARAMETER` on negative or
 *   non-finite weights
 */
export function toSampleWeight(
  weights: ArrayLike<number> | undefined,
  rows: number,
): Float64Array {
  const out = new Float64Array(rows);
  if (weights === undefined) {
    out.fill(1);
    return out;
  }
  if (weights.length !== rows) {
    throw new ClassifierError(
      'MISMATCHED_LENGTHS',
      `Got ${weights.length} sample weights for ${rows} rows; pass one weight per row.`,
    );
  }
  for (let i = 0; i < rows; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new ClassifierError(
        'INVALID_PARAMETER',
        `Sample weight ${i} is ${w}; weights must be finite and non-negative.`,
      );
    }
    out[i] = w;
  }
  return out;
}
