import { createHash } from 'node:crypto';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * SHA-256 of a model's weight values: every variable in layer order, as little-endian
 * float32 bytes. Two models with this hash equal carry bit-identical weights.
 *
 * @param model - The model.
 * @returns The hash, lowercase hex.
 */
export function hashWeights(model: LayersModel): string {
  const hash = createHash('sha256');
  for (const layer of model.layers) {
    for (const weight of layer.weights) {
      const values = weight.read().dataSync() as Float32Array;
      hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    }
  }
  return hash.digest('hex');
}
