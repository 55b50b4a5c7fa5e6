import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';

/** MurmurHash3's 32-bit finaliser (Appleby, MurmurHash3 `fmix32`). */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a 32-bit hash of an ASCII string (Fowler, Noll, Vo). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Uniform values in [0, 1) with 24 random bits each, counter-based so that any language
 * with 32-bit integer arithmetic reproduces them exactly: value `i` of the stream named
 * `name` under `seed` is `fmix32(i * 0x9E3779B1 + fmix32(seed ^ fnv1a(name))) >>> 8` /
 * 2^24. `tools/golden/features-torch.py` implements the same generator.
 *
 * @param seed - The seed, a 32-bit unsigned integer.
 * @param name - The stream name (a weight's Keras name, e.g. `conv1_conv/kernel`).
 * @param count - How many values.
 * @returns The values, exactly representable in float32.
 */
export function seededUniform(seed: number, name: string, count: number): Float64Array {
  const base = fmix32((seed >>> 0) ^ fnv1a(name));
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const x = fmix32((Math.imul(i, 0x9e3779b1) + base) >>> 0);
    out[i] = (x >>> 8) / 16_777_216;
  }
  return out;
}

function fanIn(role: string, shape: number[]): number {
  if (role === 'depthwise_kernel') return shape[0] * shape[1];
  return shape.slice(0, -1).reduce((a, b) => a * b, 1);
}

/**
 * Seeded weight values for one variable, by its role (the last part of its Keras name):
 * kernels uniform in +-sqrt(6 / fan-in) (He et al. 2015's uniform bound), biases, betas
 * and moving means in +-0.1, gammas in 1 +- 0.1, moving variances in 1 +- 0.25.
 *
 * @param seed - The seed.
 * @param weightName - The Keras weight name, `layer/role`.
 * @param shape - The weight's shape.
 * @returns The values as float32.
 */
export function seededWeightValues(
  seed: number,
  weightName: string,
  shape: number[],
): Float32Array {
  const role = weightName.slice(weightName.lastIndexOf('/') + 1);
  const size = shape.reduce((a, b) => a * b, 1);
  const u = seededUniform(seed, weightName, size);
  const out = new Float32Array(size);
  let centre = 0;
  let halfWidth = 0.1;
  if (role.endsWith('kernel')) halfWidth = Math.sqrt(6 / fanIn(role, shape));
  else if (role === 'gamma') centre = 1;
  else if (role === 'moving_variance') {
    centre = 1;
    halfWidth = 0.25;
  }
  for (let i = 0; i < size; i++) out[i] = centre + (2 * u[i] - 1) * halfWidth;
  return out;
}

/**
 * Sets every weight of a model from {@link seededWeightValues}, named by each variable's
 * Keras name.
 *
 * @param model - The model to fill.
 * @param seed - The seed.
 */
export function setSeededWeights(model: LayersModel, seed: number): void {
  for (const layer of model.layers) {
    const weights = layer.weights;
    if (weights.length === 0) continue;
    const values = weights.map((w) =>
      tf.tensor(
        seededWeightValues(seed, w.originalName, w.shape as number[]),
        w.shape as number[],
      ),
    );
    layer.setWeights(values);
    tf.dispose(values);
  }
}
