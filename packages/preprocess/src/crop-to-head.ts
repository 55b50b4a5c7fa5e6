import type { Image2D } from '@calvaria/dicom-hu';
import { maskBox, type BinaryMask, type PixelBox } from './binary-mask.js';
import { checkImage, checkNumber, withPixels } from './check-image.js';
import { headMask, type HeadMaskOptions } from './head-mask.js';
import { morph } from './morphology.js';
import { PreprocessError } from './preprocess-error.js';

/** Options of {@link findHeadBox} and {@link cropToHead}. */
export interface CropToHeadOptions extends HeadMaskOptions {
  /**
   * Margin added on every side of the head's bounding box, in millimetres; 3 when absent.
   */
  readonly marginMm?: number;
  /**
   * Set pixels farther than the margin from the head to `fillHu`, so that the head rest
   * and table parts inside the box are removed too; true when absent.
   */
  readonly maskOutside?: boolean;
  /** The value that masked pixels get, in HU; -1000 (air) when absent. */
  readonly fillHu?: number;
  /** The head mask, when already computed; found with {@link headMask} when absent. */
  readonly head?: BinaryMask;
}

/**
 * The box to crop a slice to: the head mask's bounding box grown by a margin in
 * millimetres on every side and clipped to the image.
 *
 * @param image - a slice in Hounsfield units
 * @param options - the margin, and the head mask or the options to find it
 * @returns the box in pixel indices
 * @throws PreprocessError as {@link headMask} ; `PREPROCESS_SIZE_MISMATCH` when a given
 *   mask's size differs from the image's
 */
export function findHeadBox(image: Image2D, options: CropToHeadOptions = {}): PixelBox {
  checkImage(image, 'findHeadBox');
  const marginMm = options.marginMm ?? 3;
  checkNumber(marginMm, 'marginMm', 0);
  const head = options.head ?? headMask(image, options);
  if (head.width !== image.width || head.height !== image.height) {
    throw new PreprocessError(
      'PREPROCESS_SIZE_MISMATCH',
      `findHeadBox: the head mask is ${head.width}x${head.height} but the image is ` +
        `${image.width}x${image.height}; compute the mask on this image.`,
    );
  }

  const box = maskBox(head);
  if (box === undefined) {
    throw new PreprocessError(
      'PREPROCESS_NO_HEAD',
      'findHeadBox: the head mask is empty; the slice has no head to crop to.',
    );
  }
  const mx = Math.ceil(marginMm / image.columnSpacingMm);
  const my = Math.ceil(marginMm / image.rowSpacingMm);
  return {
    x0: Math.max(0, box.x0 - mx),
    y0: Math.max(0, box.y0 - my),
    x1: Math.min(image.width, box.x1 + mx),
    y1: Math.min(image.height, box.y1 + my),
  };
}

/**
 * Cuts a box out of an image.
 *
 * @param image - the input image
 * @param box - the box in pixel indices, inside the image
 * @returns a new image of the box's size with the same spacing
 * @throws PreprocessError `PREPROCESS_INVALID_OPTION` for an empty box or one outside the
 *   image
 */
export function cropImage(image: Image2D, box: PixelBox): Image2D {
  checkImage(image, 'cropImage');
  const { x0, y0, x1, y1 } = box;
  const ok =
    [x0, y0, x1, y1].every(Number.isInteger) &&
    x0 >= 0 &&
    y0 >= 0 &&
    x1 <= image.width &&
    y1 <= image.height &&
    x1 > x0 &&
    y1 > y0;
  if (!ok) {
    throw new PreprocessError(
      'PREPROCESS_INVALID_OPTION',
      `cropImage: box [${x0}, ${x1}) x [${y0}, ${y1}) is empty or outside the ` +
        `${image.width}x${image.height} image.`,
    );
  }

  const w = x1 - x0;
  const h = y1 - y0;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const s = (y + y0) * image.width + x0;
    out.set(image.pixels.subarray(s, s + w), y * w);
  }
  return withPixels(image, out, w, h);
}

/**
 * Sets every pixel farther than a margin from the head (outside the head mask dilated by
 * a rectangle of that half-size) to a fill value: the head rest, table and anything else
 * outside the head become air.
 *
 * @param image - the slice
 * @param head - the head mask on the slice's grid
 * @param marginMm - how far from the head pixels are kept, in millimetres
 * @param fillHu - the value of removed pixels, in HU
 * @returns a new image, same size and spacing
 * @throws PreprocessError `PREPROCESS_SIZE_MISMATCH` when the mask's size differs
 */
export function maskOutsideHead(
  image: Image2D,
  head: BinaryMask,
  marginMm: number,
  fillHu: number,
): Image2D {
  checkImage(image, 'maskOutsideHead');
  checkNumber(marginMm, 'marginMm', 0);
  checkNumber(fillHu, 'fillHu');
  if (head.width !== image.width || head.height !== image.height) {
    throw new PreprocessError(
      'PREPROCESS_SIZE_MISMATCH',
      `maskOutsideHead: the head mask is ${head.width}x${head.height} but the image is ` +
        `${image.width}x${image.height}; compute the mask on this image.`,
    );
  }

  const keep = morph(
    head,
    marginMm / image.columnSpacingMm,
    marginMm / image.rowSpacingMm,
    true,
  ).data;
  const out = image.pixels.slice();
  for (let i = 0; i < out.length; i++) if (keep[i] === 0) out[i] = fillHu;
  return withPixels(image, out);
}

/**
 * Crops a slice to the head: the head mask's bounding box plus a margin (see
 * {@link findHeadBox} ), with everything farther than the margin from the head set to air
 * (see {@link maskOutsideHead} ) unless `maskOutside` is false; the head rest and table
 * are removed both where they lie outside the box and where they reach into it.
 *
 * @param image - a slice in Hounsfield units
 * @param options - the margin, masking and head-mask options
 * @returns the cropped image, same spacing
 * @throws PreprocessError as {@link findHeadBox}
 */
export function cropToHead(image: Image2D, options: CropToHeadOptions = {}): Image2D {
  checkImage(image, 'cropToHead');
  const head = options.head ?? headMask(image, options);
  const box = findHeadBox(image, { ...options, head });
  const masked =
    options.maskOutside === false
      ? image
      : maskOutsideHead(image, head, options.marginMm ?? 3, options.fillHu ?? -1000);
  return cropImage(masked, box);
}
