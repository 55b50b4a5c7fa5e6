import type { Image2D } from '@calvaria/dicom-hu';
import { checkImage, checkNumber, withPixels } from './check-image.js';
import { PreprocessError } from './preprocess-error.js';

/** How a rotation fills output pixels that map outside the input. */
export type RotateFill = 'border' | 'constant';

/** Options of {@link rotateImage}. */
export interface RotateOptions {
  /**
   * Rotation angle in degrees, counter-clockwise as the image is displayed (row 0 on
   * top).
   */
  readonly angleDeg: number;
  /**
   * `border` repeats the edge pixel; `constant` uses `fillValue`. `constant` when absent.
   */
  readonly fill?: RotateFill;
  /** The value for `constant` fill, in image units; -1000 (air in HU) when absent. */
  readonly fillValue?: number;
  /**
   * Enlarge the output so that no input pixel is cut off; false (size kept) when absent.
   */
  readonly expand?: boolean;
}

/** Rounds half to even, as NumPy's `around` does. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Rotates an image about its centre with bilinear interpolation.
 *
 * Corresponds to `skimage.transform.rotate(pixels, angleDeg, resize=expand, order=1,
 * mode='edge' | 'constant', cval=fillValue, preserve_range=True)` in scikit-image 0.19: the
 * centre is `((width - 1) / 2, (height - 1) / 2)`, each output pixel samples the input at
 * the inversely rotated position, the four neighbours are read with the fill rule, and an
 * expanded output has NumPy-rounded size `max - min + 1` of the rotated corners.
 *
 * @param image - the input image
 * @param options - angle, fill rule and whether to expand
 * @returns a new image (same spacing; size kept or expanded)
 * @throws PreprocessError for a malformed image or options; rotating anisotropic pixels
 *   is refused with `PREPROCESS_INVALID_SPACING` (resample to square pixels first)
 */
export function rotateImage(image: Image2D, options: RotateOptions): Image2D {
  checkImage(image, 'rotateImage');
  checkNumber(options.angleDeg, 'angleDeg');
  const fill = options.fill ?? 'constant';
  if (fill !== 'border' && fill !== 'constant') {
    throw new PreprocessError(
      'PREPROCESS_INVALID_OPTION',
      `rotateImage: fill is '${String(fill)}'; use 'border' or 'constant'.`,
    );
  }
  const fillValue = options.fillValue ?? -1000;
  checkNumber(fillValue, 'fillValue');
  const ratio = image.rowSpacingMm / image.columnSpacingMm;
  if (Math.abs(ratio - 1) > 1e-6) {
    throw new PreprocessError(
      'PREPROCESS_INVALID_SPACING',
      `rotateImage: pixels are ${image.rowSpacingMm} x ${image.columnSpacingMm} mm; rotation ` +
        'needs square pixels. Resize to equal spacing first.',
    );
  }
  const { width, height, pixels } = image;

  const theta = (options.angleDeg * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = width / 2 - 0.5;
  const cy = height / 2 - 0.5;
  let outWidth = width;
  let outHeight = height;
  let shiftX = 0;
  let shiftY = 0;
  if (options.expand === true) {
    // Where the input's corners land in the output (the forward rotation).
    const corners = [
      [0, 0],
      [0, height - 1],
      [width - 1, height - 1],
      [width - 1, 0],
    ];
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const [x, y] of corners) {
      const ox = cos * (x - cx) + sin * (y - cy) + cx;
      const oy = -sin * (x - cx) + cos * (y - cy) + cy;
      minX = Math.min(minX, ox);
      maxX = Math.max(maxX, ox);
      minY = Math.min(minY, oy);
      maxY = Math.max(maxY, oy);
    }
    outHeight = roundHalfEven(maxY - minY + 1);
    outWidth = roundHalfEven(maxX - minX + 1);
    shiftX = minX;
    shiftY = minY;
  }

  const border = fill === 'border';
  const read = (r: number, c: number): number => {
    if (border) {
      const rr = r < 0 ? 0 : r >= height ? height - 1 : r;
      const cc = c < 0 ? 0 : c >= width ? width - 1 : c;
      return pixels[rr * width + cc];
    }
    return r < 0 || r >= height || c < 0 || c >= width
      ? fillValue
      : pixels[r * width + c];
  };
  const out = new Float32Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const dy = y + shiftY - cy;
    for (let x = 0; x < outWidth; x++) {
      const dx = x + shiftX - cx;
      const c = cos * dx - sin * dy + cx;
      const r = sin * dx + cos * dy + cy;
      const r0 = Math.floor(r);
      const c0 = Math.floor(c);
      const r1 = Math.ceil(r);
      const c1 = Math.ceil(c);
      const fr = r - r0;
      const fc = c - c0;
      let value: number;
      if (r0 >= 0 && c0 >= 0 && r1 < height && c1 < width) {
        const top = (1 - fc) * pixels[r0 * width + c0] + fc * pixels[r0 * width + c1];
        const bottom = (1 - fc) * pixels[r1 * width + c0] + fc * pixels[r1 * width + c1];
        value = (1 - fr) * top + fr * bottom;
      } else {
        const top = (1 - fc) * read(r0, c0) + fc * read(r0, c1);
        const bottom = (1 - fc) * read(r1, c0) + fc * read(r1, c1);
        value = (1 - fr) * top + fr * bottom;
      }
      out[y * outWidth + x] = value;
    }
  }

  return withPixels(image, out, outWidth, outHeight);
}
