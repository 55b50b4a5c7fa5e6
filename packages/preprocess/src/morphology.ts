import type { BinaryMask } from './binary-mask.js';

/**
 * Keeps the largest 4-connected component of a mask (the one with most pixels; the first
 * found in row-major order on a tie), as `scipy.ndimage.label` with its default cross
 * structure would label it.
 *
 * @param mask - the mask
 * @returns a new mask with only that component, or an empty mask when the input is empty
 */
export function largestComponent(mask: BinaryMask): BinaryMask {
  const { data, width, height } = mask;
  const n = width * height;
  const labels = new Int32Array(n);
  const stack = new Int32Array(n);
  let bestLabel = 0;
  let bestSize = 0;
  let label = 0;
  for (let start = 0; start < n; start++) {
    if (data[start] === 0 || labels[start] !== 0) continue;
    label++;
    let size = 0;
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const i = stack[--top];
      size++;
      const x = i % width;
      if (x > 0 && data[i - 1] !== 0 && labels[i - 1] === 0) {
        labels[i - 1] = label;
        stack[top++] = i - 1;
      }
      if (x < width - 1 && data[i + 1] !== 0 && labels[i + 1] === 0) {
        labels[i + 1] = label;
        stack[top++] = i + 1;
      }
      if (i >= width && data[i - width] !== 0 && labels[i - width] === 0) {
        labels[i - width] = label;
        stack[top++] = i - width;
      }
      if (i + width < n && data[i + width] !== 0 && labels[i + width] === 0) {
        labels[i + width] = label;
        stack[top++] = i + width;
      }
    }
    if (size > bestSize) {
      bestSize = size;
      bestLabel = label;
    }
  }
  const out = new Uint8Array(n);
  if (bestLabel > 0) for (let i = 0; i < n; i++) out[i] = labels[i] === bestLabel ? 1 : 0;
  return { data: out, width, height };
}

/**
 * Fills the holes of a mask: background pixels that no 4-connected path of background
 * joins to the image border become foreground, as `scipy.ndimage.binary_fill_holes` does
 * with its default structure.
 *
 * @param mask - the mask
 * @returns a new mask without holes
 */
export function fillHoles(mask: BinaryMask): BinaryMask {
  const { data, width, height } = mask;
  const n = width * height;
  const outside = new Uint8Array(n);
  const stack = new Int32Array(n);
  let top = 0;
  const seed = (i: number): void => {
    if (data[i] === 0 && outside[i] === 0) {
      outside[i] = 1;
      stack[top++] = i;
    }
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  while (top > 0) {
    const i = stack[--top];
    const x = i % width;
    if (x > 0) seed(i - 1);
    if (x < width - 1) seed(i + 1);
    if (i >= width) seed(i - width);
    if (i + width < n) seed(i + width);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = outside[i] === 1 ? 0 : 1;
  return { data: out, width, height };
}

/**
 * Erodes (`grow = false`) or dilates (`grow = true`) a mask with a rectangle of `(2 rx +
 * 1) x (2 ry + 1)` pixels (radii rounded down), counting pixels under the rectangle with
 * a summed-area table so the cost does not depend on its size; outside the image counts
 * as background.
 *
 * @param mask - the mask
 * @param rx - the rectangle's half-width in columns
 * @param ry - the rectangle's half-height in rows
 * @param grow - dilate when true, erode when false
 * @returns a new mask
 */
export function morph(
  mask: BinaryMask,
  rx: number,
  ry: number,
  grow: boolean,
): BinaryMask {
  const { data, width, height } = mask;
  const hx = Math.floor(rx);
  const hy = Math.floor(ry);
  const iw = width + 1;
  const table = new Int32Array(iw * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    for (let x = 0; x < width; x++) {
      rowSum += data[y * width + x];
      table[(y + 1) * iw + x + 1] = table[y * iw + x + 1] + rowSum;
    }
  }
  const full = (2 * hx + 1) * (2 * hy + 1);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const top = Math.max(0, y - hy) * iw;
    const bottom = Math.min(height, y + hy + 1) * iw;
    for (let x = 0; x < width; x++) {
      const left = Math.max(0, x - hx);
      const right = Math.min(width, x + hx + 1);
      const count =
        table[bottom + right] -
        table[bottom + left] -
        table[top + right] +
        table[top + left];
      out[y * width + x] = grow ? (count > 0 ? 1 : 0) : count === full ? 1 : 0;
    }
  }
  return { data: out, width, height };
}
