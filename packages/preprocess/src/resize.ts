import type { Image2D } from '@calvaria/dicom-hu';
import { checkImage, checkNumber } from './check-image.js';
import { PreprocessError } from './preprocess-error.js';

/** How {@link resize} computes output pixels. */
export type ResizeMethod = 'area' | 'bilinear';

/** Options of {@link resize}. */
export interface ResizeOptions {
  /** Output columns. */
  readonly width: number;
  /** Output rows. */
  readonly height: number;
  /** `area` (box average, for shrinking) or `bilinear`; `area` when absent. */
  readonly method?: ResizeMethod;
}

/**
 * For one axis, the source pixels and weights of each output pixel when output pixel `j`
 * averages the source interval `[j * s, (j + 1) * s)` with `s = n / m`, each source pixel
 * weighted by its overlap (sum of weights 1).
 */
function areaWeights(
  n: number,
  m: number,
): { start: Int32Array; weights: Float64Array[] } {
  const scale = n / m;
  const start = new Int32Array(m);
  const weights: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    const lo = j * scale;
    const hi = (j + 1) * scale;
    const first = Math.floor(lo);
    const last = Math.min(n - 1, Math.ceil(hi) - 1);
    const w = new Float64Array(last - first + 1);
    for (let k = first; k <= last; k++) {
      w[k - first] = (Math.min(hi, k + 1) - Math.max(lo, k)) / scale;
    }
    start[j] = first;
    weights.push(w);
  }
  return { start, weights };
}

/**
 * For one axis, the two source pixels and the fraction of the second for bilinear
 * sampling at `(j + 0.5) * n / m - 0.5`, clamped to the first and last pixel beyond the
 * edges.
 */
function linearTaps(
  n: number,
  m: number,
): { lo: Int32Array; hi: Int32Array; t: Float64Array } {
  const zoom = n / m;
  const lo = new Int32Array(m);
  const hi = new Int32Array(m);
  const t = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const c = (j + 0.5) * zoom - 0.5;
    const f = Math.floor(c);
    t[j] = c - f;
    lo[j] = Math.min(Math.max(f, 0), n - 1);
    hi[j] = Math.min(Math.max(f + 1, 0), n - 1);
  }
  return { lo, hi, t };
}

/**
 * Resamples an image to a new size; the spacing scales so the field of view is kept.
 *
 * - `area`: each output pixel is the overlap-weighted mean of the input pixels its
 *   footprint covers (OpenCV's `INTER_AREA` when shrinking). For whole-number factors it
 *   equals `skimage.transform.downscale_local_mean`.
 * - `bilinear`: linear interpolation at `(j + 0.5) * in / out - 0.5` per axis with edge
 *   clamping; corresponds to `skimage.transform.resize(pixels, (height, width), order=1,
 *   mode='edge', anti_aliasing=False, preserve_range=True)`, that is
 *   `scipy.ndimage.zoom(..., order=1, mode='nearest', grid_mode=True)`.
 *
 * @param image - the input image
 * @param options - output size and method
 * @returns a new image of the given size
 * @throws PreprocessError `PREPROCESS_INVALID_OPTION` for a size that is not a positive
 *   integer or an unknown method, and the input checks' codes
 */
export function resize(image: Image2D, options: ResizeOptions): Image2D {
  checkImage(image, 'resize');
  const { width: outW, height: outH } = options;
  checkNumber(outW, 'width', 1, 65536);
  checkNumber(outH, 'height', 1, 65536);
  const method = options.method ?? 'area';
  if (!Number.isInteger(outW) || !Number.isInteger(outH)) {
    throw new PreprocessError(
      'PREPROCESS_INVALID_OPTION',
      `resize: output size ${outW}x${outH} must be whole numbers of pixels.`,
    );
  }
  if (method !== 'area' && method !== 'bilinear') {
    throw new PreprocessError(
      'PREPROCESS_INVALID_OPTION',
      `resize: unknown method '${String(method)}'; use 'area' or 'bilinear'.`,
    );
  }
  const { width, height, pixels } = image;

  const out = new Float32Array(outW * outH);
  if (method === 'area') {
    // Columns first into a float64 buffer, then rows.
    const cols = areaWeights(width, outW);
    const rows = areaWeights(height, outH);
    const between = new Float64Array(height * outW);
    for (let y = 0; y < height; y++) {
      const base = y * width;
      for (let j = 0; j < outW; j++) {
        const w = cols.weights[j];
        const s = base + cols.start[j];
        let sum = 0;
        for (let k = 0; k < w.length; k++) sum += w[k] * pixels[s + k];
        between[y * outW + j] = sum;
      }
    }
    for (let i = 0; i < outH; i++) {
      const w = rows.weights[i];
      const s = rows.start[i];
      for (let j = 0; j < outW; j++) {
        let sum = 0;
        for (let k = 0; k < w.length; k++) sum += w[k] * between[(s + k) * outW + j];
        out[i * outW + j] = sum;
      }
    }
  } else {
    const cols = linearTaps(width, outW);
    const rows = linearTaps(height, outH);
    for (let i = 0; i < outH; i++) {
      const top = rows.lo[i] * width;
      const bottom = rows.hi[i] * width;
      const ty = rows.t[i];
      for (let j = 0; j < outW; j++) {
        const tx = cols.t[j];
        const a = pixels[top + cols.lo[j]];
        const b = pixels[top + cols.hi[j]];
        const c = pixels[bottom + cols.lo[j]];
        const d = pixels[bottom + cols.hi[j]];
        out[i * outW + j] =
          (1 - ty) * ((1 - tx) * a + tx * b) + ty * ((1 - tx) * c + tx * d);
      }
    }
  }

  return {
    pixels: out,
    width: outW,
    height: outH,
    rowSpacingMm: (image.rowSpacingMm * height) / outH,
    columnSpacingMm: (image.columnSpacingMm * width) / outW,
  };
}
