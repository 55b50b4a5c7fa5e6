import type { ChannelImage } from '@calvaria/preprocess';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { CnnClassifier } from './cnn-classifier.js';
import { FeaturesError } from './errors.js';
import { preprocessInput } from './input-preprocessing.js';
import { seededUniform } from './seeded-weights.js';

/** Labelled images: `labels[i]` is the class index (0-based) of `images[i]`. */
export interface LabelledImages {
  /** Images as `@calvaria/preprocess` makes them, at the backbone's input size. */
  readonly images: readonly ChannelImage[];
  /** Class indices. */
  readonly labels: readonly number[];
}

/** Metrics of one finished epoch. */
export interface EpochLogs {
  /** 0-based epoch index. */
  readonly epoch: number;
  /** Training loss (categorical cross-entropy plus regularisation). */
  readonly loss: number;
  /** Training accuracy. */
  readonly accuracy: number;
  /** Validation loss, when validating. */
  readonly valLoss?: number;
  /** Validation accuracy, when validating. */
  readonly valAccuracy?: number;
}

/** Early stopping as Keras's `EarlyStopping` callback defines it. */
export interface EarlyStoppingOptions {
  /** What to watch; default `'val_loss'` when validating, else `'loss'`. */
  readonly monitor?: 'loss' | 'val_loss';
  /** Epochs without improvement before stopping; default 3. */
  readonly patience?: number;
  /** The least decrease that counts as improvement; default 0. */
  readonly minDelta?: number;
  /** Put back the weights of the best epoch at the end; default true. */
  readonly restoreBestWeights?: boolean;
}

/** Options for {@link trainCnn}. */
export interface TrainCnnOptions {
  /** Epochs; default 10. */
  readonly epochs?: number;
  /** Images per step; default 16. */
  readonly batchSize?: number;
  /**
   * Held-out images, or the fraction of the training images to hold out (the last ones).
   */
  readonly validation?: LabelledImages | number;
  /** Loss weight per class index, or `'balanced'`: `n / (classes * n_c)`, scikit-learn's
   *  `compute_class_weight('balanced')`. */
  readonly classWeights?: readonly number[] | 'balanced';
  /** Stop when the monitored loss stops falling. */
  readonly earlyStopping?: EarlyStoppingOptions;
  /** Called after each epoch. */
  readonly onEpoch?: (logs: EpochLogs) => void;
  /** Stops after the current batch when aborted. */
  readonly signal?: AbortSignal;
  /**
   * Seeds the order in which the training images are shuffled every epoch, so that a
   * run with the same seed, data and starting weights (see `CnnClassifierOptions.seed`)
   * repeats exactly on the same backend. Default: a random order. Dropout masks are not
   * seeded: with dropout in the head, runs still differ.
   */
  readonly seed?: number;
}

/** The loss history of a training run, for plotting. */
export interface TrainingHistory {
  /** Epochs run. */
  readonly epochs: number;
  /** Training loss per epoch. */
  readonly loss: number[];
  /** Training accuracy per epoch. */
  readonly accuracy: number[];
  /** Validation loss per epoch (empty without validation). */
  readonly valLoss: number[];
  /** Validation accuracy per epoch (empty without validation). */
  readonly valAccuracy: number[];
  /** The epoch with the lowest monitored loss. */
  readonly bestEpoch: number;
  /** Whether early stopping ended the run. */
  readonly stoppedEarly: boolean;
}

function checkLabels(data: LabelledImages, classes: number, what: string): void {
  if (data.images.length !== data.labels.length || data.images.length === 0) {
    throw new FeaturesError(
      'FEATURES_TRAINING_DATA',
      `${what} has ${data.images.length} images and ${data.labels.length} labels; give one ` +
        `label per image, and at least one image.`,
    );
  }
  const bad = data.labels.findIndex((l) => !Number.isInteger(l) || l < 0 || l >= classes);
  if (bad >= 0) {
    throw new FeaturesError(
      'FEATURES_TRAINING_DATA',
      `${what} label ${bad} is ${data.labels[bad]}; labels are class indices 0 to ${classes - 1}.`,
    );
  }
}

function toTensors(
  classifier: CnnClassifier,
  data: LabelledImages,
): [tf.Tensor4D, tf.Tensor2D] {
  const [height, width] = classifier.backbone.inputShape;
  const mismatch = data.images.findIndex((i) => i.height !== height || i.width !== width);
  if (mismatch >= 0) {
    const image = data.images[mismatch];
    throw new FeaturesError(
      'FEATURES_INPUT_MISMATCH',
      `Image ${mismatch} is ${image.width}x${image.height} but the classifier takes ${width}x${height}.`,
    );
  }
  const values = preprocessInput(data.images, classifier.backbone.preprocessing);
  const x = tf.tensor4d(values, [data.images.length, height, width, 3]);
  const y = tf.tidy(() =>
    tf.oneHot(tf.tensor1d([...data.labels], 'int32'), classifier.classes),
  );
  return [x, y as tf.Tensor2D];
}

function classWeightMap(
  option: TrainCnnOptions['classWeights'],
  labels: readonly number[],
  classes: number,
): tfl.ClassWeight | undefined {
  if (option === undefined) return undefined;
  const weights: tfl.ClassWeight = {};
  if (option === 'balanced') {
    const counts = new Array<number>(classes).fill(0);
    for (const l of labels) counts[l]++;
    counts.forEach((n, c) => {
      weights[c] = n === 0 ? 0 : labels.length / (classes * n);
    });
    return weights;
  }
  if (option.length !== classes) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `classWeights has ${option.length} weights for ${classes} classes; give one per class.`,
    );
  }
  option.forEach((w, c) => {
    weights[c] = w;
  });
  return weights;
}

function split(data: LabelledImages, fraction: number): [LabelledImages, LabelledImages] {
  if (!(fraction > 0 && fraction < 1)) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `validation fraction ${fraction} is not between 0 and 1.`,
    );
  }
  const cut = Math.round(data.images.length * (1 - fraction));
  return [
    { images: data.images.slice(0, cut), labels: data.labels.slice(0, cut) },
    { images: data.images.slice(cut), labels: data.labels.slice(cut) },
  ];
}

/**
 * A Fisher-Yates permutation of `0..n-1` for one epoch: from the seeded stream
 * `shuffle/epoch-<k>` ({@link seededUniform}) with a seed, from `Math.random` without.
 */
function permutation(n: number, epoch: number, seed: number | undefined): Int32Array {
  const draws =
    seed === undefined
      ? undefined
      : seededUniform(seed >>> 0, `shuffle/epoch-${epoch}`, n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor((draws === undefined ? Math.random() : draws[i]) * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Gradient kernels that training a layer of each class needs, beyond the forward pass.
 */
const gradientKernels: Readonly<Record<string, readonly string[]>> = {
  Conv2D: ['Conv2DBackpropFilter'],
  SeparableConv2D: ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter'],
  DepthwiseConv2D: ['DepthwiseConv2dNativeBackpropFilter'],
};

/**
 * Refuses, before any work, to train layers whose weight gradients the active backend
 * cannot compute: the wasm backend of TensorFlow.js has no filter-gradient kernels, so an
 * unfrozen convolution fails deep inside the tape otherwise.
 */
function checkGradientKernels(classifier: CnnClassifier): void {
  const backend = tf.getBackend();
  for (const layer of classifier.model.layers) {
    if (!layer.trainable) continue;
    const missing = (gradientKernels[layer.getClassName()] ?? []).find(
      (kernel) => tf.getKernel(kernel, backend) === undefined,
    );
    if (missing === undefined) continue;
    throw new FeaturesError(
      'FEATURES_BACKEND_UNAVAILABLE',
      `The ${backend} backend cannot train layer '${layer.name}': it has no ${missing} ` +
        "kernel. Freeze the backbone's convolutions (freeze: 'all' or a layer name), or " +
        "train on the 'cpu' backend (selectBackend('cpu')) or with @tensorflow/tfjs-node.",
    );
  }
}

/**
 * Trains a CNN classifier with categorical cross-entropy on a softmax output, as Keras's
 * `model.fit` does, with optional class weights, validation and early stopping.
 *
 * @param classifier - From {@link createCnnClassifier}.
 * @param data - Training images with class indices.
 * @param options - Epochs, batch size, validation, class weights, early stopping,
 *   callbacks.
 * @returns The per-epoch loss and accuracy history.
 * @throws {FeaturesError} `FEATURES_TRAINING_DATA` for missing or out-of-range labels,
 *   `FEATURES_INPUT_MISMATCH` for images of the wrong size, `FEATURES_INVALID_ARGUMENT`
 *   for bad options, `FEATURES_ABORTED` when the signal aborts,
 *   `FEATURES_BACKEND_UNAVAILABLE` when a trainable layer needs a gradient kernel the
 *   active backend lacks.
 * @remarks Limitation: the wasm backend has no convolution filter gradients, so layers
 *   trained past the head (unfrozen convolutions) need the `cpu` or `tensorflow` backend.
 *   Limitation: the training and validation images are held in memory as float32
 *   tensors (N x height x width x 3).
 */
export async function trainCnn(
  classifier: CnnClassifier,
  data: LabelledImages,
  options: TrainCnnOptions = {},
): Promise<TrainingHistory> {
  let train = data;
  let validation: LabelledImages | undefined;
  if (typeof options.validation === 'number')
    [train, validation] = split(data, options.validation);
  else validation = options.validation;
  checkLabels(train, classifier.classes, 'The training set');
  if (validation !== undefined)
    checkLabels(validation, classifier.classes, 'The validation set');
  const classWeight = classWeightMap(
    options.classWeights,
    train.labels,
    classifier.classes,
  );

  const epochs = options.epochs ?? 10;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `epochs ${epochs} is not a positive integer.`,
    );
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `seed ${options.seed} is not an integer.`,
    );
  }
  checkGradientKernels(classifier);

  const model = classifier.model;
  const monitor = options.earlyStopping?.monitor ?? (validation ? 'val_loss' : 'loss');
  const patience = options.earlyStopping?.patience ?? 3;
  const minDelta = options.earlyStopping?.minDelta ?? 0;
  const restore = options.earlyStopping?.restoreBestWeights ?? true;
  const history: TrainingHistory = {
    epochs: 0,
    loss: [],
    accuracy: [],
    valLoss: [],
    valAccuracy: [],
    bestEpoch: 0,
    stoppedEarly: false,
  };
  let best = Infinity;
  let bestEpoch = 0;
  let waited = 0;
  let stoppedEarly = false;
  let bestWeights: tf.Tensor[] | undefined;

  let [x, y] = toTensors(classifier, train);
  const validationTensors =
    validation === undefined ? undefined : toTensors(classifier, validation);
  try {
    const callback = new tfl.CustomCallback({
      onBatchEnd: async () => {
        if (options.signal?.aborted === true) model.stopTraining = true;
      },
      onEpochEnd: async (epoch, logs = {}) => {
        const entry: EpochLogs = {
          epoch,
          loss: logs.loss,
          accuracy: logs.acc ?? logs.accuracy,
          ...(validation === undefined
            ? {}
            : { valLoss: logs.val_loss, valAccuracy: logs.val_acc ?? logs.val_accuracy }),
        };
        history.loss.push(entry.loss);
        history.accuracy.push(entry.accuracy);
        if (entry.valLoss !== undefined) history.valLoss.push(entry.valLoss);
        if (entry.valAccuracy !== undefined) history.valAccuracy.push(entry.valAccuracy);
        options.onEpoch?.(entry);

        const watched = monitor === 'val_loss' ? entry.valLoss : entry.loss;
        if (watched !== undefined && watched < best - minDelta) {
          best = watched;
          bestEpoch = epoch;
          waited = 0;
          if (options.earlyStopping !== undefined && restore) {
            tf.dispose(bestWeights ?? []);
            bestWeights = model.getWeights().map((w) => w.clone());
          }
        } else if (options.earlyStopping !== undefined && ++waited >= patience) {
          stoppedEarly = true;
          model.stopTraining = true;
        }
      },
    });

    // One fit per epoch over a freshly shuffled copy, so that the order comes from the
    // seeded generator (fit's own shuffle uses Math.random); the optimiser's state lives
    // on the model and carries over.
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = tf.tensor1d(
        permutation(train.images.length, epoch, options.seed),
        'int32',
      );
      const shuffled = tf.tidy(() => [tf.gather(x, order), tf.gather(y, order)]);
      tf.dispose([x, y, order]);
      [x, y] = shuffled as [tf.Tensor4D, tf.Tensor2D];
      await model.fit(x, y, {
        epochs: epoch + 1,
        initialEpoch: epoch,
        batchSize: options.batchSize ?? 16,
        shuffle: false,
        verbose: 0,
        callbacks: [callback],
        ...(classWeight === undefined ? {} : { classWeight }),
        ...(validationTensors === undefined ? {} : { validationData: validationTensors }),
      });
      if (stoppedEarly || options.signal?.aborted === true) break;
    }
    if (options.signal?.aborted === true) {
      throw new FeaturesError(
        'FEATURES_ABORTED',
        `CNN training was aborted after ${history.loss.length} epochs.`,
        { cause: options.signal.reason },
      );
    }
    if (stoppedEarly && bestWeights !== undefined) model.setWeights(bestWeights);
  } finally {
    tf.dispose([x, y, ...(validationTensors ?? []), ...(bestWeights ?? [])]);
  }

  return { ...history, epochs: history.loss.length, bestEpoch, stoppedEarly };
}
