import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  cachedOnnxModel,
  createBackbone,
  createOnnxEngine,
  FeaturesError,
  loadOnnxRuntime,
  onnxModelFileName,
  resolveEngine,
  selectBackend,
  type Backbone,
} from '@calvaria/features';
import { tfSamePadding } from '../src/onnx/tf-same-padding.js';

let folder: string;
let backbone: Backbone;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'calvaria-onnx-engine-'));
  await selectBackend('auto');
  backbone = await createBackbone('resnet50', {
    weights: 'random',
    seed: 4,
    inputShape: [32, 32, 3],
  });
});

afterAll(async () => {
  backbone.dispose();
  await rm(folder, { recursive: true, force: true });
});

function batchOf(count: number): Float32Array {
  return Float32Array.from(
    { length: count * 32 * 32 * 3 },
    (_, i) => Math.cos(i * 0.05) * 100,
  );
}

async function expectError(
  promise: Promise<unknown>,
  code: string,
): Promise<FeaturesError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeaturesError);
  expect((error as FeaturesError).code).toBe(code);
  return error as FeaturesError;
}

describe('createOnnxEngine', () => {
  it('caches the export under onnx/, keyed by backbone, input shape, pooling and weights hash', async () => {
    const cacheDir = path.join(folder, 'cache-key');
    const first = await cachedOnnxModel(backbone, cacheDir);
    const second = await cachedOnnxModel(backbone, cacheDir);

    expect(first.exported).toBe(true);
    expect(second.exported).toBe(false);
    expect(second.path).toBe(first.path);
    expect(path.dirname(first.path)).toBe(path.join(cacheDir, 'onnx'));
    expect(path.basename(first.path)).toBe(onnxModelFileName(backbone));
    expect(path.basename(first.path)).toMatch(
      new RegExp(
        `^resnet50-32x32x3-avg-${backbone.weights.sha256.slice(0, 16)}-v1\\.onnx$`,
      ),
    );
  });

  it('exports afresh when the weights change after loading', async () => {
    const cacheDir = path.join(folder, 'cache-change');
    const other = await createBackbone('resnet50', {
      weights: 'random',
      seed: 5,
      inputShape: [32, 32, 3],
    });
    try {
      const before = await cachedOnnxModel(other, cacheDir);
      const layer = other.model.getLayer('conv1_conv');
      const [kernel, bias] = layer.getWeights();
      layer.setWeights([tf.mul(kernel, 2), bias]);
      const after = await cachedOnnxModel(other, cacheDir);
      expect(after.exported).toBe(true);
      expect(after.path).not.toBe(before.path);
    } finally {
      other.dispose();
    }
  });

  it('reuses the cached model file when a second engine starts', async () => {
    const cacheDir = path.join(folder, 'cache-reuse');
    const engine = await createOnnxEngine(backbone, {
      cacheDir,
      sessions: 1,
      threads: 1,
    });
    const [file] = await readdir(path.join(cacheDir, 'onnx'));
    const written = (await stat(path.join(cacheDir, 'onnx', file))).mtimeMs;
    await engine.dispose();

    const again = await createOnnxEngine(backbone, { cacheDir, sessions: 1, threads: 1 });
    await again.dispose();
    expect(await readdir(path.join(cacheDir, 'onnx'))).toEqual([file]);
    expect((await stat(path.join(cacheDir, 'onnx', file))).mtimeMs).toBe(written);
  });

  it('gives the same features from two worker sessions as from one session', async () => {
    // Three images split 2 + 1 between the workers; the reference is the single session.
    const cacheDir = path.join(folder, 'cache-sessions');
    const single = await createOnnxEngine(backbone, {
      cacheDir,
      sessions: 1,
      threads: 1,
    });
    const double = await createOnnxEngine(backbone, {
      cacheDir,
      sessions: 2,
      threads: 1,
    });
    try {
      const batch = batchOf(3);
      const expected = await single.run(batch, 3);
      const actual = await double.run(batch, 3);
      expect(expected.length).toBe(3 * 2048);
      expect(actual).toEqual(expected);
    } finally {
      await single.dispose();
      await double.dispose();
    }
  });

  it('refuses a batch whose length does not match the image count', async () => {
    const engine = await createOnnxEngine(backbone, {
      cacheDir: path.join(folder, 'cache-mismatch'),
      sessions: 1,
      threads: 1,
    });
    try {
      await expectError(engine.run(batchOf(2), 3), 'FEATURES_INPUT_MISMATCH');
    } finally {
      await engine.dispose();
    }
  });

  it('refuses a thread or session count below one', async () => {
    await expectError(
      createOnnxEngine(backbone, { threads: 0 }),
      'FEATURES_INVALID_ARGUMENT',
    );
    await expectError(
      createOnnxEngine(backbone, { sessions: 1.5 }),
      'FEATURES_INVALID_ARGUMENT',
    );
  });
});

describe('loadOnnxRuntime', () => {
  it('says how to install the optional runtime when it is missing', async () => {
    const error = await expectError(
      loadOnnxRuntime('onnxruntime-node-that-is-not-installed'),
      'FEATURES_ONNX_RUNTIME_MISSING',
    );
    expect(error.message).toContain('ONNXRUNTIME_NODE_INSTALL=skip');
    expect(error.cause).toBeDefined();
  });
});

describe('resolveEngine', () => {
  it("runs ONNX Runtime for 'onnx', and for 'auto' when onnxruntime-node is installed", async () => {
    process.env.CALVARIA_CACHE = path.join(folder, 'cache-resolve');
    for (const choice of ['onnx', 'auto'] as const) {
      const engine = await resolveEngine(backbone, choice, {
        onnx: { sessions: 1, threads: 1 },
      });
      expect(engine.name).toBe('onnx');
      await engine.dispose();
    }
  });
});

describe('tfSamePadding', () => {
  // Hand derivations of TensorFlow's rule: out = ceil(n / s), total = (out - 1) s + k - n.
  it('pads symmetrically for an odd kernel at stride 1', () => {
    expect(tfSamePadding(7, 3, 1)).toEqual([1, 1]);
  });

  it('puts the extra cell at the end for an even input at stride 2', () => {
    // n = 224, k = 3, s = 2: out 112, total 111 * 2 + 3 - 224 = 1.
    expect(tfSamePadding(224, 3, 2)).toEqual([0, 1]);
  });

  it('widens the kernel by its dilation', () => {
    // n = 10, k = 3, d = 2 (effective 5), s = 1: total 4.
    expect(tfSamePadding(10, 3, 1, 2)).toEqual([2, 2]);
  });

  it('never pads negatively', () => {
    expect(tfSamePadding(9, 1, 3)).toEqual([0, 0]);
  });
});
