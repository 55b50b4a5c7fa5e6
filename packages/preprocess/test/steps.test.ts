import { describe, expect, it } from 'vitest';
import type { Image2D } from '@calvaria/dicom-hu';
import {
  bilateralFilter,
  denoise,
  estimateNoiseSigma,
  gaussianFilter,
  medianFilter,
  nonLocalMeans,
  padToSquare,
  resize,
  toChannels,
} from '@calvaria/preprocess';

/** A deterministic pseudo-random generator (mulberry32) for reproducible test noise. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by Box-Muller. */
function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** A step edge (0 HU left, 100 HU right) with Gaussian noise of the given sigma in HU. */
function noisyEdge(sigmaHu: number, size = 64): Image2D {
  const rand = random(7);
  const pixels = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      pixels[y * size + x] = (x < size / 2 ? 0 : 100) + sigmaHu * gaussian(rand);
    }
  }
  return { pixels, width: size, height: size, rowSpacingMm: 0.5, columnSpacingMm: 0.5 };
}

/** Standard deviation of the pixels in columns [x0, x1) (a flat part of the edge image). */
function spread(image: Image2D, x0: number, x1: number): number {
  const values: number[] = [];
  for (let y = 4; y < image.height - 4; y++) {
    for (let x = x0; x < x1; x++) values.push(image.pixels[y * image.width + x]);
  }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

/** Mean absolute difference from the clean edge across the two columns next to it. */
function edgeBlur(image: Image2D): number {
  let sum = 0;
  let n = 0;
  for (let y = 4; y < image.height - 4; y++) {
    sum += Math.abs(image.pixels[y * image.width + 31] - 0);
    sum += Math.abs(image.pixels[y * image.width + 32] - 100);
    n += 2;
  }
  return sum / n;
}

describe('estimateNoiseSigma', () => {
  it('recovers the sigma of added Gaussian noise within 10 percent', () => {
    // The noise in noisyEdge is drawn with sigma 20 HU; the wavelet estimate is robust to the
    // single edge.
    expect(estimateNoiseSigma(noisyEdge(20, 128))).toBeGreaterThan(18);
    expect(estimateNoiseSigma(noisyEdge(20, 128))).toBeLessThan(22);
  });
});

describe('denoise', () => {
  const noisy = noisyEdge(10);
  const before = spread(noisy, 4, 24);

  const methods = [
    ['gaussian', { method: 'gaussian', sigmaMm: 1 }],
    ['median', { method: 'median', radiusMm: 1 }],
    ['bilateral', { method: 'bilateral', sigmaSpatialMm: 1, sigmaRange: 30 }],
    ['nlMeans', { method: 'nlMeans' }],
  ] as const;

  for (const [name, options] of methods) {
    it(`${name} at least halves the noise in a flat region`, () => {
      const out = denoise(noisy, options);
      expect([out.width, out.height, out.rowSpacingMm]).toEqual([64, 64, 0.5]);
      expect(spread(out, 4, 24)).toBeLessThan(before / 2);
    });

    it(`${name} leaves a constant image unchanged`, () => {
      const flat = { ...noisy, pixels: new Float32Array(64 * 64).fill(40) };
      const out = denoise(
        flat,
        name === 'nlMeans' ? { method: 'nlMeans', h: 5 } : options,
      );
      for (const v of out.pixels) expect(v).toBeCloseTo(40, 4);
    });
  }

  it('bilateral and non-local means keep the edge sharper than a Gaussian of the same width', () => {
    const blurGaussian = edgeBlur(gaussianFilter(noisy, { sigmaMm: 1 }));
    expect(
      edgeBlur(bilateralFilter(noisy, { sigmaSpatialMm: 1, sigmaRange: 30 })),
    ).toBeLessThan(blurGaussian / 2);
    expect(edgeBlur(nonLocalMeans(noisy, { h: 8, sigma: 10 }))).toBeLessThan(
      blurGaussian / 2,
    );
  });

  it('median with a radius below half a pixel is the identity', () => {
    const out = medianFilter(noisy, { radiusMm: 0.2 });
    expect(out.pixels).toEqual(noisy.pixels);
  });
});

describe('padToSquare', () => {
  it('centres a wide image and fills the rest with air', () => {
    const img: Image2D = {
      pixels: Float32Array.from({ length: 6 }, (_, i) => i),
      width: 3,
      height: 2,
      rowSpacingMm: 1,
      columnSpacingMm: 1,
    };
    const out = padToSquare(img);
    // 3x2 -> 3x3: no column added; one row, added at the bottom (the odd pixel goes last).
    expect(Array.from(out.pixels)).toEqual([0, 1, 2, 3, 4, 5, -1000, -1000, -1000]);
    const tall = padToSquare({ ...img, width: 2, height: 3 }, { fillHu: 7 });
    expect(Array.from(tall.pixels)).toEqual([0, 1, 7, 2, 3, 7, 4, 5, 7]);
  });
});

describe('resize', () => {
  it('area resize by 2 averages each 2x2 block (hand computed)', () => {
    const img: Image2D = {
      pixels: Float32Array.from([1, 3, 5, 7, 9, 11, 13, 15, 2, 2, 4, 4, 2, 2, 4, 4]),
      width: 4,
      height: 4,
      rowSpacingMm: 0.5,
      columnSpacingMm: 0.5,
    };
    const out = resize(img, { width: 2, height: 2, method: 'area' });
    // (1 + 3 + 9 + 11) / 4 = 6, (5 + 7 + 13 + 15) / 4 = 10, (2 + 2 + 2 + 2) / 4 = 2, 4.
    expect(Array.from(out.pixels)).toEqual([6, 10, 2, 4]);
    expect(out.rowSpacingMm).toBe(1);
  });

  it('area resize keeps the mean of the image', () => {
    const noisy = noisyEdge(10);
    const out = resize(noisy, { width: 28, height: 28, method: 'area' });
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out.pixels)).toBeCloseTo(mean(noisy.pixels), 3);
  });
});

describe('toChannels', () => {
  const img: Image2D = {
    pixels: Float32Array.from([-1000, 40, 80, 2000]),
    width: 2,
    height: 2,
    rowSpacingMm: 1,
    columnSpacingMm: 1,
  };

  it('repeats one window three times in height x width x channel order', () => {
    const out = toChannels(img, { kind: 'window', window: 'brain' });
    expect([out.width, out.height, out.channels]).toEqual([2, 2, 3]);
    // Brain window, centre 40 width 80, DICOM LINEAR: -1000 -> 0, 40 -> (40 - 39.5) / 79 + 0.5,
    // 80 -> above the upper edge 79.5 -> 1, 2000 -> 1.
    const mid = 0.5 / 79 + 0.5;
    expect(Array.from(out.data)).toEqual(
      [0, 0, 0, mid, mid, mid, 1, 1, 1, 1, 1, 1].map(Math.fround),
    );
  });

  it('stacks three windows, one per channel', () => {
    const out = toChannels(img, {
      kind: 'windows',
      windows: ['brain', 'subdural', 'bone'],
    });
    expect(out.channels).toBe(3);
    // Pixel 1 (40 HU): brain 0.50633, subdural centre 80 width 200 -> (40 - 79.5) / 199 + 0.5,
    // bone centre 600 width 2800 -> (40 - 599.5) / 2799 + 0.5.
    expect(out.data[3]).toBeCloseTo(0.5 / 79 + 0.5, 6);
    expect(out.data[4]).toBeCloseTo((40 - 79.5) / 199 + 0.5, 6);
    expect(out.data[5]).toBeCloseTo((40 - 599.5) / 2799 + 0.5, 6);
    for (const v of out.data) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('stacks the previous, this and the next slice in one window', () => {
    const previous = { ...img, pixels: new Float32Array(4).fill(-1000) };
    const next = { ...img, pixels: new Float32Array(4).fill(3000) };
    const out = toChannels(img, { kind: 'slices', window: 'bone' }, { previous, next });
    for (let i = 0; i < 4; i++) {
      expect(out.data[i * 3]).toBe(0);
      expect(out.data[i * 3 + 2]).toBe(1);
    }
    expect(out.data[3 * 3 + 1]).toBe(1);
  });
});
