import { hash128 } from './prng.js';

/** Binomial smoothing kernel [1 4 6 4 1] / 16; its squared taps sum to 70 / 256. */
const T0 = 1 / 16;
const T1 = 4 / 16;
const T2 = 6 / 16;
const TAP_POWER = 70 / 256;
/** Variance of (u1 + u2 - 1) for two independent 16-bit uniforms: 2 / 12. */
const WHITE_VARIANCE = 1 / 6;
const NOISE_SCALE_PER_SD = 1 / Math.sqrt(WHITE_VARIANCE * TAP_POWER * TAP_POWER);

/**
 * Two work buffers per thread, reused between slices of the same size (no allocation).
 */
const buffers: Float32Array[] = [new Float32Array(0), new Float32Array(0)];

function scratch(which: 0 | 1, n: number): Float32Array {
  if (buffers[which].length !== n) buffers[which] = new Float32Array(n);
  return buffers[which];
}

function smoothRows(
  src: Float32Array,
  dst: Float32Array,
  width: number,
  height: number,
): void {
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const xm2 = x >= 2 ? x - 2 : 0;
      const xm1 = x >= 1 ? x - 1 : 0;
      const xp1 = x + 1 < width ? x + 1 : width - 1;
      const xp2 = x + 2 < width ? x + 2 : width - 1;
      dst[o + x] =
        T0 * src[o + xm2] +
        T1 * src[o + xm1] +
        T2 * src[o + x] +
        T1 * src[o + xp1] +
        T0 * src[o + xp2];
    }
  }
}

function smoothColumns(
  src: Float32Array,
  dst: Float32Array,
  width: number,
  height: number,
): void {
  for (let y = 0; y < height; y++) {
    const r0 = (y >= 2 ? y - 2 : 0) * width;
    const r1 = (y >= 1 ? y - 1 : 0) * width;
    const r2 = y * width;
    const r3 = (y + 1 < height ? y + 1 : height - 1) * width;
    const r4 = (y + 2 < height ? y + 2 : height - 1) * width;
    for (let x = 0; x < width; x++) {
      dst[r2 + x] =
        T0 * src[r0 + x] +
        T1 * src[r1 + x] +
        T2 * src[r2 + x] +
        T1 * src[r3 + x] +
        T0 * src[r4 + x];
    }
  }
}

/**
 * Adds spatially correlated CT-like noise to a slice in place and quantises it: white
 * noise (sum of two uniforms) smoothed by a separable 5-tap binomial kernel, scaled so
 * that its standard deviation in a uniform region is `sdHu`, then every pixel rounded as
 * `Math.round` does (floor(x + 0.5)) and clipped to [minHu, maxHu]. Neighbouring pixels
 * correlate (0.8 at one pixel, 0.4 at two, 0 beyond four), as reconstructed CT noise
 * does; the kernel works in pixels, so the correlation length is about two pixels
 * whatever the pixel size.
 *
 * @param hu - the noise-free slice, row-major; receives the noisy values (not yet
 *   rounded)
 * @param out - receives the rounded, clipped values (may be `hu` itself)
 * @param width - number of columns
 * @param height - number of rows
 * @param sdHu - wanted standard deviation, HU (0: no noise, rounding only)
 * @param key - the noise stream's key (e.g. seed, patient, slice)
 * @param minHu - lowest output value
 * @param maxHu - highest output value
 */
export function addNoiseAndQuantise(
  hu: Float32Array,
  out: Float32Array,
  width: number,
  height: number,
  sdHu: number,
  key: readonly (string | number)[],
  minHu: number,
  maxHu: number,
): void {
  const n = width * height;
  if (sdHu > 0) {
    // SFC32 inlined for speed (as in `createPrng`, seeded by hash128 of the key).
    let [a, b, c, d] = hash128('noise', ...key);
    const white = scratch(0, n);
    const scale = (sdHu * NOISE_SCALE_PER_SD) / 65536;
    for (let i = 0; i < n; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      white[i] = ((t & 0xffff) + (t >>> 16) - 65535) * scale;
    }
    const tmp = scratch(1, n);
    smoothRows(white, tmp, width, height);
    smoothColumns(tmp, white, width, height);
    for (let i = 0; i < n; i++) hu[i] += white[i];
  }
  // floor(x + 0.5) by truncation of a positive number: exact for |x| < 2^21.
  const offset = 0.5 - minHu;
  for (let i = 0; i < n; i++) {
    const x = hu[i];
    const v = x <= minHu ? minHu : ((x + offset) | 0) + minHu;
    out[i] = v > maxHu ? maxHu : v;
  }
}
