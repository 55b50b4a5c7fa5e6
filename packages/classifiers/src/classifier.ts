import type { FeatureInput } from './feature-matrix.js';
import type { Label } from './label-encoder.js';

/** Progress of a long fit, reported through `onProgress`. */
export interface FitProgress {
  /** What is being done, e.g. `'boosting'`, `'trees'`, `'one-vs-rest'`. */
  readonly stage: string;
  /** Units finished so far. */
  readonly done: number;
  /** Units in all. */
  readonly total: number;
}

/** Options shared by every model's `fit`. */
export interface FitOptions {
  /** One non-negative weight per row; all ones by default. */
  sampleWeight?: ArrayLike<number>;
  /** Called as work finishes; never required. */
  onProgress?: (progress: FitProgress) => void;
  /** Aborts the fit with a `ClassifierError` of code `ABORTED`. */
  signal?: AbortSignal;
}

/** The interface every model in this package implements. */
export interface Classifier {
  /** Sorted unique labels seen at fit time. */
  readonly classes: Label[];
  /**
   * Trains the model.
   * @param x - N x D feature vectors
   * @param y - N labels
   * @param options - sample weights, progress, cancellation
   */
  fit(x: FeatureInput, y: ArrayLike<Label>, options?: FitOptions): Promise<this>;
  /**
   * Predicts one label per row.
   * @param x - feature vectors with the fitted width
   */
  predict(x: FeatureInput): Label[];
  /**
   * Class probabilities, row-major N x K, each row summing to 1, columns in `classes`
   * order.
   * @param x - feature vectors with the fitted width
   */
  predictProba(x: FeatureInput): Float64Array;
  /** A versioned plain-object form that `fromJSON` reads back. */
  toJSON(): SerializedModel;
}

/** The versioned envelope every model serialises to. */
export interface SerializedModel {
  /** Always `'calvaria.classifiers'`. */
  readonly format: 'calvaria.classifiers';
  /** Schema version of the model body. */
  readonly version: number;
  /** Model kind, e.g. `'GradientBoostingClassifier'`. */
  readonly model: string;
  /** Model-specific body. */
  readonly [key: string]: unknown;
}
