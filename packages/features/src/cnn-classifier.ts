import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Backbone } from './backbone.js';
import { FeaturesError } from './errors.js';
import { NadamOptimizer } from './nadam-optimizer.js';

/** One dense layer of the classification head. */
export interface HeadLayerSpec {
  /** Number of units. */
  readonly units: number;
  /** Activation; default `'relu'`. */
  readonly activation?: 'relu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'linear';
  /** L2 penalty on the kernel (Keras's `regularizers.l2`); default none. */
  readonly l2?: number;
  /** Dropout rate after the layer; default none. */
  readonly dropout?: number;
}

/**
 * Which backbone layers stay fixed during training: `'all'`, `'none'`, the first `n`
 * layers of the backbone (as Keras's `base.layers[:n]`), or every layer up to and
 * including the one with this name.
 */
export type FreezeSpec = 'all' | 'none' | number | string;

/** The optimisers the method's baselines use. */
export type OptimizerName = 'adam' | 'nadam' | 'sgd';

/** Options for {@link createCnnClassifier}. */
export interface CnnClassifierOptions {
  /** Number of classes; default 3 (the method's fracture classes). */
  readonly classes?: number;
  /** Dense layers between the pooled features and the softmax; default none. */
  readonly head?: readonly HeadLayerSpec[];
  /** Which backbone layers to freeze; default `'all'`. */
  readonly freeze?: FreezeSpec;
  /** The optimiser; default `'adam'`. */
  readonly optimizer?: OptimizerName;
  /** Step size; default Keras's (0.001 for Adam and Nadam, 0.01 for SGD). */
  readonly learningRate?: number;
  /** SGD momentum; default 0. */
  readonly momentum?: number;
  /**
   * Seeds the head's dense kernels (Glorot uniform, as Keras): the same seed gives the
   * same starting head. Default: unseeded.
   */
  readonly seed?: number;
}

/** A backbone with a softmax head, compiled for categorical cross-entropy. */
export interface CnnClassifier {
  /** The whole model: backbone layers (shared with the backbone) and the head. */
  readonly model: LayersModel;
  /** The backbone under the head. */
  readonly backbone: Backbone;
  /** Number of classes. */
  readonly classes: number;
  /** How many backbone layers are frozen. */
  readonly frozenLayers: number;
  /** Frees the model's tensors, the backbone's included. */
  dispose(): void;
}

function frozenCount(backbone: Backbone, freeze: FreezeSpec): number {
  const layers = backbone.model.layers;
  if (freeze === 'all') return layers.length;
  if (freeze === 'none') return 0;
  if (typeof freeze === 'number') {
    if (!Number.isInteger(freeze) || freeze < 0 || freeze > layers.length) {
      throw new FeaturesError(
        'FEATURES_INVALID_ARGUMENT',
        `freeze ${freeze} is not a layer count between 0 and ${layers.length} for ${backbone.name}.`,
      );
    }
    return freeze;
  }
  const index = layers.findIndex((layer) => layer.name === freeze);
  if (index < 0) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `freeze names layer '${freeze}', which ${backbone.name} does not have; use a Keras ` +
        `layer name such as '${layers[Math.floor(layers.length / 2)].name}', a count, 'all' or 'none'.`,
    );
  }
  return index + 1;
}

/** The parts of tfjs-layers' BatchNormalization that a frozen layer reads. */
interface BatchNormInternals {
  readonly epsilon: number;
  readonly momentum: number;
  readonly gamma?: { read(): tf.Tensor } | null;
  readonly beta?: { read(): tf.Tensor } | null;
  readonly movingMean: { read(): tf.Tensor };
  readonly movingVariance: { read(): tf.Tensor };
}

/** Each patched layer's own `call`, so that a later classifier over the same backbone starts
 * from the layer as TensorFlow.js built it. */
const ownCalls = new WeakMap<tfl.layers.Layer, tfl.layers.Layer['call']>();

/**
 * Puts back a layer's own `call` (if this module patched it) and remembers it for
 * patching.
 */
function restoreCall(layer: tfl.layers.Layer): void {
  const own = ownCalls.get(layer);
  if (own !== undefined) layer.call = own;
  else ownCalls.set(layer, layer.call);
}

/**
 * Freezes a layer as Keras 2 does: its weights stop training, and a batch-norm layer runs
 * in inference mode (moving statistics used and kept), which TensorFlow.js does not do by
 * itself. The frozen batch norm is computed here, with a scale of ones where the layer
 * has none (Inception-v3 and Inception-ResNet-v2 use `scale=False`): TensorFlow.js's own
 * inference path passes no scale, which fails under a gradient tape ("reading 'dtype'").
 */
function freezeLayer(layer: tfl.layers.Layer): void {
  restoreCall(layer);
  layer.trainable = false;
  if (layer.getClassName() === 'BatchNormalization') {
    const bn = layer as unknown as BatchNormInternals;
    layer.call = (inputs) =>
      tf.tidy(() => {
        const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
        const mean = bn.movingMean.read();
        const scale = bn.gamma?.read() ?? tf.onesLike(mean);
        const offset = bn.beta?.read() ?? tf.zerosLike(mean);
        return tf.batchNorm(x, mean, bn.movingVariance.read(), offset, scale, bn.epsilon);
      });
  }
}

/**
 * Lets a trainable batch norm without a scale (`scale=False`, the Inception families)
 * train: TensorFlow.js's training path reads the missing scale and fails ("reading
 * 'read'"). In training, the layer normalises with the batch's mean and variance over
 * batch, height and width, and moves its moving statistics toward them by `1 - momentum`,
 * as Keras does; in inference it uses the moving statistics.
 */
function letScalelessBatchNormTrain(layer: tfl.layers.Layer): void {
  const bn = layer as unknown as BatchNormInternals & {
    readonly movingMean: { write(value: tf.Tensor): void };
    readonly movingVariance: { write(value: tf.Tensor): void };
  };
  restoreCall(layer);
  if (layer.getClassName() !== 'BatchNormalization' || bn.gamma) return;
  layer.call = (inputs, kwargs) =>
    tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const movingMean = bn.movingMean.read();
      const ones = tf.onesLike(movingMean);
      const offset = bn.beta?.read() ?? tf.zerosLike(movingMean);
      if (kwargs.training !== true) {
        return tf.batchNorm(
          x,
          movingMean,
          bn.movingVariance.read(),
          offset,
          ones,
          bn.epsilon,
        );
      }
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      const keep = bn.momentum;
      bn.movingMean.write(tf.add(tf.mul(movingMean, keep), tf.mul(mean, 1 - keep)));
      bn.movingVariance.write(
        tf.add(tf.mul(bn.movingVariance.read(), keep), tf.mul(variance, 1 - keep)),
      );
      return tf.batchNorm(x, mean, variance, offset, ones, bn.epsilon);
    });
}

function makeOptimizer(
  name: OptimizerName,
  learningRate?: number,
  momentum = 0,
): tf.Optimizer {
  if (name === 'adam') return tf.train.adam(learningRate ?? 0.001, 0.9, 0.999, 1e-7);
  if (name === 'nadam') return new NadamOptimizer(learningRate ?? 0.001);
  if (name === 'sgd') {
    const rate = learningRate ?? 0.01;
    return momentum > 0 ? tf.train.momentum(rate, momentum) : tf.train.sgd(rate);
  }
  throw new FeaturesError(
    'FEATURES_INVALID_ARGUMENT',
    `optimizer '${String(name)}' is not supported; use 'adam', 'nadam' or 'sgd'.`,
  );
}

/**
 * Puts a dense head and a softmax output on a backbone, freezes backbone layers and
 * compiles the model for categorical cross-entropy: the method's fine-tuned CNN
 * baselines.
 *
 * @param backbone - The backbone; its layers are shared, so training changes its weights.
 * @param options - Classes, head, freezing, optimiser.
 * @returns The classifier.
 * @throws {FeaturesError} `FEATURES_INVALID_ARGUMENT` for a bad class count, head,
 *   freeze or optimiser.
 * @remarks Limitation: a frozen batch-norm layer is patched to run in inference mode, and
 *   stays so on the backbone after the classifier is gone.
 */
export function createCnnClassifier(
  backbone: Backbone,
  options: CnnClassifierOptions = {},
): CnnClassifier {
  const classes = options.classes ?? 3;
  if (!Number.isInteger(classes) || classes < 2) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `classes ${classes} is not an integer of at least 2.`,
    );
  }
  const frozen = frozenCount(backbone, options.freeze ?? 'all');
  const optimizer = makeOptimizer(
    options.optimizer ?? 'adam',
    options.learningRate,
    options.momentum,
  );

  backbone.model.layers.forEach((layer, index) => {
    if (index < frozen) freezeLayer(layer);
    else {
      layer.trainable = true;
      letScalelessBatchNormTrain(layer);
    }
  });

  const seed = options.seed;
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `seed ${seed} is not an integer.`,
    );
  }
  /** Keras's default kernel initialiser, seeded per layer when a seed is given. */
  const kernelInitializer = (layer: number) =>
    seed === undefined
      ? 'glorotUniform'
      : tfl.initializers.glorotUniform({ seed: seed + layer });

  let x = backbone.model.outputs[0] as SymbolicTensor;
  const head = options.head ?? [];
  head.forEach((spec, index) => {
    if (!Number.isInteger(spec.units) || spec.units < 1) {
      throw new FeaturesError(
        'FEATURES_INVALID_ARGUMENT',
        `head[${index}].units ${spec.units} is not a positive integer.`,
      );
    }
    x = tfl.layers
      .dense({
        units: spec.units,
        activation: spec.activation ?? 'relu',
        kernelInitializer: kernelInitializer(index),
        ...(spec.l2 === undefined
          ? {}
          : { kernelRegularizer: tfl.regularizers.l2({ l2: spec.l2 }) }),
        name: `head_dense_${index + 1}`,
      })
      .apply(x) as SymbolicTensor;
    if (spec.dropout !== undefined && spec.dropout > 0) {
      x = tfl.layers
        .dropout({ rate: spec.dropout, name: `head_dropout_${index + 1}` })
        .apply(x) as SymbolicTensor;
    }
  });
  const output = tfl.layers
    .dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: kernelInitializer(head.length),
      name: 'predictions',
    })
    .apply(x) as SymbolicTensor;

  const model = tfl.model({
    inputs: backbone.model.inputs,
    outputs: output,
    name: `${backbone.model.name}_classifier`,
  });
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  return {
    model,
    backbone,
    classes,
    frozenLayers: frozen,
    dispose: () => {
      model.dispose();
    },
  };
}
