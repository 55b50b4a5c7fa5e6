import type { FeatureMatrix } from './feature-matrix.js';

/**
 * Features quantised to at most 256 bins each, stored column-major as bytes, the layout
 * the histogram tree builders read.
 */
export interface BinnedFeatures {
  /** Bin of row i in feature f at `f * rows + i`. */
  readonly bins: Uint8Array;
  /** Number of rows. */
  readonly rows: number;
  /** Number of features. */
  readonly cols: number;
  /** Bins used by feature f (1..256). */
  readonly binCount: Int32Array;
  /** Offset of feature f's first bin in a histogram of all features. */
  readonly binOffset: Int32Array;
  /** Sum of `binCount`. */
  readonly totalBins: number;
  /**
   * Cut values of feature f: a value v falls in bin `#{cuts <= v}`, so bin <= t iff v <
   * cut[t].
   */
  readonly cuts: Float32Array[];
}

/** Features copied out of the row-major matrix together by {@link computeCuts}. */
const CUT_BLOCK = 16;

/**
 * Chooses per-feature cut points: every distinct value when there are at most `maxBins`,
 * otherwise `maxBins` equal-count quantiles, as XGBoost's `hist` method does with
 * `max_bin`.
 * @param x - validated feature matrix
 * @param maxBins - at most 256
 * @returns cut values per feature
 */
export function computeCuts(x: FeatureMatrix, maxBins: number): Float32Array[] {
  const { values, rows, cols } = x;
  const block = Math.min(CUT_BLOCK, cols);
  const gathered = new Float32Array(rows * block);
  const column = new Float32Array(rows);
  const cuts: Float32Array[] = new Array(cols);
  const out: number[] = [];
  for (let f = 0; f < cols; f++) {
    // Columns are copied out a block at a time, so each row's values are read in one run.
    const inBlock = f % block;
    if (inBlock === 0) {
      const width = Math.min(block, cols - f);
      for (let i = 0; i < rows; i++) {
        const rowBase = i * cols + f;
        for (let b = 0; b < width; b++) gathered[b * rows + i] = values[rowBase + b];
      }
    }
    // Zeros (about half of ReLU features) go first; the rest is sorted after them, or the
    // whole column when a negative value is present.
    let zeros = 0;
    let tail = rows;
    let negative = false;
    const from = inBlock * rows;
    for (let i = 0; i < rows; i++) {
      const v = gathered[from + i];
      if (v === 0) column[zeros++] = 0;
      else {
        column[--tail] = v;
        if (v < 0) negative = true;
      }
    }
    if (negative) column.sort();
    else column.subarray(zeros).sort();
    out.length = 0;
    let distinct = 1;
    for (let i = 1; i < rows; i++) if (column[i] !== column[i - 1]) distinct++;
    if (distinct <= maxBins) {
      for (let i = 1; i < rows; i++) if (column[i] !== column[i - 1]) out.push(column[i]);
    } else {
      let last = column[0];
      for (let j = 1; j < maxBins; j++) {
        const v = column[Math.min(rows - 1, Math.floor((j * rows) / maxBins))];
        if (v > last) {
          out.push(v);
          last = v;
        }
      }
    }
    cuts[f] = Float32Array.from(out);
  }
  return cuts;
}

/**
 * Quantises a feature matrix with given cut points into column-major bytes.
 * @param x - validated feature matrix
 * @param cuts - cut values per feature (at most 255 each)
 * @param bins - output buffer of `rows * cols` bytes (e.g. over a SharedArrayBuffer)
 * @returns the binned features
 */
export function binFeatures(
  x: FeatureMatrix,
  cuts: Float32Array[],
  bins: Uint8Array = new Uint8Array(x.rows * x.cols),
): BinnedFeatures {
  const { values, rows, cols } = x;
  const binCount = new Int32Array(cols);
  const binOffset = new Int32Array(cols);
  let total = 0;
  for (let f = 0; f < cols; f++) {
    binCount[f] = cuts[f].length + 1;
    binOffset[f] = total;
    total += binCount[f];
  }
  const block = 64;
  for (let f0 = 0; f0 < cols; f0 += block) {
    const f1 = Math.min(cols, f0 + block);
    for (let i = 0; i < rows; i++) {
      const rowBase = i * cols;
      for (let f = f0; f < f1; f++) {
        const c = cuts[f];
        const v = values[rowBase + f];
        // Below the first cut (the zeros of ReLU features, about half): bin 0 at once.
        if (!(v >= c[0])) {
          bins[f * rows + i] = 0;
          continue;
        }
        let lo = 1;
        let hi = c.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (c[mid] <= v) lo = mid + 1;
          else hi = mid;
        }
        bins[f * rows + i] = lo;
      }
    }
  }
  return { bins, rows, cols, binCount, binOffset, totalBins: total, cuts };
}
