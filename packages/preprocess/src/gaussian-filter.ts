import type { Image2D } from '@calvaria/dicom-hu';
import { reflectIndex } from './boundary.js';
import { checkImage, checkNumber, withPixels } from './check-image.js';

/**
 * The normalised Gaussian weights that `scipy.ndimage.gaussian_filter` uses for one axis:
 * radius `floor(truncate * sigma + 0.5)`, `w(x) = exp(-x^2 / (2 sigma^2))` divided by the
 * sum.
 */
function gaussianWeights(sigmaPx: number, truncate: number): Float64Array {
  const radius = Math.floor(truncate * sigmaPx + 0.5);
  const weights = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) {
    const w = Math.exp((-0.5 / (sigmaPx * sigmaPx)) * (x * x));
    weights[x + radius] = w;
    sum += w;
  }
  for (let i = 0; i < weights.length; i++) weights[i] /= sum;
  return weights;
}

/**
 * Correlates every line along one axis with symmetric weights, in the way
 * `scipy.ndimage`'s `correlate1d` does for a symmetric kernel (centre weight, then
 * pairs), accumulating in float64 and storing float32.
 */
function correlateAxis(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  weights: Float64Array,
  alongRows: boolean,
): void {
  const radius = (weights.length - 1) / 2;
  const n = alongRows ? width : height;
  const lines = alongRows ? height : width;
  const stride = alongRows ? 1 : width;
  const lineStep = alongRows ? width : 1;
  const buffer = new Float64Array(n + 2 * radius);
  for (let line = 0; line < lines; line++) {
    const start = line * lineStep;
    for (let k = -radius; k < n + radius; k++) {
      buffer[k + radius] = input[start + reflectIndex(k, n) * stride];
    }
    for (let i = 0; i < n; i++) {
      const c = i + radius;
      let sum = buffer[c] * weights[radius];
      for (let j = 1; j <= radius; j++) {
        sum += (buffer[c + j] + buffer[c - j]) * weights[radius + j];
      }
      output[start + i * stride] = sum;
    }
  }
}

/** Options of {@link gaussianFilter}. */
export interface GaussianFilterOptions {
  /**
   * Standard deviation of the Gaussian, in millimetres (converted per axis by the
   * spacing).
   */
  readonly sigmaMm: number;
  /** Kernel half-width in standard deviations; 4 as in SciPy when absent. */
  readonly truncate?: number;
}

/**
 * Smooths an image with a separable Gaussian whose width is given in millimetres.
 *
 * Corresponds to `scipy.ndimage.gaussian_filter(pixels, sigma=(sigmaMm / rowSpacingMm,
 * sigmaMm / columnSpacingMm), mode='reflect', truncate=truncate)` on the float32 pixels:
 * rows axis first with a float32 intermediate, then columns; the same weights and
 * boundary.
 *
 * @param image - the input image
 * @param options - the Gaussian's standard deviation in mm and its truncation
 * @returns a new image of the same size and spacing
 * @throws PreprocessError for a malformed image or a non-positive sigma
 */
export function gaussianFilter(image: Image2D, options: GaussianFilterOptions): Image2D {
  checkImage(image, 'gaussianFilter');
  checkNumber(options.sigmaMm, 'sigmaMm', 0, Infinity, true);
  const truncate = options.truncate ?? 4;
  checkNumber(truncate, 'truncate', 0, Infinity, true);
  const { width, height } = image;

  const sigmaRowsPx = options.sigmaMm / image.rowSpacingMm;
  const sigmaColumnsPx = options.sigmaMm / image.columnSpacingMm;
  const between = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  correlateAxis(
    image.pixels,
    between,
    width,
    height,
    gaussianWeights(sigmaRowsPx, truncate),
    false,
  );
  correlateAxis(
    between,
    out,
    width,
    height,
    gaussianWeights(sigmaColumnsPx, truncate),
    true,
  );

  return withPixels(image, out);
}
