import type { ChannelImage } from '@calvaria/preprocess';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBackbone,
  extractFeatures,
  imagenetMeanBgr,
  preprocessInput,
  type Backbone,
  type FeatureEngine,
} from '@calvaria/features';

function image(sizePx: number, fill: (i: number) => number): ChannelImage {
  const data = new Float32Array(sizePx * sizePx * 3);
  for (let i = 0; i < data.length; i++) data[i] = fill(i);
  return { data, width: sizePx, height: sizePx, channels: 3 };
}

describe('preprocessInput', () => {
  it("maps [0, 1] RGB to Keras's 'caffe' input: x 255, BGR order, minus the BGR means", () => {
    // keras.applications.imagenet_utils: x[..., ::-1] - [103.939, 116.779, 123.68].
    const out = preprocessInput(
      [{ data: new Float32Array([1, 0.5, 0]), width: 1, height: 1, channels: 3 }],
      'caffe',
    );
    expect(Array.from(out)).toEqual([
      Math.fround(0 - imagenetMeanBgr[0]),
      Math.fround(127.5 - imagenetMeanBgr[1]),
      Math.fround(255 - imagenetMeanBgr[2]),
    ]);
  });

  it("maps [0, 1] to Keras's 'tf' input [-1, 1]", () => {
    // keras.applications.imagenet_utils: x / 127.5 - 1 on the 0-255 scale.
    const out = preprocessInput(
      [{ data: new Float32Array([0, 0.5, 1]), width: 1, height: 1, channels: 3 }],
      'tf',
    );
    expect(Array.from(out)).toEqual([-1, 0, 1]);
  });
});

describe('extractFeatures', () => {
  let backbone: Backbone;
  beforeAll(async () => {
    backbone = await createBackbone('resnet50', {
      weights: 'random',
      seed: 1,
      inputShape: [32, 32, 3],
    });
  });
  afterAll(() => backbone.dispose());

  const images = Array.from({ length: 5 }, (_, k) =>
    image(32, (i) => ((i * (k + 3)) % 17) / 16),
  );

  it('returns one feature row per image, whatever the batch size', async () => {
    const one = await extractFeatures(images, { backbone, batchSize: 1 });
    const four = await extractFeatures(images, { backbone, batchSize: 4 });
    expect(one.rows).toBe(5);
    expect(one.columns).toBe(2048);
    expect(one.features.length).toBe(5 * 2048);
    for (let i = 0; i < one.features.length; i++) {
      expect(Math.abs(one.features[i] - four.features[i])).toBeLessThanOrEqual(
        1e-5 * Math.max(1, Math.abs(one.features[i])),
      );
    }
    expect(one).toMatchObject({
      backbone: 'resnet50',
      pooling: 'avg',
      preprocessing: 'caffe',
      weights: backbone.weights,
    });
    expect(['tfjs-wasm', 'tfjs-cpu', 'tfjs-node']).toContain(one.engine);
  });

  it('reads images from an async iterable', async () => {
    async function* stream() {
      for (const i of images) yield i;
    }
    const fromArray = await extractFeatures(images, { backbone, batchSize: 2 });
    const fromStream = await extractFeatures(stream(), { backbone, batchSize: 2 });
    expect(fromStream.rows).toBe(5);
    expect(Array.from(fromStream.features)).toEqual(Array.from(fromArray.features));
  });

  it('reports progress after each batch', async () => {
    const seen: Array<[number, number | undefined]> = [];
    await extractFeatures(images, {
      backbone,
      batchSize: 2,
      onProgress: (p) => seen.push([p.done, p.total]),
    });
    expect(seen).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const run = extractFeatures(images, {
      backbone,
      batchSize: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'FEATURES_ABORTED' });
  });

  it('rejects an image of another size with a message naming both sizes', async () => {
    await expect(extractFeatures([image(48, () => 0)], { backbone })).rejects.toThrow(
      /48x48x3 .* 32x32x3/,
    );
  });

  it('goes through the engine it is given and reports its name', async () => {
    const calls: number[] = [];
    const engine: FeatureEngine = {
      name: 'onnx',
      async run(batch, count) {
        calls.push(count);
        expect(batch.length).toBe(count * 32 * 32 * 3);
        return new Float32Array(count * 2048).fill(count);
      },
      async dispose() {},
    };
    const result = await extractFeatures(images, { backbone, batchSize: 3, engine });
    expect(calls).toEqual([3, 2]);
    expect(result.engine).toBe('onnx');
    expect(result.features[0]).toBe(3);
    expect(result.features[4 * 2048]).toBe(2);
  });

  it('keeps tensor count and memory flat over 200 batches', async () => {
    const tiny = [image(32, (i) => (i % 7) / 7)];
    const stream = function* () {
      for (let i = 0; i < 200; i++) yield tiny[0];
    };
    await extractFeatures(tiny, { backbone, batchSize: 1 });
    const tensorsBefore = tf.memory().numTensors;
    const tensorCounts: number[] = [];
    let rssAt20 = 0;
    let rssAt200 = 0;
    const result = await extractFeatures(stream(), {
      backbone,
      batchSize: 1,
      onProgress: ({ done }) => {
        tensorCounts.push(tf.memory().numTensors);
        if (done === 20) rssAt20 = process.memoryUsage().rss;
        if (done === 200) rssAt200 = process.memoryUsage().rss;
      },
    });
    expect(result.rows).toBe(200);
    expect(new Set(tensorCounts)).toEqual(new Set([tensorsBefore]));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // 180 further batches; a leak of one 32x32 activation set per batch would exceed this.
    expect(rssAt200 - rssAt20).toBeLessThan(48 * 1024 * 1024);
  });
});
