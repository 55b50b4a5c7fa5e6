import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { ChannelImage } from '@calvaria/preprocess';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createBackbone,
  extractFeatures,
  fileSystemIO,
  selectBackend,
} from '@calvaria/features';

/** Largest absolute difference over the largest reference magnitude. */
function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return difference / scale;
}

/** Two fixed images in [0, 1], as @calvaria/preprocess makes them. */
function fixedImages(side: number): ChannelImage[] {
  return [0, 1].map((k) => ({
    width: side,
    height: side,
    channels: 3,
    data: Float32Array.from(
      { length: side * side * 3 },
      (_, i) => 0.5 + 0.5 * Math.sin(i * (0.013 + 0.007 * k) + k),
    ),
  }));
}

/** The smallest input each backbone takes without its top (Keras Applications). */
const sides = {
  resnet50: 32,
  xception: 71,
  inceptionV3: 75,
  inceptionResNetV2: 75,
} as const;
const names = Object.keys(sides) as (keyof typeof sides)[];

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'calvaria-onnx-backbones-'));
  process.env.CALVARIA_CACHE = path.join(folder, 'cache');
  await selectBackend('auto');
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("engine 'onnx' on the four backbones", () => {
  // The reference is the same backbone on TensorFlow.js (itself checked against Keras's
  // layout and a PyTorch reference by the features tests); the tolerance is 1e-4 of
  // the largest feature. "Loaded" weights go through a tfjs model folder and the loader.
  for (const name of names) {
    it(`gives the TensorFlow.js features of ${name}, with seeded and with loaded weights`, async () => {
      const side = sides[name];
      const options = {
        inputShape: [side, side, 3] as [number, number, 3],
        pooling: name === 'xception' ? ('max' as const) : ('avg' as const),
      };
      const images = fixedImages(side);
      const seeded = await createBackbone(name, {
        ...options,
        weights: 'random',
        seed: 11,
      });
      const weightsFolder = path.join(folder, `${name}-weights`);
      let reference;
      try {
        reference = await extractFeatures(images, {
          backbone: seeded,
          engine: 'tfjs',
          batchSize: 2,
        });
        const onnx = await extractFeatures(images, {
          backbone: seeded,
          engine: 'onnx',
          batchSize: 2,
        });
        expect(reference.engine).toMatch(/^tfjs-/);
        expect(onnx.engine).toBe('onnx');
        expect(onnx.rows).toBe(2);
        expect(onnx.columns).toBe(seeded.featureSize);
        expect(maxRelativeError(onnx.features, reference.features)).toBeLessThan(1e-4);
        await seeded.model.save(fileSystemIO(weightsFolder));
      } finally {
        seeded.dispose();
      }

      const loaded = await createBackbone(name, { ...options, weights: weightsFolder });
      try {
        expect(loaded.weights.kind).toBe('tfjs');
        const onnx = await extractFeatures(images, {
          backbone: loaded,
          engine: 'onnx',
          batchSize: 2,
        });
        expect(onnx.engine).toBe('onnx');
        expect(maxRelativeError(onnx.features, reference.features)).toBeLessThan(1e-4);
      } finally {
        loaded.dispose();
        await rm(weightsFolder, { recursive: true, force: true });
      }
    });
  }
});

describe("engine 'onnx' on weights read from a Keras .h5 file", () => {
  // The .h5 path is the one the ImageNet weights take; the fixture is written in Keras's
  // save_weights layout by tools/golden/features-h5.py (h5py), with values a network can run
  // on (positive variances, kernels scaled by their fan-in).
  it('gives the TensorFlow.js features of resnet50', async () => {
    const file = path.join(folder, 'resnet50-numeric.h5');
    await writeFile(
      file,
      brotliDecompressSync(
        readFileSync(new URL('./fixtures/resnet50-numeric.h5.br', import.meta.url)),
      ),
    );
    const backbone = await createBackbone('resnet50', {
      weights: file,
      inputShape: [32, 32, 3],
    });
    try {
      expect(backbone.weights.kind).toBe('h5');
      expect(backbone.weights.sha256).toBe(
        'd84181664ddb0253536d11329c4747b974cc88a54e9b3345a267f72d3c34cc79', // h5-weights.json
      );
      const images = fixedImages(32);
      const reference = await extractFeatures(images, {
        backbone,
        engine: 'tfjs',
        batchSize: 2,
      });
      const onnx = await extractFeatures(images, {
        backbone,
        engine: 'onnx',
        onnx: { sessions: 1 },
        batchSize: 2,
      });
      expect(onnx.engine).toBe('onnx');
      expect(reference.features.every(Number.isFinite)).toBe(true);
      expect(Math.max(...reference.features.map(Math.abs))).toBeGreaterThan(0);
      // These repeating-pattern weights are ill-conditioned in float32: TensorFlow.js's own
      // cpu and wasm backends differ by 8.7e-5 of the largest feature on them, and ONNX
      // Runtime by 1.6e-4 (measured 2026-12-03). The 1e-4 criterion is checked above on
      // seeded weights; this test checks the .h5 path end to end within 5e-4.
      expect(maxRelativeError(onnx.features, reference.features)).toBeLessThan(5e-4);
    } finally {
      backbone.dispose();
    }
  });
});
