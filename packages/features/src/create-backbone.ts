import { stat } from 'node:fs/promises';
import type { Backbone, BackboneName, Pooling, WeightsInfo } from './backbone.js';
import { backboneSpecs } from './backbone-specs.js';
import { selectBackend, type BackendPreference } from './backend.js';
import { FeaturesError } from './errors.js';
import { imagenetWeightsFile, type ImagenetWeightsOptions } from './imagenet-weights.js';
import { setSeededWeights } from './seeded-weights.js';
import { hashWeights } from './weights-hash.js';
import { loadH5Weights } from './weights-h5.js';
import { loadTfjsFolderWeights } from './weights-tfjs-folder.js';

/**
 * Which weights to load: Keras's ImageNet file, seeded random values, or a path (a Keras
 * `.h5` weights file, or a TensorFlow.js layers-model folder).
 */
export type WeightsSource = 'imagenet' | 'random' | string;

/** Options for {@link createBackbone}. */
export interface CreateBackboneOptions extends ImagenetWeightsOptions {
  /** Which weights; default `'imagenet'`, as in Keras. */
  readonly weights?: WeightsSource;
  /** The seed for `'random'` weights; default 0. */
  readonly seed?: number;
  /**
   * Input height, width and channels; default Keras's (224 or 299 square, 3 channels).
   */
  readonly inputShape?: readonly [number, number, 3];
  /** The global pooling at the end; default `'avg'`. */
  readonly pooling?: Pooling;
  /**
   * The TensorFlow.js backend to hold the weights; default `'auto'` ({@link
   * selectBackend}).
   */
  readonly backend?: BackendPreference;
}

const names = Object.keys(backboneSpecs) as BackboneName[];

function checkOptions(
  name: BackboneName,
  shape: readonly number[],
  pooling: Pooling,
): void {
  const spec = backboneSpecs[name];
  const [height, width, channels] = shape;
  if (channels !== 3 || !(height >= spec.minSizePx) || !(width >= spec.minSizePx)) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `inputShape [${shape.join(', ')}] does not fit ${name}: it needs 3 channels and a ` +
        `height and width of at least ${spec.minSizePx} pixels.`,
    );
  }
  if (pooling !== 'avg' && pooling !== 'max') {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `pooling '${String(pooling)}' is not supported; use 'avg' or 'max'.`,
    );
  }
}

async function isFolder(source: string): Promise<boolean> {
  try {
    return (await stat(source)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Builds one of Keras Applications' ImageNet backbones without its top, with the same
 * architecture, layer names and parameter counts, ending in global pooling, and loads its
 * weights.
 *
 * @param name - `'resnet50'`, `'xception'`, `'inceptionV3'` or `'inceptionResNetV2'`.
 * @param options - Weights, seed, input shape, pooling, cache folder.
 * @returns The backbone; `weights` says which weights it carries and their hash.
 * @throws {FeaturesError} `FEATURES_UNKNOWN_BACKBONE`, `FEATURES_INVALID_ARGUMENT`, and
 *   the weight loaders' codes (`FEATURES_WEIGHTS_UNAVAILABLE`,
 *   `FEATURES_WEIGHTS_HASH_MISMATCH`, `FEATURES_WEIGHTS_MISMATCH`,
 *   `FEATURES_WEIGHTS_READ_FAILED`).
 * @remarks Limitation: ImageNet weights are paired with layers in order where the file's
 *   layer names differ from Keras's current ones (Inception-v3's file), as Keras does.
 */
export async function createBackbone(
  name: BackboneName,
  options: CreateBackboneOptions = {},
): Promise<Backbone> {
  const spec = backboneSpecs[name];
  if (spec === undefined) {
    throw new FeaturesError(
      'FEATURES_UNKNOWN_BACKBONE',
      `Unknown backbone '${String(name)}'; use one of ${names.join(', ')}.`,
    );
  }
  const inputShape = options.inputShape ?? [spec.defaultSizePx, spec.defaultSizePx, 3];
  const pooling = options.pooling ?? 'avg';
  checkOptions(name, inputShape, pooling);

  await selectBackend(options.backend ?? 'auto');
  const model = spec.build(inputShape, pooling);
  const source = options.weights ?? 'imagenet';
  let info: Omit<WeightsInfo, 'sha256'>;
  try {
    if (source === 'random') {
      const seed = options.seed ?? 0;
      setSeededWeights(model, seed);
      info = { kind: 'random', source: 'seeded', seed };
    } else if (source === 'imagenet') {
      const file = await imagenetWeightsFile(name, options);
      await loadH5Weights(model, file);
      info = { kind: 'imagenet', source: file };
    } else if (await isFolder(source)) {
      await loadTfjsFolderWeights(model, source);
      info = { kind: 'tfjs', source };
    } else {
      await loadH5Weights(model, source);
      info = { kind: 'h5', source };
    }
  } catch (error) {
    model.dispose();
    throw error;
  }

  const weights: WeightsInfo = { ...info, sha256: hashWeights(model) };
  return {
    name,
    model,
    inputShape: [inputShape[0], inputShape[1], 3],
    featureSize: spec.featureSize,
    pooling,
    preprocessing: spec.preprocessing,
    weights,
    dispose: () => {
      model.dispose();
    },
  };
}
