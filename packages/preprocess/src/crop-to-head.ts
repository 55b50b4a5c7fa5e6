import type { Image2D } from '@calvaria/dicom-hu';
import { maskBox, type BinaryMask, type PixelBox } from './binary-mask.js';
import { checkImage, checkNumber, withPixels } from './check-image.js';
import { headMask, type HeadMaskOptions } from './head-mask.js';
import { PreprocessError } from './preprocess-error.js';

/** Options of {@link findHeadBox} and {@link cropToHead}. */
export interface CropToHeadOptions extends HeadMaskOptions {
  /** Margin added on every side of the head's bounding box, in millimetres; 5 when absent. */
  readonly marginMm?: number;
  /** The head mask, when already computed; found with {@link headMask} when absent. */
  readonly head?: BinaryMask;
}

/**
 * The box to crop a slice to: the head mask's bounding box grown by a margin in millimetres on
 * every side and clipped to the image.
 *
 * @param image - a slice in Hounsfield units
 * @param options - the margin, and the head mask or the options to find it
 * @returns the box in pixel indices
 * @throws PreprocessError as {@link headMask}; `PREPROCESS_SIZE_MISMATCH` when a given mask's
 *   size differs from the image's
 */
export function findHeadBox(image: Image2D, options: CropToHeadOptions = {}): PixelBox {
  checkImage(image, 'findHeadBox');
  const marginMm = options.marginMm ?? 5;
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
 * @throws PreprocessError `PREPROCESS_INVALID_OPTION` for an empty box or one outside the image
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
 * Crops a slice to the head: the head mask's bounding box plus a margin (see
 * {@link findHeadBox}), which leaves out the head rest and table below the head.
 *
 * @param image - a slice in Hounsfield units
 * @param options - the margin and head-mask options
 * @returns the cropped image, same spacing
 * @throws PreprocessError as {@link findHeadBox}
 */
export function cropToHead(image: Image2D, options: CropToHeadOptions = {}): Image2D {
  return cropImage(image, findHeadBox(image, options));
}
