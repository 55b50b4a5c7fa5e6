import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Backbone } from '../backbone.js';
import { defaultCacheDir } from '../imagenet-weights.js';
import { hashWeights } from '../weights-hash.js';
import { exportOnnx, ONNX_EXPORT_FORMAT_VERSION } from './export-onnx.js';

/**
 * The file name of a backbone's exported ONNX model: backbone name, input shape, pooling,
 * the first 16 hex digits of the SHA-256 of its weight values, and the export format
 * version, so that any change to one of them makes a new file.
 * @param backbone - The backbone.
 * @param weightsSha256 - The weights hash (default: the backbone's own record of it).
 * @returns For example `resnet50-224x224x3-avg-1a2b3c4d5e6f7a8b-v1.onnx`.
 */
export function onnxModelFileName(backbone: Backbone, weightsSha256?: string): string {
  const hash = (weightsSha256 ?? backbone.weights.sha256).slice(0, 16);
  const shape = backbone.inputShape.join('x');
  return `${backbone.name}-${shape}-${backbone.pooling}-${hash}-v${ONNX_EXPORT_FORMAT_VERSION}.onnx`;
}

/**
 * Returns the path of a backbone's ONNX model in the cache (`<cache>/onnx/`, next to the
 * weights), exporting it first when absent. The key uses a hash of the weights as they
 * are now, so weights changed after loading (for example by fine-tuning) are exported
 * afresh.
 * @param backbone - The backbone.
 * @param cacheDir - The cache folder; default `defaultCacheDir()` (`CALVARIA_CACHE` or
 *   the user cache folder).
 * @returns The model file's path and whether it was exported by this call.
 * @throws {@link FeaturesError} `FEATURES_ONNX_UNSUPPORTED_LAYER` when export fails.
 */
export async function cachedOnnxModel(
  backbone: Backbone,
  cacheDir: string = defaultCacheDir(),
): Promise<{ path: string; exported: boolean }> {
  const file = path.join(
    cacheDir,
    'onnx',
    onnxModelFileName(backbone, hashWeights(backbone.model)),
  );
  if (existsSync(file)) return { path: file, exported: false };
  await exportOnnx(backbone, file);
  return { path: file, exported: true };
}
