/**
 * Feature rows as the linear solvers read them: dense row-major values, or compressed
 * sparse rows (CSR) when most entries are zero, as liblinear stores every problem. ReLU
 * features such as pooled CNN outputs are often half zeros, and the coordinate-descent
 * inner loops then touch only the non-zero entries.
 */
export interface RowStore {
  /** Number of rows. */
  readonly rows: number;
  /** Number of features. */
  readonly cols: number;
  /**
   * Row i's entries are `start[i] .. start[i + 1]` of `index`/`value`; null when dense.
   */
  readonly start: Int32Array | null;
  /** Feature of each stored entry (sparse only). */
  readonly index: Int32Array;
  /** Stored values: non-zeros (sparse) or the whole N x D matrix (dense). */
  readonly value: Float32Array;
}

/** Density (fraction of non-zero entries) below which rows are stored sparse. */
export const SPARSE_BELOW_DENSITY = 0.6;

/**
 * Chooses the storage for a row-major matrix: sparse when the share of non-zero entries
 * is below {@link SPARSE_BELOW_DENSITY} , else the dense values themselves (no copy).
 * @param values - N x D row-major values
 * @param rows - N
 * @param cols - D
 * @returns the row store
 */
export function toRowStore(values: Float32Array, rows: number, cols: number): RowStore {
  let nonZero = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonZero++;
  if (nonZero >= SPARSE_BELOW_DENSITY * values.length) {
    return { rows, cols, start: null, index: new Int32Array(0), value: values };
  }
  const start = new Int32Array(rows + 1);
  const index = new Int32Array(nonZero);
  const value = new Float32Array(nonZero);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    start[i] = k;
    for (let j = 0, o = i * cols; j < cols; j++) {
      const v = values[o + j];
      if (v !== 0) {
        index[k] = j;
        value[k++] = v;
      }
    }
  }
  start[rows] = k;
  return { rows, cols, start, index, value };
}

/**
 * Dot product of row i with the first `cols` weights.
 * @param store - rows
 * @param i - row
 * @param w - weights (at least `cols` long)
 * @returns the sum of w_j x_ij
 */
export function rowDot(store: RowStore, i: number, w: Float64Array): number {
  const { start, index, value } = store;
  let s = 0;
  if (start === null) {
    const d = store.cols;
    for (let j = 0, o = i * d; j < d; j++) s += w[j] * value[o + j];
  } else {
    for (let k = start[i], end = start[i + 1]; k < end; k++) s += w[index[k]] * value[k];
  }
  return s;
}

/**
 * Adds `scale` times row i to the first `cols` weights, in place.
 * @param store - rows
 * @param i - row
 * @param scale - factor
 * @param w - weights, updated
 */
export function addRow(store: RowStore, i: number, scale: number, w: Float64Array): void {
  const { start, index, value } = store;
  if (start === null) {
    const d = store.cols;
    for (let j = 0, o = i * d; j < d; j++) w[j] += scale * value[o + j];
  } else {
    for (let k = start[i], end = start[i + 1]; k < end; k++)
      w[index[k]] += scale * value[k];
  }
}

/**
 * Squared Euclidean norm of row i.
 * @param store - rows
 * @param i - row
 * @returns the sum of x_ij squared
 */
export function rowSquaredNorm(store: RowStore, i: number): number {
  const { start, value } = store;
  let s = 0;
  const from = start === null ? i * store.cols : start[i];
  const to = start === null ? from + store.cols : start[i + 1];
  for (let k = from; k < to; k++) s += value[k] * value[k];
  return s;
}
