import type { ChannelImage } from '@calvaria/preprocess';
import type {
  Backbone,
  BackboneName,
  InputPreprocessing,
  Pooling,
  WeightsInfo,
} from './backbone.js';
import type { BackendPreference } from './backend.js';
import type { FeatureEngineChoice, FeatureEngineName } from './engine.js';
import { FeaturesError } from './errors.js';
import { preprocessInput } from './input-preprocessing.js';
import { resolveEngine, type ResolveEngineOptions } from './resolve-engine.js';

/** Progress of {@link extractFeatures}, reported after each batch. */
export interface ExtractionProgress {
  /** Images done so far. */
  readonly done: number;
  /** All images, when known (an array input); undefined for an iterable. */
  readonly total: number | undefined;
}

/** Options for {@link extractFeatures}. */
export interface ExtractFeaturesOptions {
  /** The backbone whose pooled activations are the features. */
  readonly backbone: Backbone;
  /** Images per batch; default 8. */
  readonly batchSize?: number;
  /** Called after each batch. */
  readonly onProgress?: (progress: ExtractionProgress) => void;
  /** Stops between batches when aborted. */
  readonly signal?: AbortSignal;
  /** Which engine runs the backbone; default `'tfjs'`. */
  readonly engine?: FeatureEngineChoice;
  /** For the TensorFlow.js engine: which backend; default `'auto'`. */
  readonly backend?: BackendPreference;
  /** For the ONNX engine: its options (see `resolveEngine`). */
  readonly onnx?: ResolveEngineOptions['onnx'];
}

/** A feature matrix and what made it. */
export interface FeatureSet {
  /** `rows x columns` values, row-major: one row per image. */
  readonly features: Float32Array;
  /** Number of images. */
  readonly rows: number;
  /** Feature length (the backbone's `featureSize`). */
  readonly columns: number;
  /** Which backbone. */
  readonly backbone: BackboneName;
  /** Its global pooling. */
  readonly pooling: Pooling;
  /** Its input size, height and width in pixels. */
  readonly inputShape: readonly [number, number, 3];
  /** Its weights. */
  readonly weights: WeightsInfo;
  /** The Keras input preprocessing applied. */
  readonly preprocessing: InputPreprocessing;
  /** Which engine ran it, e.g. `'tfjs-wasm'`. */
  readonly engine: FeatureEngineName;
}

/** The images {@link extractFeatures} takes: an array, or a (possibly async) iterable, so
 * that a long series can stream from disk. */
export type ImageSource =
  readonly ChannelImage[] | Iterable<ChannelImage> | AsyncIterable<ChannelImage>;

async function* batchesOf(
  source: ImageSource,
  size: number,
): AsyncGenerator<ChannelImage[]> {
  let batch: ChannelImage[] = [];
  for await (const image of source as AsyncIterable<ChannelImage>) {
    batch.push(image);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function checkAborted(signal: AbortSignal | undefined, done: number): void {
  if (signal?.aborted === true) {
    throw new FeaturesError(
      'FEATURES_ABORTED',
      `Feature extraction was aborted after ${done} images.`,
      { cause: signal.reason },
    );
  }
}

function checkSize(image: ChannelImage, backbone: Backbone, index: number): void {
  const [height, width] = backbone.inputShape;
  if (image.height !== height || image.width !== width || image.channels !== 3) {
    throw new FeaturesError(
      'FEATURES_INPUT_MISMATCH',
      `Image ${index} is ${image.width}x${image.height}x${image.channels} but the ` +
        `${backbone.name} backbone takes ${width}x${height}x3; resize it with ` +
        `@calvaria/preprocess or create the backbone with inputShape [${image.height}, ${image.width}, 3].`,
    );
  }
}

/**
 * Runs images through a backbone and returns its pooled activations, one row per image:
 * the penultimate features that the method feeds to its classifiers. Each batch goes
 * through Keras's input preprocessing for the backbone, then the engine; nothing is kept
 * between batches but the output rows, so memory stays flat over any number of images.
 *
 * @param images - Images as `@calvaria/preprocess` makes them (HWC, [0, 1], 3 channels,
 *   the backbone's input size): an array or a (possibly asynchronous) iterable.
 * @param options - Backbone, batch size, progress, cancellation, engine.
 * @returns The feature matrix with the backbone, weights, preprocessing and engine used.
 * @throws {FeaturesError} `FEATURES_INVALID_ARGUMENT` for a bad batch size,
 *   `FEATURES_INPUT_MISMATCH` for an image of the wrong size, `FEATURES_ABORTED` when the
 *   signal aborts, and the engine's errors.
 */
export async function extractFeatures(
  images: ImageSource,
  options: ExtractFeaturesOptions,
): Promise<FeatureSet> {
  const { backbone, onProgress, signal } = options;
  const batchSize = options.batchSize ?? 8;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `batchSize ${batchSize} is not a positive integer.`,
    );
  }
  checkAborted(signal, 0);

  const total = Array.isArray(images) ? images.length : undefined;
  const [height, width] = backbone.inputShape;
  const columns = backbone.featureSize;
  const batchBuffer = new Float32Array(batchSize * height * width * 3);
  const chunks: Float32Array[] = [];
  const preallocated =
    total === undefined ? undefined : new Float32Array(total * columns);
  const ownsEngine = typeof options.engine !== 'object';
  const engine = await resolveEngine(backbone, options.engine, {
    ...(options.backend === undefined ? {} : { backend: options.backend }),
    ...(options.onnx === undefined ? {} : { onnx: options.onnx }),
  });

  let done = 0;
  try {
    for await (const batch of batchesOf(images, batchSize)) {
      checkAborted(signal, done);
      batch.forEach((image, i) => checkSize(image, backbone, done + i));
      const input = preprocessInput(batch, backbone.preprocessing, batchBuffer);
      const rows = await engine.run(
        input.subarray(0, batch.length * height * width * 3),
        batch.length,
      );
      if (preallocated !== undefined) preallocated.set(rows, done * columns);
      else chunks.push(rows.slice());
      done += batch.length;
      onProgress?.({ done, total });
    }
  } finally {
    if (ownsEngine) await engine.dispose();
  }

  let features = preallocated;
  if (features === undefined) {
    features = new Float32Array(done * columns);
    chunks.forEach((chunk, i) => features!.set(chunk, i * batchSize * columns));
  }
  return {
    features,
    rows: done,
    columns,
    backbone: backbone.name,
    pooling: backbone.pooling,
    inputShape: backbone.inputShape,
    weights: backbone.weights,
    preprocessing: backbone.preprocessing,
    engine: engine.name,
  };
}
