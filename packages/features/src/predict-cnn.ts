import type { BackendPreference } from './backend.js';
import type { CnnClassifier } from './cnn-classifier.js';
import type { FeatureEngineName } from './engine.js';
import {
  extractFeatures,
  type ExtractionProgress,
  type ImageSource,
} from './extract-features.js';

/** Options for {@link predictCnn}. */
export interface PredictCnnOptions {
  /** Images per batch; default 8. */
  readonly batchSize?: number;
  /** Which TensorFlow.js backend; default `'auto'` (the active one, if any). */
  readonly backend?: BackendPreference;
  /** Called after each batch. */
  readonly onProgress?: (progress: ExtractionProgress) => void;
  /** Stops between batches when aborted. */
  readonly signal?: AbortSignal;
}

/** A CNN classifier's class probabilities for a set of images. */
export interface CnnPredictions {
  /** `rows x classes` softmax probabilities, row-major; each row sums to 1. */
  readonly probabilities: Float32Array;
  /** Number of images. */
  readonly rows: number;
  /** Number of classes (columns), in class-index order. */
  readonly classes: number;
  /** Which TensorFlow.js backend ran it, e.g. `'tfjs-wasm'`. */
  readonly engine: FeatureEngineName;
}

/**
 * Runs a CNN classifier on images, batch by batch, with the backbone's Keras input
 * preprocessing, as Keras's `model.predict` does: the softmax probabilities of every
 * class per image. The predicted class of a row is its most probable column.
 *
 * @example
 * ```ts
 * const { probabilities, classes } = await predictCnn(classifier, testImages);
 * const p = probabilities.subarray(0, classes); // the first image's class probabilities
 * ```
 * @param classifier - From {@link createCnnClassifier}, trained or not.
 * @param images - Images at the backbone's input size, as `@calvaria/preprocess` makes
 *   them: an array or a (possibly async) iterable.
 * @param options - Batch size, backend, progress, abort signal.
 * @returns The probabilities.
 * @throws {FeaturesError} `FEATURES_INPUT_MISMATCH` for an image of the wrong size,
 *   `FEATURES_INVALID_ARGUMENT` for a bad batch size, `FEATURES_ABORTED` when the signal
 *   aborts, `FEATURES_BACKEND_UNAVAILABLE` when the backend cannot start.
 */
export async function predictCnn(
  classifier: CnnClassifier,
  images: ImageSource,
  options: PredictCnnOptions = {},
): Promise<CnnPredictions> {
  // The classifier takes the backbone's input and ends in the softmax: run it where the
  // backbone's pooled features would come out.
  const result = await extractFeatures(images, {
    backbone: {
      ...classifier.backbone,
      model: classifier.model,
      featureSize: classifier.classes,
    },
    engine: 'tfjs',
    ...options,
  });
  return {
    probabilities: result.features,
    rows: result.rows,
    classes: classifier.classes,
    engine: result.engine,
  };
}
