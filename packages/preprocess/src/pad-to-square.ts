import type { Image2D } from '@calvaria/dicom-hu';
import { checkImage, checkNumber, withPixels } from './check-image.js';

/** Options of {@link padToSquare}. */
export interface PadToSquareOptions {
  /** The value of added pixels, in image units; -1000 (air in HU) when absent. */
  readonly fillHu?: number;
}

/**
 * Pads the shorter side of an image so that it is square in pixels, keeping the content
 * centred (an odd difference puts the extra pixel on the bottom or right).
 *
 * @param image - the input image
 * @param options - the fill value
 * @returns a new square image, same spacing
 * @throws PreprocessError for a malformed image or a non-finite fill
 */
export function padToSquare(image: Image2D, options: PadToSquareOptions = {}): Image2D {
  checkImage(image, 'padToSquare');
  const fillHu = options.fillHu ?? -1000;
  checkNumber(fillHu, 'fillHu');
  const { width, height, pixels } = image;

  const side = Math.max(width, height);
  const left = Math.floor((side - width) / 2);
  const top = Math.floor((side - height) / 2);
  const out = new Float32Array(side * side).fill(fillHu);
  for (let y = 0; y < height; y++) {
    out.set(pixels.subarray(y * width, (y + 1) * width), (y + top) * side + left);
  }

  return withPixels(image, out, side, side);
}
