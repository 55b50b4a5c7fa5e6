import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackbone, fileSystemIO, hashWeights } from '@calvaria/features';

/** Written by tools/golden/features-h5.py with h5py, in Keras's save_weights layout. */
const h5Fixture = JSON.parse(
  readFileSync(new URL('./fixtures/h5-weights.json', import.meta.url), 'utf8'),
) as {
  files: Record<string, { sha256?: string; firstMismatch?: string }>;
  spotValues: Record<string, number[]>;
};

const scratch = mkdtempSync(path.join(tmpdir(), 'calvaria-features-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function expandFixture(name: string): string {
  const compressed = readFileSync(new URL(`./fixtures/${name}.br`, import.meta.url));
  const file = path.join(scratch, name);
  writeFileSync(file, brotliDecompressSync(compressed));
  return file;
}

describe('Keras .h5 weights', () => {
  it('loads a Keras-layout ResNet50 file bit for bit', async () => {
    const file = expandFixture('resnet50-keras.h5');
    const backbone = await createBackbone('resnet50', {
      weights: file,
      inputShape: [32, 32, 3],
    });
    expect(backbone.weights).toEqual({
      kind: 'h5',
      source: file,
      sha256: h5Fixture.files['resnet50-keras.h5'].sha256,
    });
    const kernel = backbone.model.getLayer('conv1_conv').getWeights()[0].dataSync();
    expect(Array.from(kernel.slice(0, 4))).toEqual(
      h5Fixture.spotValues['conv1_conv/kernel'],
    );
    backbone.dispose();
  });

  it('pairs layers in order when the file uses Keras 2.0 names (Inception-v3)', async () => {
    const file = expandFixture('inception-v3-legacy-names.h5');
    const backbone = await createBackbone('inceptionV3', {
      weights: file,
      inputShape: [75, 75, 3],
    });
    expect(backbone.weights.sha256).toBe(
      h5Fixture.files['inception-v3-legacy-names.h5'].sha256,
    );
    backbone.dispose();
  });

  it('names the first layer whose weights do not fit', async () => {
    const file = expandFixture('resnet50-wrong-shape.h5');
    const expected = h5Fixture.files['resnet50-wrong-shape.h5'].firstMismatch!;
    const failure = createBackbone('resnet50', {
      weights: file,
      inputShape: [32, 32, 3],
    });
    await expect(failure).rejects.toMatchObject({
      code: 'FEATURES_WEIGHTS_MISMATCH',
      message: expect.stringContaining(`'${expected}'`),
    });
  });

  it('refuses a file of another backbone', async () => {
    const file = path.join(scratch, 'resnet50-keras.h5');
    await expect(
      createBackbone('xception', { weights: file, inputShape: [71, 71, 3] }),
    ).rejects.toMatchObject({ code: 'FEATURES_WEIGHTS_MISMATCH' });
  });

  it('reports an unreadable file with a typed error', async () => {
    const file = path.join(scratch, 'not-hdf5.h5');
    writeFileSync(file, 'plain text');
    await expect(
      createBackbone('resnet50', { weights: file, inputShape: [32, 32, 3] }),
    ).rejects.toMatchObject({ code: 'FEATURES_WEIGHTS_READ_FAILED' });
  });
});

describe('seeded random weights', () => {
  it('gives the same weights for the same seed and says which were used', async () => {
    const a = await createBackbone('resnet50', {
      weights: 'random',
      seed: 3,
      inputShape: [32, 32, 3],
    });
    const b = await createBackbone('resnet50', {
      weights: 'random',
      seed: 3,
      inputShape: [32, 32, 3],
    });
    const c = await createBackbone('resnet50', {
      weights: 'random',
      seed: 4,
      inputShape: [32, 32, 3],
    });
    expect(a.weights).toMatchObject({ kind: 'random', source: 'seeded', seed: 3 });
    expect(a.weights.sha256).toBe(b.weights.sha256);
    expect(a.weights.sha256).not.toBe(c.weights.sha256);
    [a, b, c].forEach((x) => x.dispose());
  });
});

describe('TensorFlow.js layers-model folders', () => {
  it('writes a backbone and reads its weights back bit for bit', async () => {
    const folder = path.join(scratch, 'resnet50-tfjs');
    const original = await createBackbone('resnet50', {
      weights: 'random',
      seed: 9,
      inputShape: [32, 32, 3],
    });
    await original.model.save(fileSystemIO(folder));
    const copy = await createBackbone('resnet50', {
      weights: folder,
      inputShape: [32, 32, 3],
    });
    expect(copy.weights).toMatchObject({ kind: 'tfjs', source: folder });
    expect(copy.weights.sha256).toBe(original.weights.sha256);
    original.dispose();
    copy.dispose();
  });

  it('round-trips Inception-ResNet-v2 through tf.loadLayersModel, ResidualScale included', async () => {
    const folder = path.join(scratch, 'irv2-tfjs');
    const original = await createBackbone('inceptionResNetV2', {
      weights: 'random',
      seed: 5,
      inputShape: [75, 75, 3],
    });
    await original.model.save(fileSystemIO(folder));
    const loaded = await tfl.loadLayersModel(fileSystemIO(folder));
    expect(hashWeights(loaded)).toBe(original.weights.sha256);
    expect(loaded.getLayer('block35_1').getClassName()).toBe('ResidualScale');
    const x = tf.randomUniform([1, 75, 75, 3], -1, 1, 'float32', 1);
    const a = original.model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    loaded.dispose();
    original.dispose();
  });
});

describe('ImageNet weights', () => {
  it('says which file to place where when it cannot download', async () => {
    const cacheDir = path.join(scratch, 'cache-offline');
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const failure = createBackbone('resnet50', {
      weights: 'imagenet',
      cacheDir,
      fetch: offline,
      inputShape: [32, 32, 3],
    });
    await expect(failure).rejects.toMatchObject({
      code: 'FEATURES_WEIGHTS_UNAVAILABLE',
      message: expect.stringContaining(
        path.join(
          cacheDir,
          'keras-applications',
          'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
        ),
      ),
    });
  });

  it('downloads from Keras, caches the file and rejects one whose hash is not Keras’s', async () => {
    const cacheDir = path.join(scratch, 'cache-corrupt');
    const requested: string[] = [];
    const fakeFetch = (async (url: string) => {
      requested.push(url);
      return new Response('not the weights');
    }) as unknown as typeof fetch;
    await expect(
      createBackbone('inceptionV3', { weights: 'imagenet', cacheDir, fetch: fakeFetch }),
    ).rejects.toMatchObject({ code: 'FEATURES_WEIGHTS_HASH_MISMATCH' });
    // Published address and MD5 from keras/applications/inception_v3.py.
    expect(requested).toEqual([
      'https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5',
    ]);
    const cached = path.join(
      cacheDir,
      'keras-applications',
      'inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5',
    );
    expect(readFileSync(cached, 'utf8')).toBe('not the weights');
  });
});
