import { LabelEncoder, type Label } from './label-encoder.js';

/**
 * One-hot encodes labels with scikit-learn's `LabelBinarizer` semantics: K columns for K
 * > 2 classes, one column (1 for the second class) for two classes.
 */
export class LabelBinarizer {
  private readonly encoder = new LabelEncoder();

  /** The sorted unique labels seen at fit time. */
  get classes(): Label[] {
    return this.encoder.classes;
  }

  /**
   * Learns the classes.
   * @param y - labels
   * @returns this binarizer
   */
  fit(y: ArrayLike<Label>): this {
    this.encoder.fit(y);
    return this;
  }

  /**
   * Encodes labels as a row-major indicator matrix.
   * @param y - labels seen at fit time
   * @returns `{ values, rows, cols }` with `cols` = K, or 1 for two classes
   * @throws ClassifierError `UNSEEN_LABEL` for a label not seen at fit time
   */
  transform(y: ArrayLike<Label>): { values: Float32Array; rows: number; cols: number } {
    const codes = this.encoder.transform(y);
    const k = this.encoder.classes.length;
    const cols = k === 2 ? 1 : k;
    const values = new Float32Array(codes.length * cols);
    for (let i = 0; i < codes.length; i++) {
      if (cols === 1) values[i] = codes[i] === 1 ? 1 : 0;
      else values[i * cols + codes[i]] = 1;
    }
    return { values, rows: codes.length, cols };
  }

  /**
   * Decodes an indicator or score matrix by its largest column (threshold 0.5 for one
   * column).
   * @param values - row-major scores, `rows` x `cols`
   * @param cols - number of columns
   * @returns labels
   */
  inverseTransform(values: ArrayLike<number>, cols: number): Label[] {
    const rows = values.length / cols;
    const codes = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      if (cols === 1) {
        codes[i] = values[i] > 0.5 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let j = 1; j < cols; j++)
        if (values[i * cols + j] > values[i * cols + best]) best = j;
      codes[i] = best;
    }
    return this.encoder.inverseTransform(codes);
  }
}
