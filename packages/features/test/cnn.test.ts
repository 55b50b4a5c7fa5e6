import type { ChannelImage } from '@calvaria/preprocess';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NadamOptimizer,
  createBackbone,
  createCnnClassifier,
  hashWeights,
  predictCnn,
  selectBackend,
  trainCnn,
  type Backbone,
  type LabelledImages,
} from '@calvaria/features';

/** Three classes told apart by brightness, with a seeded ripple. */
function brightnessData(count: number): LabelledImages {
  const images: ChannelImage[] = [];
  const labels: number[] = [];
  for (let k = 0; k < count; k++) {
    const label = k % 3;
    const data = new Float32Array(32 * 32 * 3);
    for (let i = 0; i < data.length; i++)
      data[i] = 0.15 + 0.35 * label + 0.05 * Math.sin(i * (k + 1));
    images.push({ data, width: 32, height: 32, channels: 3 });
    labels.push(label);
  }
  return { images, labels };
}

/**
 * Runs training on the pure-JS backend, then returns to the one that was active: the wasm
 * backend has no convolution filter gradients, so unfrozen backbones train elsewhere.
 */
async function onCpuBackend<T>(train: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  await selectBackend('cpu');
  try {
    return await train();
  } finally {
    await tf.setBackend(previous);
  }
}

describe('createCnnClassifier', () => {
  let backbone: Backbone;
  beforeAll(async () => {
    backbone = await createBackbone('resnet50', {
      weights: 'random',
      seed: 11,
      inputShape: [32, 32, 3],
    });
  });
  afterAll(() => backbone.dispose());

  it('puts a dense head and a 3-way softmax on the pooled features', () => {
    const classifier = createCnnClassifier(backbone, {
      head: [{ units: 128, activation: 'relu', l2: 1e-4, dropout: 0.5 }],
    });
    const names = classifier.model.layers.slice(-3).map((l) => l.name);
    expect(names).toEqual(['head_dense_1', 'head_dropout_1', 'predictions']);
    expect(classifier.model.outputs[0].shape).toEqual([null, 3]);
    // Head parameters: 2048 * 128 + 128 and 128 * 3 + 3.
    const trainable = classifier.model.trainableWeights.reduce(
      (n, w) => n + w.shape.reduce((a, b) => (a as number) * (b as number), 1)!,
      0,
    );
    expect(trainable).toBe(2048 * 128 + 128 + 128 * 3 + 3);
    expect(classifier.frozenLayers).toBe(backbone.model.layers.length);
  });

  it('freezes a count of layers, or every layer up to a named one', () => {
    const byCount = createCnnClassifier(backbone, { freeze: 10 });
    expect(byCount.frozenLayers).toBe(10);
    expect(backbone.model.layers[9].trainable).toBe(false);
    expect(backbone.model.layers[10].trainable).toBe(true);

    const byName = createCnnClassifier(backbone, { freeze: 'conv4_block6_out' });
    const index = backbone.model.layers.findIndex((l) => l.name === 'conv4_block6_out');
    expect(byName.frozenLayers).toBe(index + 1);
    expect(backbone.model.getLayer('conv5_block1_1_conv').trainable).toBe(true);
  });

  it('rejects an unknown layer name, class count or optimiser', () => {
    expect(() => createCnnClassifier(backbone, { freeze: 'conv9_block1_out' })).toThrow(
      expect.objectContaining({ code: 'FEATURES_INVALID_ARGUMENT' }),
    );
    expect(() => createCnnClassifier(backbone, { classes: 1 })).toThrow(/classes 1/);
    expect(() =>
      createCnnClassifier(backbone, { optimizer: 'rmsprop' as never }),
    ).toThrow(/rmsprop/);
  });
});

describe('trainCnn', () => {
  it('lowers the loss and leaves a frozen backbone, batch norm included, untouched', async () => {
    const backbone = await createBackbone('resnet50', {
      weights: 'random',
      seed: 12,
      inputShape: [32, 32, 3],
    });
    // A tanh head keeps the softmax out of saturation (a ReLU head on this random
    // backbone's large features pins the loss at -log(1e-7) * 2/3, where only the L2 term
    // moves), and one full batch per epoch makes each epoch one gradient step: with a small
    // step the loss must fall every epoch. Seeded, so the run is the same every time.
    const classifier = createCnnClassifier(backbone, {
      head: [{ units: 16, activation: 'tanh', l2: 1e-4 }],
      optimizer: 'sgd',
      learningRate: 1e-2,
      seed: 1,
    });
    const before = hashWeights(backbone.model);
    const epochs: number[] = [];
    const history = await trainCnn(classifier, brightnessData(18), {
      epochs: 6,
      batchSize: 18,
      validation: brightnessData(6),
      classWeights: 'balanced',
      onEpoch: (logs) => epochs.push(logs.epoch),
      seed: 1,
    });
    expect(epochs).toEqual([0, 1, 2, 3, 4, 5]);
    expect(history.loss).toHaveLength(6);
    expect(history.valLoss).toHaveLength(6);
    for (let e = 1; e < 6; e++) expect(history.loss[e]).toBeLessThan(history.loss[e - 1]);
    expect(hashWeights(backbone.model)).toBe(before);
    classifier.dispose();
  });

  it('stops early once the monitored loss stops improving by minDelta', async () => {
    const backbone = await createBackbone('resnet50', {
      weights: 'random',
      seed: 13,
      inputShape: [32, 32, 3],
    });
    const classifier = createCnnClassifier(backbone, { optimizer: 'sgd', momentum: 0.9 });
    // No epoch can improve by 1e9, so the first is best and patience 1 ends the second.
    const history = await trainCnn(classifier, brightnessData(9), {
      epochs: 5,
      batchSize: 9,
      validation: 1 / 3,
      earlyStopping: { patience: 1, minDelta: 1e9 },
    });
    expect(history).toMatchObject({ epochs: 2, stoppedEarly: true, bestEpoch: 0 });
    classifier.dispose();
  });

  it('lets batch norm train again when a later classifier unfreezes the same backbone', async () => {
    const backbone = await createBackbone('resnet50', {
      weights: 'random',
      seed: 14,
      inputShape: [32, 32, 3],
    });
    const bn = backbone.model.getLayer('conv5_block3_3_bn') as unknown as {
      movingMean: { read(): tf.Tensor };
    };
    const meanBefore = Array.from(bn.movingMean.read().dataSync());
    const frozen = createCnnClassifier(backbone, { freeze: 'all' });
    await trainCnn(frozen, brightnessData(6), { epochs: 1, batchSize: 6 });
    expect(Array.from(bn.movingMean.read().dataSync())).toEqual(meanBefore);

    // Only the last block's 1x1 convolution and its batch norm train (cheap on pure JS).
    const open = createCnnClassifier(backbone, { freeze: 'conv5_block3_2_relu' });
    await onCpuBackend(() =>
      trainCnn(open, brightnessData(6), { epochs: 1, batchSize: 6 }),
    );
    expect(Array.from(bn.movingMean.read().dataSync())).not.toEqual(meanBefore);
    open.dispose(); // the backbone's tensors with it
  });

  it('fine-tunes an Inception-v3 backbone, whose batch norms have no scale, end to end', async () => {
    // Keras builds Inception-v3's batch norms with scale=False; TensorFlow.js's own batch-norm
    // paths read the missing scale and fail under a gradient tape, frozen or training.
    const backbone = await createBackbone('inceptionV3', {
      weights: 'random',
      seed: 12,
      inputShape: [75, 75, 3],
    });
    const bn = backbone.model.getLayer('batch_normalization_93') as unknown as {
      movingMean: { read(): tf.Tensor };
    };
    const meanBefore = Array.from(bn.movingMean.read().dataSync());
    const data = (count: number): LabelledImages => {
      const images: ChannelImage[] = [];
      const labels: number[] = [];
      for (let k = 0; k < count; k++) {
        const pixels = new Float32Array(75 * 75 * 3);
        for (let i = 0; i < pixels.length; i++)
          pixels[i] = 0.15 + 0.35 * (k % 3) + 0.05 * Math.sin(i * (k + 1));
        images.push({ data: pixels, width: 75, height: 75, channels: 3 });
        labels.push(k % 3);
      }
      return { images, labels };
    };

    const frozen = createCnnClassifier(backbone, { head: [{ units: 8 }], freeze: 'all' });
    const frozenHistory = await trainCnn(frozen, data(6), { epochs: 1, batchSize: 6 });
    expect(Number.isFinite(frozenHistory.loss[0])).toBe(true);
    expect(Array.from(bn.movingMean.read().dataSync())).toEqual(meanBefore);

    // The last mixed block's batch norm trains, and what follows (cheap on pure JS).
    const open = createCnnClassifier(backbone, {
      head: [{ units: 8 }],
      freeze: 'batch_normalization_85',
    });
    const openHistory = await onCpuBackend(() =>
      trainCnn(open, data(6), { epochs: 1, batchSize: 6 }),
    );
    expect(Number.isFinite(openHistory.loss[0])).toBe(true);
    // Training moves the moving statistics toward the batch's, by 1 - momentum (0.01).
    expect(Array.from(bn.movingMean.read().dataSync())).not.toEqual(meanBefore);
    open.dispose(); // the backbone's tensors with it
  });

  it('refuses, with a typed error, to train convolutions on a backend without their gradients', async () => {
    const backbone = await createBackbone('resnet50', {
      weights: 'random',
      inputShape: [32, 32, 3],
      backend: 'wasm',
    });
    const classifier = createCnnClassifier(backbone, { freeze: 'none' });
    await expect(
      trainCnn(classifier, brightnessData(3), { epochs: 1 }),
    ).rejects.toMatchObject({
      code: 'FEATURES_BACKEND_UNAVAILABLE',
      message: expect.stringMatching(/wasm backend cannot train layer 'conv1_conv'/),
    });
    classifier.dispose();
  });

  it('repeats a run exactly with the same seeds, and not with another training seed', async () => {
    const backbone = await createBackbone('resnet50', {
      weights: 'random',
      seed: 12,
      inputShape: [32, 32, 3],
    });
    const run = async (trainingSeed: number) => {
      // A tanh head keeps the softmax out of saturation (the random backbone's features are
      // large), and SGD's steps follow the gradients, which depend on the batch order.
      const classifier = createCnnClassifier(backbone, {
        head: [{ units: 8, activation: 'tanh' }],
        optimizer: 'sgd',
        learningRate: 0.001,
        seed: 5,
      });
      const start = hashWeights(classifier.model);
      const history = await trainCnn(classifier, brightnessData(12), {
        epochs: 2,
        batchSize: 4,
        seed: trainingSeed,
      });
      const end = hashWeights(classifier.model);
      return { start, end, loss: history.loss };
    };
    const first = await run(1);
    const again = await run(1);
    const other = await run(2);
    expect(again).toEqual(first);
    // Same starting head (seed 5), another batch order: other weights at the end.
    expect(first.end).not.toBe(first.start);
    expect(other.start).toBe(first.start);
    expect(other.end).not.toBe(first.end);
    backbone.dispose();
  });

  it('rejects a seed or an epoch count that is not an integer', async () => {
    const backbone = await createBackbone('resnet50', {
      weights: 'random',
      inputShape: [32, 32, 3],
    });
    expect(() => createCnnClassifier(backbone, { seed: 0.5 })).toThrow(/seed 0.5/);
    const classifier = createCnnClassifier(backbone);
    await expect(
      trainCnn(classifier, brightnessData(3), { seed: Number.NaN }),
    ).rejects.toMatchObject({ code: 'FEATURES_INVALID_ARGUMENT' });
    await expect(
      trainCnn(classifier, brightnessData(3), { epochs: 0 }),
    ).rejects.toMatchObject({ code: 'FEATURES_INVALID_ARGUMENT' });
    classifier.dispose();
  });

  it('rejects labels outside the classes', async () => {
    const backbone = await createBackbone('resnet50', {
      weights: 'random',
      inputShape: [32, 32, 3],
    });
    const classifier = createCnnClassifier(backbone);
    const data = brightnessData(3);
    await expect(
      trainCnn(classifier, { images: data.images, labels: [0, 1, 3] }),
    ).rejects.toMatchObject({ code: 'FEATURES_TRAINING_DATA' });
    classifier.dispose();
  });
});

describe('predictCnn', () => {
  it("gives each image's softmax probabilities, as model.predict on preprocessed input", async () => {
    const backbone = await createBackbone('resnet50', {
      weights: 'random',
      seed: 15,
      inputShape: [32, 32, 3],
    });
    const classifier = createCnnClassifier(backbone, { seed: 3 });
    const { images } = brightnessData(5);
    const result = await predictCnn(classifier, images, { batchSize: 2 });
    expect([result.rows, result.classes, result.probabilities.length]).toEqual([
      5, 3, 15,
    ]);
    for (let r = 0; r < 5; r++) {
      const row = result.probabilities.subarray(r * 3, r * 3 + 3);
      expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    }
    // The reference: Keras's ResNet50 preprocessing ('caffe': RGB to BGR, ImageNet means
    // subtracted, on 0-255 values) by hand, then the whole model at once.
    const means = [103.939, 116.779, 123.68];
    const input = new Float32Array(5 * 32 * 32 * 3);
    images.forEach((image, n) => {
      for (let p = 0; p < 32 * 32; p++)
        for (let c = 0; c < 3; c++)
          input[(n * 1024 + p) * 3 + c] = image.data[p * 3 + (2 - c)] * 255 - means[c];
    });
    const expected = tf.tidy(() =>
      (
        classifier.model.predict(tf.tensor4d(input, [5, 32, 32, 3])) as tf.Tensor
      ).dataSync(),
    );
    for (let i = 0; i < 15; i++)
      expect(result.probabilities[i]).toBeCloseTo(expected[i], 5);
    await expect(
      predictCnn(classifier, [
        { data: new Float32Array(12), width: 2, height: 2, channels: 3 },
      ]),
    ).rejects.toMatchObject({ code: 'FEATURES_INPUT_MISMATCH' });
    classifier.dispose();
  });
});

describe('NadamOptimizer', () => {
  it("takes Keras's first Nadam step", () => {
    // Hand derivation from keras/optimizers/nadam.py at t = 1 with g = 2w (loss sum(w^2)),
    // beta1 0.9, beta2 0.999, epsilon 1e-7:
    // mu1 = 0.9 (1 - 0.5 * 0.96^0.004), mu2 = 0.9 (1 - 0.5 * 0.96^0.008),
    // m = 0.1 g, v = 0.001 g^2, v' = v / (1 - 0.999) = g^2,
    // m_bar = (1 - mu1) g / (1 - mu1) + mu2 * m / (1 - mu1 mu2) = g + 0.1 mu2 g / (1 - mu1 mu2),
    // w1 = w - lr * m_bar / (|g| + epsilon).
    const lr = 0.01;
    const w = tf.variable(tf.tensor1d([1, -2]));
    const optimizer = new NadamOptimizer(lr);
    optimizer.minimize(() => tf.sum(tf.square(w)));
    const mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004));
    const mu2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.008));
    const expected = [1, -2].map((w0) => {
      const g = 2 * w0;
      const mBar = g + (0.1 * mu2 * g) / (1 - mu1 * mu2);
      return w0 - (lr * mBar) / (Math.abs(g) + 1e-7);
    });
    const actual = Array.from(w.dataSync());
    actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i], 6));
    optimizer.dispose();
    w.dispose();
  });
});
