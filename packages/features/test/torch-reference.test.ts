import { readFileSync } from 'node:fs';
import type { ChannelImage } from '@calvaria/preprocess';
import { describe, expect, it } from 'vitest';
import {
  createBackbone,
  extractFeatures,
  seededUniform,
  type BackboneName,
  type Pooling,
} from '@calvaria/features';

/** Written by tools/golden/features-torch.py: the four backbones re-implemented in PyTorch
 *  (float64), the same seeded weights, Keras's input preprocessing. */
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/torch-features.json', import.meta.url), 'utf8'),
) as {
  weightSeed: number;
  inputSeed: number;
  images: number;
  cases: Array<{
    backbone: BackboneName;
    inputShape: [number, number, 3];
    pooling: Pooling;
    features: number[][];
  }>;
};

function fixtureImages(size: number): ChannelImage[] {
  return Array.from({ length: fixture.images }, (_, k) => ({
    data: Float32Array.from(
      seededUniform(fixture.inputSeed, `input/${k}`, size * size * 3),
    ),
    width: size,
    height: size,
    channels: 3,
  }));
}

describe('features against an independent PyTorch implementation', () => {
  for (const c of fixture.cases) {
    it(`matches ${c.backbone} (${c.inputShape[0]} px, ${c.pooling} pooling) to 1e-4 relative to the feature scale`, async () => {
      const backbone = await createBackbone(c.backbone, {
        weights: 'random',
        seed: fixture.weightSeed,
        inputShape: c.inputShape,
        pooling: c.pooling,
      });
      try {
        const result = await extractFeatures(fixtureImages(c.inputShape[0]), {
          backbone,
          batchSize: 2,
        });
        expect(result.rows).toBe(fixture.images);
        c.features.forEach((expected, row) => {
          const actual = result.features.subarray(
            row * result.columns,
            (row + 1) * result.columns,
          );
          const scale = Math.max(...expected.map(Math.abs));
          // Relative error: the largest deviation over the largest reference magnitude of
          // the feature vector (measured about 1e-6 on wasm; float32 against float64).
          let worst = 0;
          expected.forEach((e, j) => {
            worst = Math.max(worst, Math.abs(actual[j] - e) / scale);
          });
          expect(worst).toBeLessThan(1e-4);
        });
      } finally {
        backbone.dispose();
      }
    });
  }
});
