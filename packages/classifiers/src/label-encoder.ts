import { ClassifierError } from './classifier-error.js';

/** A class label: a number or a string, as the caller's data carries it. */
export type Label = number | string;

/**
 * Maps class labels to 0..K-1 in sorted order, with scikit-learn's `LabelEncoder`
 * semantics (classes are the sorted unique labels: numbers ascending, strings by code
 * point).
 */
export class LabelEncoder {
  /** The sorted unique labels seen at fit time. */
  classes: Label[] = [];
  private index = new Map<Label, number>();

  /**
   * Learns the sorted unique labels.
   * @param y - labels
   * @returns this encoder
   * @throws ClassifierError `INVALID_PARAMETER` when numbers and strings are mixed or a
   *   label is not finite
   */
  fit(y: ArrayLike<Label>): this {
    const unique = new Set<Label>();
    let kind: string | undefined;
    for (let i = 0; i < y.length; i++) {
      const label = y[i];
      const k = typeof label;
      if (kind === undefined) kind = k;
      if (k !== kind || (k === 'number' && !Number.isFinite(label as number))) {
        throw new ClassifierError(
          'INVALID_PARAMETER',
          `Label ${i} is ${String(label)} (${k}); labels must be all finite numbers or all strings.`,
        );
      }
      unique.add(label);
    }
    this.setClasses([...unique]);
    return this;
  }

  /**
   * Sets the classes directly (used when loading a model).
   * @param classes - labels in any order; they are sorted
   */
  setClasses(classes: Label[]): void {
    const sorted = [...classes].sort(compareLabels);
    this.classes = sorted;
    this.index = new Map(sorted.map((c, i) => [c, i]));
  }

  /**
   * Maps labels to their class index.
   * @param y - labels seen at fit time
   * @returns class indices 0..K-1
   * @throws ClassifierError `UNSEEN_LABEL` for a label not seen at fit time
   */
  transform(y: ArrayLike<Label>): Int32Array {
    const out = new Int32Array(y.length);
    for (let i = 0; i < y.length; i++) {
      const k = this.index.get(y[i]);
      if (k === undefined) {
        throw new ClassifierError(
          'UNSEEN_LABEL',
          `Label ${String(y[i])} at position ${i} was not seen at fit time (classes: ${this.classes.join(', ')}); refit with it or drop those rows.`,
        );
      }
      out[i] = k;
    }
    return out;
  }

  /**
   * Fits and transforms in one step.
   * @param y - labels
   * @returns class indices 0..K-1
   */
  fitTransform(y: ArrayLike<Label>): Int32Array {
    return this.fit(y).transform(y);
  }

  /**
   * Maps class indices back to labels.
   * @param codes - class indices
   * @returns labels
   * @throws ClassifierError `UNSEEN_LABEL` for an index outside 0..K-1
   */
  inverseTransform(codes: ArrayLike<number>): Label[] {
    const out: Label[] = new Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (!(c >= 0 && c < this.classes.length && Number.isInteger(c))) {
        throw new ClassifierError(
          'UNSEEN_LABEL',
          `Class index ${c} at position ${i} is outside 0..${this.classes.length - 1}.`,
        );
      }
      out[i] = this.classes[c];
    }
    return out;
  }
}

/**
 * Orders labels as numpy's `unique` does: numbers ascending, strings by UTF-16 code
 * units.
 * @param a - first label
 * @param b - second label
 * @returns negative, zero or positive
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
