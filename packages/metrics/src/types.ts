/** A class label: a number (integral) or a string, as scikit-learn accepts. */
export type Label = number | string;

/** One label per sample: a plain array or a typed array of integers. */
export type LabelVector = ArrayLike<number> | ArrayLike<string> | readonly Label[];

/** A row-major dense matrix over one flat array: `data[row * columns + column]`. */
export interface DenseMatrix {
  /** The values, row after row. */
  readonly data: ArrayLike<number>;
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of columns (classes). */
  readonly columns: number;
}

/**
 * A matrix given either as one array per row (sample) or as a {@link DenseMatrix} . As
 * targets it is a label-indicator matrix (0/1 per class); as scores, one column per
 * class.
 */
export type Matrix = ArrayLike<ArrayLike<number>> | DenseMatrix;

/** Targets: a label per sample, or a label-indicator matrix (one row per sample). */
export type Targets = LabelVector | Matrix;

/**
 * How per-class scores are combined, as in scikit-learn: `'binary'` reports `posLabel`
 * only, `'micro'` pools the counts, `'macro'` is the unweighted mean over classes,
 * `'weighted'` weights by support, `'samples'` averages per sample (label-indicator input
 * only), and `null` returns one score per class.
 */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'samples' | null;

/**
 * The value returned where a ratio is 0/0: `0`, `1`, or `NaN` (a `NaN` class is left out
 * of macro and weighted averages, as in scikit-learn 1.3 and later).
 */
export type ZeroDivision = number;
