import type { Image2D } from '@calvaria/dicom-hu';
import type { BinaryMask } from './binary-mask.js';
import { checkImage, checkNumber } from './check-image.js';
import { PreprocessError } from './preprocess-error.js';
import { headMask, type HeadMaskOptions } from './head-mask.js';

/** Options of {@link skullMask}. */
export interface SkullMaskOptions extends HeadMaskOptions {
  /** Pixels at or above this inside the head are bone; 300 HU when absent. */
  readonly boneHu?: number;
  /** The head mask, when already computed; found with {@link headMask} when absent. */
  readonly head?: BinaryMask;
}

/**
 * Finds bone in a CT slice: pixels at or above a bone threshold in HU that lie inside the
 * head (so that the head rest, table and any metal outside the head are left out).
 *
 * @param image - a slice in Hounsfield units
 * @param options - the bone threshold, and the head mask or the options to find it
 * @returns the bone as a mask on the image's grid
 * @throws PreprocessError as {@link headMask} ; `PREPROCESS_SIZE_MISMATCH` when a given
 *   head mask's size differs from the image's
 */
export function skullMask(image: Image2D, options: SkullMaskOptions = {}): BinaryMask {
  checkImage(image, 'skullMask');
  const head = options.head ?? headMask(image, options);
  const boneHu = options.boneHu ?? 300;
  checkNumber(boneHu, 'boneHu');
  if (head.width !== image.width || head.height !== image.height) {
    throw new PreprocessError(
      'PREPROCESS_SIZE_MISMATCH',
      `skullMask: the head mask is ${head.width}x${head.height} but the image is ` +
        `${image.width}x${image.height}; compute the mask on this image.`,
    );
  }
  const { width, height, pixels } = image;

  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++)
    data[i] = head.data[i] === 1 && pixels[i] >= boneHu ? 1 : 0;

  return { data, width, height };
}
