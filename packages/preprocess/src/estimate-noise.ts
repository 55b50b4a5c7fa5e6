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

/** The 75th percentile of the standard normal distribution, `scipy.stats.norm.ppf(0.75)`. */
const NORMAL_QUARTILE = 0.6744897501960817;

/** Index into a half-sample symmetric extension of a signal of length `n` (`d c b a | a b c d`). */
function symmetricIndex(index: number, n: number): number {
  const period = 2 * n;
  let k = index % period;
  if (k < 0) k += period;
  return k < n ? k : period - 1 - k;
}

/**
 * One level of the decimated DWT detail band along a line: the full convolution of the
 * symmetric-extended signal with the high-pass filter, keeping odd positions, summed in the
 * same order as PyWavelets' `downsampling_convolution` so that exact zeros stay exact.
 */
function detailLine(
  read: (k: number) => number,
  n: number,
  write: (o: number, v: number) => void,
): void {
  const f = DB2_DEC_HI;
  const taps = f.length;
  let o = 0;
  for (let i = 1; i < n + taps - 1; i += 2, o++) {
    let sum = 0;
    if (i >= n) {
      // PyWavelets sums the right-hand extension first, nearest sample outwards, while the
      // filter index counts down; then the in-signal samples with the index counting up.
      let j = 0;
      for (; i - j >= n && j < taps; j++)
        sum += f[i - n - j] * read(symmetricIndex(n + j, n));
      for (; j < taps; j++) sum += f[j] * read(symmetricIndex(i - j, n));
    } else {
      for (let j = 0; j < taps; j++) sum += f[j] * read(symmetricIndex(i - j, n));
    }
    write(o, sum);
  }
}

/**
 * Estimates the standard deviation of additive Gaussian noise in an image, exactly as
 * scikit-image 0.19's `skimage.restoration.estimate_sigma` does for a single-channel image.
 *
 * Method (Donoho and Johnstone 1994, "Ideal spatial adaptation by wavelet shrinkage",
 * section 4.2): one level of the 2-D discrete wavelet transform with the Daubechies-2 wavelet
 * and half-sample symmetric extension (`pywt.dwtn(image, 'db2')`, mode `symmetric`), the
 * finest diagonal detail band (`'dd'`), coefficients that are exactly zero dropped, and
 * `median(|d|) / Phi^-1(0.75)` with `Phi^-1(0.75) = 0.6744897501960817`.
 *
 * Computed in float64 from the float32 pixels; this equals scikit-image given the same pixels
 * as a float64 array (for a float32 array PyWavelets computes in float32, which differs in the
 * seventh significant digit).
 *
 * @param image - the image, in any units (the estimate has the same units: HU for CT)
 * @returns the noise standard deviation estimate, in the image's units
 * @throws PreprocessError as the input checks describe, and `PREPROCESS_INVALID_OPTION` when
 *   every diagonal coefficient is zero (a constant image has no measurable noise)
 */
export function estimateNoiseSigma(image: Image2D): number {
  checkImage(image, 'estimateNoiseSigma');
  const { width, height, pixels } = image;

  // Axis 0 first (down each column), as pywt.dwtn does, then axis 1 (along each row).
  const rowsOut = Math.floor((height + DB2_DEC_HI.length - 1) / 2);
  const colsOut = Math.floor((width + DB2_DEC_HI.length - 1) / 2);
  const firstPass = new Float64Array(rowsOut * width);
  for (let x = 0; x < width; x++) {
    detailLine(
      (k) => pixels[k * width + x],
      height,
      (o, v) => (firstPass[o * width + x] = v),
    );
  }
  const detail = new Float64Array(rowsOut * colsOut);
  let count = 0;
  for (let y = 0; y < rowsOut; y++) {
    const base = y * width;
    detailLine(
      (k) => firstPass[base + k],
      width,
      (_o, v) => {
        if (v !== 0) detail[count++] = Math.abs(v);
      },
    );
  }

  if (count === 0) {
    throw new PreprocessError(
      'PREPROCESS_INVALID_OPTION',
      `estimateNoiseSigma: all diagonal wavelet coefficients of the ${width}x${height} image ` +
        'are zero (a constant or piecewise-constant image); there is no noise to estimate.',
    );
  }
  const magnitudes = detail.subarray(0, count).sort();
  const half = count >> 1;
  const median =
    count % 2 === 1 ? magnitudes[half] : (magnitudes[half - 1] + magnitudes[half]) / 2;
  return median / NORMAL_QUARTILE;
}
