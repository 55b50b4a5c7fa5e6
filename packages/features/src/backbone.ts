import type { LayersModel } from '@tensorflow/tfjs-layers';

/** The four ImageNet backbones the method compares, named as in Keras Applications. */
export type BackboneName = 'resnet50' | 'xception' | 'inceptionV3' | 'inceptionResNetV2';

/**
 * How the last feature map is reduced to one vector: global average or global maximum.
 */
export type Pooling = 'avg' | 'max';

/**
 * Keras's input preprocessing modes
 * (`keras.applications.imagenet_utils.preprocess_input`): `'caffe'` swaps RGB to BGR and
 * subtracts the ImageNet channel means on the 0-255 scale; `'tf'` scales 0-255 to [-1,
 * 1].
 */
export type InputPreprocessing = 'caffe' | 'tf';

/** Where a backbone's weights came from. */
export type WeightsKind = 'imagenet' | 'h5' | 'tfjs' | 'random';

/** Which weights a backbone carries, as reported with every result made from it. */
export interface WeightsInfo {
  /** The kind of source. */
  readonly kind: WeightsKind;
  /** The file, folder or URL read; `'seeded'` for random weights. */
  readonly source: string;
  /** The seed, for random weights. */
  readonly seed?: number;
  /** SHA-256 (hex) of all weight values as little-endian float32, in layer order. */
  readonly sha256: string;
}

/**
 * An ImageNet CNN without its classification top, ending in global pooling: a fixed
 * feature extractor or the base of a fine-tuned classifier. Independent of the engine
 * that runs it.
 */
export interface Backbone {
  /** Which architecture. */
  readonly name: BackboneName;
  /**
   * The TensorFlow.js model, input `[batch, height, width, 3]`, output `[batch,
   * featureSize]`.
   */
  readonly model: LayersModel;
  /** Input height, width and channels. */
  readonly inputShape: readonly [number, number, 3];
  /** Length of the feature vector: 2048, or 1536 for Inception-ResNet-v2. */
  readonly featureSize: number;
  /** The global pooling at the end. */
  readonly pooling: Pooling;
  /** The Keras input preprocessing the weights expect. */
  readonly preprocessing: InputPreprocessing;
  /** Which weights it carries. */
  readonly weights: WeightsInfo;
  /** Frees the model's tensors. */
  dispose(): void;
}
