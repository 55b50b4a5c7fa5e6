import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Image2D } from '@calvaria/dicom-hu';

const here = new URL('./fixtures/', import.meta.url);

/** The reference values written by tools/golden/preprocess.py. */
export interface Golden {
  head: { width: number; height: number; rowSpacingMm: number; columnSpacingMm: number };
  sigma: Array<{
    name: string;
    width: number;
    height: number;
    pixels?: number[];
    sigma: number;
  }>;
  small: {
    width: number;
    height: number;
    rowSpacingMm: number;
    columnSpacingMm: number;
    pixels: number[];
  };
  gaussian: Array<{ sigmaMm: number; expected: number[] }>;
  median: Array<{ radiusMm: number; size: [number, number]; expected: number[] }>;
  resize: Array<{
    method: 'area' | 'bilinear';
    width: number;
    height: number;
    expected: number[];
    reference: string;
  }>;
  rotate: Array<{
    angleDeg: number;
    fill: 'border' | 'constant';
    expand: boolean;
    width: number;
    height: number;
    expected: number[];
  }>;
}

let golden: Golden | undefined;
let head: Image2D | undefined;

/** The golden fixture, parsed once. */
export function loadGolden(): Golden {
  golden ??= JSON.parse(readFileSync(new URL('golden.json', here), 'utf8')) as Golden;
  return golden;
}

/**
 * The real 512x512 head CT (pydicom test file, skull base with head rest) in HU, from the
 * int16 fixture that tools/golden/preprocess.py exported (masked to BitsStored, sign-extended).
 */
export function loadHead(): Image2D {
  if (head === undefined) {
    const bytes = gunzipSync(readFileSync(new URL('head512-hu.i16.gz', here)));
    const stored = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
    const g = loadGolden().head;
    head = {
      pixels: Float32Array.from(stored),
      width: g.width,
      height: g.height,
      rowSpacingMm: g.rowSpacingMm,
      columnSpacingMm: g.columnSpacingMm,
    };
  }
  return head;
}

/** The small 48x40 noisy head-CT patch the filter references ran on. */
export function loadSmall(): Image2D {
  const s = loadGolden().small;
  return {
    pixels: Float32Array.from(s.pixels),
    width: s.width,
    height: s.height,
    rowSpacingMm: s.rowSpacingMm,
    columnSpacingMm: s.columnSpacingMm,
  };
}

/** Copies a sub-rectangle of an image, with a step (as NumPy's `a[y0:y1:step, x0:x1:step]`). */
export function slice(
  image: Image2D,
  y0: number,
  y1: number,
  x0: number,
  x1: number,
  step = 1,
): Image2D {
  const w = Math.ceil((x1 - x0) / step);
  const h = Math.ceil((y1 - y0) / step);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      out[y * w + x] = image.pixels[(y0 + y * step) * image.width + x0 + x * step];
    }
  }
  return { ...image, pixels: out, width: w, height: h };
}

/** Largest |a - b| over |b| scaled by the reference's largest magnitude (at least 1). */
export function maxScaledError(actual: Float32Array, expected: number[]): number {
  let scale = 1;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  }
  return worst;
}
