import type { BinaryMask } from './binary-mask.js';

/**
 * Keeps the largest 4-connected component of a mask (the one with most pixels; the first found
 * in row-major order on a tie), as `scipy.ndimage.label` with its default cross structure
 * would label it.
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
 * Fills the holes of a mask: background pixels that no 4-connected path of background joins
 * to the image border become foreground, as `scipy.ndimage.binary_fill_holes` does with its
 * default structure.
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

/** Offsets of an elliptical structuring element with the given radii in pixels. */
function ellipseOffsets(rx: number, ry: number): Array<[number, number]> {
  const offsets: Array<[number, number]> = [];
  for (let dy = -Math.floor(ry); dy <= ry; dy++) {
    for (let dx = -Math.floor(rx); dx <= rx; dx++) {
      const r =
        (rx > 0 ? (dx / rx) ** 2 : dx === 0 ? 0 : 2) +
        (ry > 0 ? (dy / ry) ** 2 : dy === 0 ? 0 : 2);
      if (r <= 1) offsets.push([dx, dy]);
    }
  }
  return offsets;
}

/**
 * Erodes (`grow = false`) or dilates (`grow = true`) a mask with an elliptical element whose
 * radii are given in pixels; outside the image counts as background.
 *
 * @param mask - the mask
 * @param rx - the element's half-width in columns
 * @param ry - the element's half-height in rows
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
  const offsets = ellipseOffsets(rx, ry);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (grow ? data[i] === 1 : data[i] === 0) {
        out[i] = data[i];
        continue;
      }
      let hit = !grow;
      for (const [dx, dy] of offsets) {
        const xx = x + dx;
        const yy = y + dy;
        const inside = xx >= 0 && xx < width && yy >= 0 && yy < height;
        const v = inside ? data[yy * width + xx] : 0;
        if (grow && v === 1) {
          hit = true;
          break;
        }
        if (!grow && v === 0) {
          hit = false;
          break;
        }
      }
      out[i] = hit ? 1 : 0;
    }
  }
  return { data: out, width, height };
}
