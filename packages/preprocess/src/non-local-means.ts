import type { Image2D } from '@calvaria/dicom-hu';
import { reflectIndex } from './boundary.js';
import { checkImage, checkNumber, withPixels } from './check-image.js';

/** Options of {@link nonLocalMeans}. */
export interface NonLocalMeansOptions {
  /** Filtering strength in image units (HU for CT); larger smooths more. */
  readonly h: number;
  /**
   * Noise standard deviation in image units, subtracted from patch distances; 0 when
   * absent.
   */
  readonly sigma?: number;
  /** Half-width of the compared patches in pixels; 2 (5x5 patches) when absent. */
  readonly patchRadiusPx?: number;
  /** Largest shift searched in pixels; 5 (an 11x11 search window) when absent. */
  readonly searchRadiusPx?: number;
}

/**
 * Denoises an image by non-local means with the fast patch-distance computation of
 * Darbon, Cunha, Chan, Osher and Jensen ("Fast nonlocal filtering applied to electron
 * cryomicroscopy", ISBI 2008), the `fast_mode=True` variant of scikit-image's
 * `denoise_nl_means`.
 *
 * For each shift `t` in the search window, the squared difference between the image and
 * its shifted copy is summed over every patch with one integral image; the patch distance
 * `d2` is that sum divided by the patch's pixel count, the weight is `exp(-max(d2 - 2
 * sigma^2, 0) / h^2)`, and each pair of pixels is visited once (the weight is symmetric).
 * Beyond the border the image
 * is reflected (`d c b a | a b c d`).
 *
 * @remarks Limitation: the patch distance is unweighted within the patch (as in the fast
 *   mode)
 * and not numerically equal to scikit-image's output, which pads and crops differently;
 * it is checked by its properties (flat regions unchanged, noise reduced, edges kept).
 *
 * @param image - the input image
 * @param options - strength `h`, noise `sigma`, patch and search radii
 * @returns a new image of the same size and spacing
 * @throws PreprocessError for a malformed image or out-of-range options
 */
export function nonLocalMeans(image: Image2D, options: NonLocalMeansOptions): Image2D {
  checkImage(image, 'nonLocalMeans');
  checkNumber(options.h, 'h', 0, Infinity, true);
  const sigma = options.sigma ?? 0;
  checkNumber(sigma, 'sigma', 0);
  const p = options.patchRadiusPx ?? 2;
  const s = options.searchRadiusPx ?? 5;
  checkNumber(p, 'patchRadiusPx', 0, 20);
  checkNumber(s, 'searchRadiusPx', 0, 50);
  const { width, height, pixels } = image;

  // Pad by the search plus patch radius so that every shifted patch lies inside.
  const pad = s + p;
  const pw = width + 2 * pad;
  const ph = height + 2 * pad;
  const padded = new Float64Array(pw * ph);
  for (let y = 0; y < ph; y++) {
    const source = reflectIndex(y - pad, height) * width;
    for (let x = 0; x < pw; x++)
      padded[y * pw + x] = pixels[source + reflectIndex(x - pad, width)];
  }
  const patchArea = (2 * p + 1) ** 2;
  const invH2 = 1 / (options.h * options.h);
  const offset2 = 2 * sigma * sigma;
  const sums = new Float64Array(width * height);
  const weights = new Float64Array(width * height);
  for (let i = 0; i < width * height; i++) {
    sums[i] = pixels[i];
    weights[i] = 1;
  }

  // Integral image over the region [s, s + height + 2p) x [s, s + width + 2p) of the
  // padding.
  const iw = width + 2 * p + 1;
  const ih = height + 2 * p + 1;
  const integral = new Float64Array(iw * ih);
  for (let ty = 0; ty <= s; ty++) {
    for (let tx = -s; tx <= s; tx++) {
      if (ty === 0 && tx <= 0) continue;
      for (let y = 1; y < ih; y++) {
        let rowSum = 0;
        const a = (y - 1 + s) * pw + s;
        const b = (y - 1 + s + ty) * pw + s + tx;
        for (let x = 1; x < iw; x++) {
          const d = padded[a + x - 1] - padded[b + x - 1];
          rowSum += d * d;
          integral[y * iw + x] = integral[(y - 1) * iw + x] + rowSum;
        }
      }
      for (let y = 0; y < height; y++) {
        const yy = y + ty;
        if (yy >= height) break;
        for (let x = 0; x < width; x++) {
          const xx = x + tx;
          if (xx < 0 || xx >= width) continue;
          const top = y * iw + x;
          const bottom = (y + 2 * p + 1) * iw + x;
          const ssd =
            integral[bottom + 2 * p + 1] -
            integral[bottom] -
            integral[top + 2 * p + 1] +
            integral[top];
          const d2 = ssd / patchArea - offset2;
          const w = Math.exp(-(d2 > 0 ? d2 : 0) * invH2);
          const i = y * width + x;
          const j = yy * width + xx;
          sums[i] += w * pixels[j];
          weights[i] += w;
          sums[j] += w * pixels[i];
          weights[j] += w;
        }
      }
    }
  }
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = sums[i] / weights[i];

  return withPixels(image, out);
}
