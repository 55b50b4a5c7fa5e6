import { describe, expect, it } from 'vitest';
import {
  createBackbone,
  createTfjsEngine,
  createTfjsWorkerEngine,
  extractFeatures,
} from '@calvaria/features';

// The workers load the built dist/tfjs-worker.js: `pnpm test` builds before it runs vitest.
describe('TensorFlow.js worker-thread engine', () => {
  it('gives the in-process features, a batch split across two workers', async () => {
    const backbone = await createBackbone('resnet50', {
      weights: 'random',
      seed: 21,
      inputShape: [32, 32, 3],
    });
    const images = Array.from({ length: 3 }, (_, k) => ({
      data: Float32Array.from({ length: 32 * 32 * 3 }, (_, i) => ((i + k * 7) % 11) / 10),
      width: 32,
      height: 32,
      channels: 3,
    }));
    const inProcess = await extractFeatures(images, {
      backbone,
      batchSize: 3,
      engine: await createTfjsEngine(backbone, 'wasm'),
    });
    const engine = await createTfjsWorkerEngine(backbone, {
      workers: 2,
      backend: 'wasm',
    });
    try {
      const split = await extractFeatures(images, { backbone, batchSize: 3, engine });
      expect(split.engine).toBe('tfjs-wasm');
      // Same backend and weights: equal up to float32 summation order (measured identical).
      for (let i = 0; i < split.features.length; i++) {
        expect(Math.abs(split.features[i] - inProcess.features[i])).toBeLessThanOrEqual(
          1e-5 * Math.max(1, Math.abs(inProcess.features[i])),
        );
      }
    } finally {
      await engine.dispose();
      backbone.dispose();
    }
  });
});
