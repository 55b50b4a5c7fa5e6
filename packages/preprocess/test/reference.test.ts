import { describe, expect, it } from 'vitest';
import type { Image2D } from '@calvaria/dicom-hu';
import {
  estimateNoiseSigma,
  gaussianFilter,
  medianFilter,
  resize,
  rotateImage,
} from '@calvaria/preprocess';
import { loadGolden, loadHead, loadSmall, maxScaledError, slice } from './fixtures.js';

// Every expected value here comes from tools/golden/preprocess.py (scikit-image 0.19.3,
// SciPy 1.10.1, PyWavelets 1.1.1), committed as test/fixtures/golden.json.
const golden = loadGolden();

/** The head-derived images that the golden script described by name, rebuilt the same way. */
function headCase(name: string): Image2D {
  const head = loadHead();
  const map = (f: (hu: number) => number): Image2D => ({
    ...head,
    pixels: head.pixels.map(f),
  });
  switch (name) {
    case 'head_full':
      return head;
    case 'head_crop_100_300_150_400':
      return slice(head, 100, 300, 150, 400);
    case 'head_every_second_pixel':
      return slice(head, 0, 512, 0, 512, 2);
    case 'head_bone_window_unit':
      return map((hu) => Math.min(1, Math.max(0, (hu + 800) / 2800)));
    case 'head_brain_window_unit':
      return map((hu) => Math.min(1, Math.max(0, hu / 80)));
    case 'head_crop_odd_301_277':
      return slice(head, 101, 402, 117, 394);
    default:
      throw new Error(`unknown golden case ${name}`);
  }
}

describe('estimateNoiseSigma against skimage.restoration.estimate_sigma', () => {
  it('covers at least 20 images, synthetic and the real head CT', () => {
    expect(golden.sigma.length).toBeGreaterThanOrEqual(20);
    expect(golden.sigma.some((c) => c.name.startsWith('head'))).toBe(true);
  });

  for (const c of golden.sigma) {
    it(`matches to 1e-6 relative on ${c.name} (${c.width}x${c.height})`, () => {
      const image =
        c.pixels === undefined
          ? headCase(c.name)
          : {
              pixels: Float32Array.from(c.pixels),
              width: c.width,
              height: c.height,
              rowSpacingMm: 1,
              columnSpacingMm: 1,
            };
      expect([image.width, image.height]).toEqual([c.width, c.height]);
      const sigma = estimateNoiseSigma(image);
      expect(Math.abs(sigma - c.sigma) / c.sigma).toBeLessThanOrEqual(1e-6);
    });
  }
});

// "Within float32 rounding": the largest difference, scaled by the largest reference
// magnitude, stays below 2 float32 ulps (2 * 2^-23 = 2.4e-7).
const FLOAT32_ROUNDING = 2 ** -22;

describe('gaussianFilter against scipy.ndimage.gaussian_filter', () => {
  for (const c of golden.gaussian) {
    it(`agrees within float32 rounding at sigma ${c.sigmaMm} mm on 0.5 x 0.7 mm pixels`, () => {
      const out = gaussianFilter(loadSmall(), { sigmaMm: c.sigmaMm });
      expect(maxScaledError(out.pixels, c.expected)).toBeLessThanOrEqual(
        FLOAT32_ROUNDING,
      );
    });
  }
});

describe('medianFilter against scipy.ndimage.median_filter', () => {
  for (const c of golden.median) {
    it(`is identical for radius ${c.radiusMm} mm (window ${c.size.join('x')})`, () => {
      const out = medianFilter(loadSmall(), { radiusMm: c.radiusMm });
      expect(Array.from(out.pixels)).toEqual(c.expected.map(Math.fround));
    });
  }
});

describe('resize against scikit-image', () => {
  for (const c of golden.resize) {
    it(`${c.method} to ${c.width}x${c.height} agrees with ${c.reference}`, () => {
      const out = resize(loadSmall(), {
        width: c.width,
        height: c.height,
        method: c.method,
      });
      expect([out.width, out.height]).toEqual([c.width, c.height]);
      expect(maxScaledError(out.pixels, c.expected)).toBeLessThanOrEqual(
        FLOAT32_ROUNDING,
      );
    });
  }

  it('scales the spacing so that the field of view is kept', () => {
    const out = resize(loadSmall(), { width: 20, height: 12, method: 'area' });
    expect(out.columnSpacingMm * out.width).toBeCloseTo(0.7 * 40, 12);
    expect(out.rowSpacingMm * out.height).toBeCloseTo(0.5 * 48, 12);
  });
});

describe('rotateImage against skimage.transform.rotate', () => {
  for (const c of golden.rotate) {
    it(`agrees at ${c.angleDeg} deg, ${c.fill} fill, ${c.expand ? 'expanded' : 'size kept'}`, () => {
      // rotateImage needs square pixels; the reference ignores spacing.
      const square = { ...loadSmall(), rowSpacingMm: 0.5, columnSpacingMm: 0.5 };
      const out = rotateImage(square, {
        angleDeg: c.angleDeg,
        fill: c.fill,
        fillValue: -1000,
        expand: c.expand,
      });
      expect([out.width, out.height]).toEqual([c.width, c.height]);
      expect(maxScaledError(out.pixels, c.expected)).toBeLessThanOrEqual(
        FLOAT32_ROUNDING,
      );
    });
  }
});
