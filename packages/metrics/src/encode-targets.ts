import { MetricsError } from './metrics-error.js';
import { sortLabels } from './sort-labels.js';
import type { DenseMatrix, Label, LabelVector, Matrix, Targets } from './types.js';

/** Single-label targets encoded as indices into the sorted union of labels. Internal. */
export interface LabelTargets {
  readonly kind: 'binary' | 'multiclass';
  /** Sorted union of the labels in both inputs. */
  readonly classes: Label[];
  readonly trueCodes: Int32Array;
  readonly predCodes: Int32Array;
  readonly nSamples: number;
}

/** Label-indicator targets as row-major 0/1 bytes. Internal. */
export interface IndicatorTargets {
  readonly kind: 'multilabel';
  /** Column indices 0..nLabels-1, the labels of indicator input. */
  readonly classes: number[];
  readonly nLabels: number;
  readonly trueBits: Uint8Array;
  readonly predBits: Uint8Array;
  readonly nSamples: number;
}

/** Either encoding. Internal. */
export type EncodedTargets = LabelTargets | IndicatorTargets;

/** Largest non-negative integer label handled through a direct lookup table. */
const DIRECT_LOOKUP_LIMIT = 1 << 20;

/**
 * Tells a matrix (rows of numbers, or a dense matrix object) from a label vector.
 * Internal.
 *
 * @param value - targets or scores
 * @returns whether `value` is a matrix
 */
export function isMatrix(value: Targets | Matrix): value is Matrix {
  if (
    (value as DenseMatrix).data !== undefined &&
    (value as DenseMatrix).columns !== undefined
  ) {
    return true;
  }
  const rows = value as ArrayLike<unknown>;
  return rows.length > 0 && typeof rows[0] === 'object' && rows[0] !== null;
}

/**
 * Copies a matrix into one row-major Float64Array, checking rows are equally long.
 * Internal.
 *
 * @param matrix - rows of numbers or a dense matrix
 * @param name - the argument's name, for messages
 * @returns the dense form
 * @throws {@link MetricsError} `METRICS_SHAPE_MISMATCH` for ragged rows or a wrong data
 *   length
 */
export function toDense(matrix: Matrix, name: string): DenseMatrix {
  const dense = matrix as DenseMatrix;
  if (dense.data !== undefined && dense.columns !== undefined) {
    if (dense.data.length !== dense.rows * dense.columns) {
      throw new MetricsError(
        'METRICS_SHAPE_MISMATCH',
        `${name}.data holds ${dense.data.length} values but rows x columns is ` +
          `${dense.rows} x ${dense.columns}; give data of length rows * columns.`,
      );
    }
    return dense;
  }

  const rows = matrix as ArrayLike<ArrayLike<number>>;
  const nRows = rows.length;
  const columns = nRows > 0 ? rows[0].length : 0;
  const data = new Float64Array(nRows * columns);
  for (let i = 0; i < nRows; i++) {
    const row = rows[i];
    if (row.length !== columns) {
      throw new MetricsError(
        'METRICS_SHAPE_MISMATCH',
        `${name}[${i}] has ${row.length} columns but ${name}[0] has ${columns}; ` +
          'give every row the same number of columns.',
      );
    }
    for (let j = 0; j < columns; j++) data[i * columns + j] = row[j];
  }
  return { data, rows: nRows, columns };
}

/**
 * Throws when `values` holds a NaN. Internal.
 *
 * @param values - numbers to check
 * @param name - the argument's name, for messages
 * @throws {@link MetricsError} `METRICS_NAN_INPUT`
 */
export function assertNoNaN(values: ArrayLike<number>, name: string): void {
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) {
      throw new MetricsError(
        'METRICS_NAN_INPUT',
        `${name} holds NaN at index ${i}; remove or impute missing values before scoring.`,
      );
    }
  }
}

/**
 * Throws when two inputs do not have one entry per sample each. Internal.
 *
 * @param a - length of the first input
 * @param b - length of the second input
 * @param names - the two argument names
 * @throws {@link MetricsError} `METRICS_LENGTH_MISMATCH` or `METRICS_EMPTY_INPUT`
 */
export function assertSameLength(a: number, b: number, names: [string, string]): void {
  if (a !== b) {
    throw new MetricsError(
      'METRICS_LENGTH_MISMATCH',
      `${names[0]} has ${a} samples but ${names[1]} has ${b}; give one entry per sample in both.`,
    );
  }
  if (a === 0) {
    throw new MetricsError(
      'METRICS_EMPTY_INPUT',
      `${names[0]} and ${names[1]} are empty; give at least one sample.`,
    );
  }
}

/** Result of encoding several label vectors over one shared, sorted set of classes. */
interface Encoded {
  classes: Label[];
  codes: Int32Array[];
}

function isNumberVector(vector: LabelVector): boolean {
  if (ArrayBuffer.isView(vector)) return true;
  for (let i = 0; i < vector.length; i++) {
    if (typeof vector[i] !== 'number') return false;
  }
  return true;
}

function isStringVector(vector: LabelVector): boolean {
  for (let i = 0; i < vector.length; i++) {
    if (typeof vector[i] !== 'string') return false;
  }
  return true;
}

function encodeNumbers(vectors: ArrayLike<number>[], names: string[]): Encoded {
  let direct = true;
  let maxLabel = -1;
  vectors.forEach((vector, k) => {
    for (let i = 0; i < vector.length; i++) {
      const v = vector[i];
      if (v >= 0 && v <= DIRECT_LOOKUP_LIMIT && (v | 0) === v) {
        if (v > maxLabel) maxLabel = v;
        continue;
      }
      if (v !== v) assertNoNaN(vector, names[k]);
      if (!Number.isInteger(v)) {
        throw new MetricsError(
          'METRICS_UNSUPPORTED_TARGET',
          `${names[k]}[${i}] is ${v}, not a class label; continuous targets are not ` +
            'classification targets: give integer or string labels.',
        );
      }
      direct = false;
    }
  });

  if (direct) {
    const lookup = new Int32Array(maxLabel + 1);
    for (const vector of vectors) {
      for (let i = 0; i < vector.length; i++) lookup[vector[i]] = 1;
    }
    const classes: number[] = [];
    for (let v = 0; v <= maxLabel; v++) {
      if (lookup[v] === 1) {
        lookup[v] = classes.length;
        classes.push(v);
      }
    }
    const codes = vectors.map((vector) => {
      const out = new Int32Array(vector.length);
      for (let i = 0; i < vector.length; i++) out[i] = lookup[vector[i]];
      return out;
    });
    return { classes, codes };
  }

  return encodeWithMap(vectors as ArrayLike<Label>[]);
}

function encodeWithMap(vectors: ArrayLike<Label>[]): Encoded {
  const firstSeen = new Map<Label, number>();
  const provisional = vectors.map((vector) => {
    const out = new Int32Array(vector.length);
    for (let i = 0; i < vector.length; i++) {
      const label = vector[i];
      let code = firstSeen.get(label);
      if (code === undefined) {
        code = firstSeen.size;
        firstSeen.set(label, code);
      }
      out[i] = code;
    }
    return out;
  });

  const classes = sortLabels([...firstSeen.keys()]);
  const remap = new Int32Array(classes.length);
  classes.forEach((label, sortedIndex) => {
    remap[firstSeen.get(label) as number] = sortedIndex;
  });
  for (const codes of provisional) {
    for (let i = 0; i < codes.length; i++) codes[i] = remap[codes[i]];
  }
  return { classes, codes: provisional };
}

/**
 * Encodes label vectors over the sorted union of their labels, as scikit-learn's
 * `unique_labels` followed by `LabelEncoder`. Internal.
 *
 * @param vectors - label vectors (numbers or strings)
 * @param names - their argument names, for messages
 * @returns the sorted classes and one code array per vector
 * @throws {@link MetricsError} `METRICS_NAN_INPUT`, `METRICS_MIXED_TARGET_TYPES`,
 *   `METRICS_UNSUPPORTED_TARGET`
 */
export function encodeLabelVectors(vectors: LabelVector[], names: string[]): Encoded {
  if (vectors.every(isNumberVector)) {
    return encodeNumbers(vectors as ArrayLike<number>[], names);
  }
  if (vectors.every(isStringVector)) {
    return encodeWithMap(vectors as ArrayLike<string>[]);
  }
  throw new MetricsError(
    'METRICS_MIXED_TARGET_TYPES',
    `${names.join(' and ')} mix number and string labels; give every label with one type.`,
  );
}

function indicatorBits(matrix: DenseMatrix, name: string): Uint8Array {
  const { data } = matrix;
  const bits = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v === 1) bits[i] = 1;
    else if (v !== 0) {
      if (v !== v) assertNoNaN(data, name);
      throw new MetricsError(
        'METRICS_UNSUPPORTED_TARGET',
        `${name} is a matrix but holds ${v} at row ${Math.floor(i / matrix.columns)}; ` +
          'a label-indicator matrix holds only 0 and 1 (multi-output targets are not supported).',
      );
    }
  }
  return bits;
}

function columnAsVector(matrix: DenseMatrix): ArrayLike<number> {
  return Float64Array.from(matrix.data as ArrayLike<number>);
}

/**
 * Checks that `yTrue` and `yPred` describe the same classification task and encodes them,
 * as scikit-learn's `_check_targets`: label vectors become binary (at most two labels in
 * their union) or multiclass; 0/1 matrices with two or more columns are label-indicator
 * (multilabel) targets; a one-column matrix is read as a label vector. Internal.
 *
 * @param yTrue - true targets
 * @param yPred - predicted targets
 * @returns the encoded targets
 * @throws {@link MetricsError} on length or shape mismatch, NaN, mixed target kinds
 */
export function encodeTargets(yTrue: Targets, yPred: Targets): EncodedTargets {
  let trueInput: Targets = yTrue;
  let predInput: Targets = yPred;
  let trueDense = isMatrix(trueInput) ? toDense(trueInput, 'yTrue') : null;
  let predDense = isMatrix(predInput) ? toDense(predInput, 'yPred') : null;
  if (trueDense !== null && trueDense.columns === 1) {
    trueInput = columnAsVector(trueDense);
    trueDense = null;
  }
  if (predDense !== null && predDense.columns === 1) {
    predInput = columnAsVector(predDense);
    predDense = null;
  }

  if ((trueDense === null) !== (predDense === null)) {
    throw new MetricsError(
      'METRICS_MIXED_TARGET_TYPES',
      `yTrue is ${trueDense ? 'a label-indicator matrix' : 'a label vector'} but yPred is ` +
        `${predDense ? 'a label-indicator matrix' : 'a label vector'}; give both in one form.`,
    );
  }

  if (trueDense !== null && predDense !== null) {
    assertSameLength(trueDense.rows, predDense.rows, ['yTrue', 'yPred']);
    if (trueDense.columns !== predDense.columns) {
      throw new MetricsError(
        'METRICS_SHAPE_MISMATCH',
        `yTrue has ${trueDense.columns} columns but yPred has ${predDense.columns}; ` +
          'give one column per class in both.',
      );
    }
    const nLabels = trueDense.columns;
    return {
      kind: 'multilabel',
      classes: Array.from({ length: nLabels }, (_, i) => i),
      nLabels,
      trueBits: indicatorBits(trueDense, 'yTrue'),
      predBits: indicatorBits(predDense, 'yPred'),
      nSamples: trueDense.rows,
    };
  }

  const trueVector = trueInput as LabelVector;
  const predVector = predInput as LabelVector;
  assertSameLength(trueVector.length, predVector.length, ['yTrue', 'yPred']);
  const { classes, codes } = encodeLabelVectors(
    [trueVector, predVector],
    ['yTrue', 'yPred'],
  );
  return {
    kind: classes.length <= 2 ? 'binary' : 'multiclass',
    classes,
    trueCodes: codes[0],
    predCodes: codes[1],
    nSamples: trueVector.length,
  };
}
