/**
 * A binary image: `data[y * width + x]` is 1 inside and 0 outside; the same grid as the
 * image it came from.
 */
export interface BinaryMask {
  /** 0 or 1 per pixel, row-major. */
  readonly data: Uint8Array;
  /** Number of columns. */
  readonly width: number;
  /** Number of rows. */
  readonly height: number;
}

/** An axis-aligned box in pixel indices: columns `x0 <= x < x1`, rows `y0 <= y < y1`. */
export interface PixelBox {
  /** First column inside. */
  readonly x0: number;
  /** First row inside. */
  readonly y0: number;
  /** One past the last column inside. */
  readonly x1: number;
  /** One past the last row inside. */
  readonly y1: number;
}

/**
 * The smallest box that holds every pixel of a mask.
 *
 * @param mask - the mask
 * @returns the box, or `undefined` when the mask is empty
 */
export function maskBox(mask: BinaryMask): PixelBox | undefined {
  const { data, width, height } = mask;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x] === 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return x1 < 0 ? undefined : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * Counts the pixels set in a mask.
 *
 * @param mask - the mask
 * @returns the number of pixels equal to 1
 */
export function maskArea(mask: BinaryMask): number {
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) n += mask.data[i];
  return n;
}
