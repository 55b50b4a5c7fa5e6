import type { Image2D } from '@calvaria/dicom-hu';
import { PreprocessError } from './preprocess-error.js';

/**
 * Checks that an image is well formed before a step reads it: a positive whole size, a
 * pixel buffer of exactly `width * height` values, finite positive spacing and no NaN
 * pixels.
 *
 * @param image - the image to check
 * @param where - the name of the calling step, quoted in the message
 * @throws PreprocessError `PREPROCESS_EMPTY_IMAGE` for a zero or non-integer size,
 *   `PREPROCESS_SIZE_MISMATCH` when the buffer length is not `width * height`,
 *   `PREPROCESS_INVALID_SPACING` for zero, negative or non-finite spacing, and
 *   `PREPROCESS_NAN_PIXELS` when a pixel is NaN or infinite
 */
export function checkImage(image: Image2D, where: string): void {
  const { width, height, pixels } = image;
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width <= 0 ||
    height <= 0
  ) {
    throw new PreprocessError(
      'PREPROCESS_EMPTY_IMAGE',
      `${where}: the image is ${width}x${height}; pass an image with at least one row and column.`,
    );
  }
  if (!(pixels instanceof Float32Array) || pixels.length !== width * height) {
    throw new PreprocessError(
      'PREPROCESS_SIZE_MISMATCH',
      `${where}: pixels has ${pixels?.length} values but width x height is ` +
        `${width}x${height} = ${width * height}; pass a Float32Array of that length.`,
    );
  }
  const { rowSpacingMm, columnSpacingMm } = image;
  if (
    !Number.isFinite(rowSpacingMm) ||
    !Number.isFinite(columnSpacingMm) ||
    rowSpacingMm <= 0 ||
    columnSpacingMm <= 0
  ) {
    throw new PreprocessError(
      'PREPROCESS_INVALID_SPACING',
      `${where}: pixel spacing is ${rowSpacingMm} x ${columnSpacingMm} mm; spacing must be ` +
        'finite and above zero (read it from Pixel Spacing (0028,0030)).',
    );
  }
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    if (v - v !== 0) {
      const x = i % width;
      const y = (i - x) / width;
      throw new PreprocessError(
        'PREPROCESS_NAN_PIXELS',
        `${where}: pixel at column ${x}, row ${y} is ${v}; replace non-finite values ` +
          '(for example with the air value -1000 HU) before preprocessing.',
      );
    }
  }
}

/**
 * Makes a new image with the given pixels and size that keeps the spacing of another.
 *
 * @param like - the image whose spacing is kept
 * @param pixels - the new pixels
 * @param width - the new width
 * @param height - the new height
 * @returns the new image
 */
export function withPixels(
  like: Image2D,
  pixels: Float32Array,
  width = like.width,
  height = like.height,
): Image2D {
  return {
    pixels,
    width,
    height,
    rowSpacingMm: like.rowSpacingMm,
    columnSpacingMm: like.columnSpacingMm,
  };
}

/**
 * Checks that a numeric option is finite and within bounds.
 *
 * @param value - the option's value
 * @param name - the option's name, quoted in the message
 * @param min - the smallest allowed value
 * @param max - the largest allowed value
 * @param exclusiveMin - whether `min` itself is excluded
 * @throws PreprocessError `PREPROCESS_INVALID_OPTION` when out of bounds or not finite
 */
export function checkNumber(
  value: number,
  name: string,
  min = -Infinity,
  max = Infinity,
  exclusiveMin = false,
): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (exclusiveMin ? value > min : value >= min) &&
    value <= max;
  if (!ok) {
    const lower = exclusiveMin ? `> ${min}` : `>= ${min}`;
    throw new PreprocessError(
      'PREPROCESS_INVALID_OPTION',
      `Option ${name} is ${String(value)}; it must be a finite number ${lower}` +
        (max === Infinity ? '.' : ` and <= ${max}.`),
    );
  }
}
