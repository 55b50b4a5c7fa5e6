import type { Image2D } from '@calvaria/dicom-hu';
import { checkImage } from './check-image.js';
import { PreprocessError } from './preprocess-error.js';

/**
 * The Daubechies-2 decomposition high-pass filter, as PyWavelets 1.1 stores it
 * (`pywt.Wavelet('db2').dec_hi`).
 */
const DB2_DEC_HI = [
  -0.48296291314453416, 0.8365163037378079, -0.2241438680420134, -0.12940952255126037,
];

/**
 * The 75th percentile of the standard normal distribution, `scipy.stats.norm.ppf(0.75)`.
 */
const NORMAL_QUARTILE = 0.6744897501960817;

/**
 * Index into a half-sample symmetric extension of a signal of length `n` (`d c b a | a b
 * c d`).
 */
function symmetricIndex(index: number, n: number): number {
  const period = 2 * n;
  let k = index % period;
  if (k < 0) k += period;
  return k < n ? k : period - 1 - k;
}

/**
 * Where each output of one detail line reads: 4 filter taps per output, in summation
 * order.
 */
interface DetailPlan {
  /** Number of outputs, `floor((n + 3) / 2)`. */
  readonly length: number;
  /** Filter coefficient of each tap. */
  readonly coefficients: Float64Array;
  /**
   * Input sample of each tap, already mapped into the signal by the symmetric extension.
   */
  readonly samples: Int32Array;
}

/**
 * Plans one level of the decimated DWT detail band along a line of `n` samples: the full
 * convolution of the symmetric-extended signal with the high-pass filter, odd positions
 * kept, each output's taps listed in the order that PyWavelets'
 * `downsampling_convolution` sums them, so that exact zeros stay exact and every sum
 * rounds the same way.
 */
function planDetailLine(n: number): DetailPlan {
  const f = DB2_DEC_HI;
  const taps = f.length;
  const length = Math.floor((n + taps - 1) / 2);
  const coefficients = new Float64Array(length * taps);
  const samples = new Int32Array(length * taps);
  for (let o = 0; o < length; o++) {
    const i = 2 * o + 1;
    let t = o * taps;
    let j = 0;
    // Past the end PyWavelets sums the right-hand extension first, nearest sample
    // outwards, while the filter index counts down; then the in-signal samples, filter
    // index counting up.
    for (; i - j >= n && j < taps; j++, t++) {
      coefficients[t] = f[i - n - j];
      samples[t] = symmetricIndex(n + j, n);
    }
    for (; j < taps; j++, t++) {
      coefficients[t] = f[j];
      samples[t] = symmetricIndex(i - j, n);
    }
  }
  return { length, coefficients, samples };
}

/**
 * Moves the k-th smallest value (zero-based) of an array to index k, smaller or equal
 * values before it and larger or equal ones after it (Hoare's selection with a
 * median-of-three pivot), and returns it; linear time on average, where sorting would be
 * n log n.
 */
function selectInPlace(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const a = values[lo];
    const b = values[mid];
    const c = values[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k];
}

/**
 * Estimates the standard deviation of additive Gaussian noise in an image, exactly as
 * scikit-image 0.19's `skimage.restoration.estimate_sigma` does for a single-channel
 * image.
 *
 * Method (Donoho and Johnstone 1994, "Ideal spatial adaptation by wavelet shrinkage",
 * section 4.2): one level of the 2-D discrete wavelet transform with the Daubechies-2
 * wavelet and half-sample symmetric extension (`pywt.dwtn(image, 'db2')`, mode
 * `symmetric`), the finest diagonal detail band (`'dd'`), coefficients that are exactly
 * zero dropped, and
 * `median(|d|) / Phi^-1(0.75)` with `Phi^-1(0.75) = 0.6744897501960817`.
 *
 * Computed in float64 from the float32 pixels; this equals scikit-image given the same
 * pixels as a float64 array (for a float32 array PyWavelets computes in float32, which
 * differs in the seventh significant digit).
 *
 * @param image - the image, in any units (the estimate has the same units: HU for CT)
 * @returns the noise standard deviation estimate, in the image's units
 * @throws PreprocessError as the input checks describe, and `PREPROCESS_INVALID_OPTION`
 *   when every diagonal coefficient is zero (a constant image has no measurable noise)
 */
export function estimateNoiseSigma(image: Image2D): number {
  checkImage(image, 'estimateNoiseSigma');
  const { width, height, pixels } = image;

  // Axis 0 first (down each column), as pywt.dwtn does, a whole row of columns at a time;
  // then axis 1 (along each row). Each sum adds its 4 taps left to right, as the plan
  // lists.
  const down = planDetailLine(height);
  const across = planDetailLine(width);
  const firstPass = new Float64Array(down.length * width);
  for (let o = 0; o < down.length; o++) {
    const c = down.coefficients;
    const r = down.samples;
    const t = 4 * o;
    const [c0, c1, c2, c3] = [c[t], c[t + 1], c[t + 2], c[t + 3]];
    const [r0, r1, r2, r3] = [
      r[t] * width,
      r[t + 1] * width,
      r[t + 2] * width,
      r[t + 3] * width,
    ];
    const base = o * width;
    for (let x = 0; x < width; x++) {
      firstPass[base + x] =
        c0 * pixels[r0 + x] +
        c1 * pixels[r1 + x] +
        c2 * pixels[r2 + x] +
        c3 * pixels[r3 + x];
    }
  }
  const detail = new Float64Array(down.length * across.length);
  const c = across.coefficients;
  const k = across.samples;
  let count = 0;
  for (let y = 0; y < down.length; y++) {
    const base = y * width;
    for (let o = 0, t = 0; o < across.length; o++, t += 4) {
      const v =
        c[t] * firstPass[base + k[t]] +
        c[t + 1] * firstPass[base + k[t + 1]] +
        c[t + 2] * firstPass[base + k[t + 2]] +
        c[t + 3] * firstPass[base + k[t + 3]];
      if (v !== 0) detail[count++] = Math.abs(v);
    }
  }

  if (count === 0) {
    throw new PreprocessError(
      'PREPROCESS_INVALID_OPTION',
      `estimateNoiseSigma: all diagonal wavelet coefficients of the ${width}x${height} image ` +
        'are zero (a constant or piecewise-constant image); there is no noise to estimate.',
    );
  }
  const magnitudes = detail.subarray(0, count);
  const half = count >> 1;
  const upper = selectInPlace(magnitudes, half);
  // For an even count the lower middle value is the largest of those left below it.
  let lower = upper;
  if (count % 2 === 0) {
    lower = magnitudes[0];
    for (let i = 1; i < half; i++) if (magnitudes[i] > lower) lower = magnitudes[i];
  }
  const median = count % 2 === 1 ? upper : (lower + upper) / 2;
  return median / NORMAL_QUARTILE;
}
