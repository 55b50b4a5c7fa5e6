import type { Image2D } from '@calvaria/dicom-hu';
import { reflectIndex } from './boundary.js';
import { checkImage, checkNumber, withPixels } from './check-image.js';

/**
 * Rearranges `values[0, n)` so that `values[k]` holds the k-th smallest (Hoare's
 * selection).
 */
function selectKth(values: Float32Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = values[(lo + hi) >> 1];
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

/** Options of {@link medianFilter}. */
export interface MedianFilterOptions {
  /**
   * Half-width of the square window in millimetres; per axis the window is
   * `2 * round(radiusMm / spacingMm) + 1` pixels.
   */
  readonly radiusMm: number;
}

/**
 * Replaces each pixel by the median of a window around it.
 *
 * Corresponds to `scipy.ndimage.median_filter(pixels, size=(2 ry + 1, 2 rx + 1),
 * mode='reflect')` with `ry = round(radiusMm / rowSpacingMm)` and `rx = round(radiusMm /
 * columnSpacingMm)`; the median of an odd window is one of the inputs, so the result is
 * identical.
 *
 * @param image - the input image
 * @param options - the window's half-width in millimetres
 * @returns a new image of the same size and spacing
 * @throws PreprocessError for a malformed image or a negative radius
 */
export function medianFilter(image: Image2D, options: MedianFilterOptions): Image2D {
  checkImage(image, 'medianFilter');
  checkNumber(options.radiusMm, 'radiusMm', 0);
  const { width, height, pixels } = image;

  const ry = Math.round(options.radiusMm / image.rowSpacingMm);
  const rx = Math.round(options.radiusMm / image.columnSpacingMm);
  const size = (2 * ry + 1) * (2 * rx + 1);
  const middle = size >> 1;
  const window = new Float32Array(size);
  const columnIndex = new Int32Array(width + 2 * rx);
  for (let k = -rx; k < width + rx; k++) columnIndex[k + rx] = reflectIndex(k, width);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let n = 0;
      for (let dy = -ry; dy <= ry; dy++) {
        const row = reflectIndex(y + dy, height) * width;
        for (let dx = 0; dx <= 2 * rx; dx++)
          window[n++] = pixels[row + columnIndex[x + dx]];
      }
      out[y * width + x] = selectKth(window, size, middle);
    }
  }

  return withPixels(image, out);
}
