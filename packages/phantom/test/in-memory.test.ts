import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import {
  generatePatient,
  generateSlice,
  PhantomError,
  renderPreview,
  TISSUE,
} from '@calvaria/phantom';

describe('generateSlice', () => {
  it('returns an Image2D in integer HU with its label and ground truth (128x128 default)', () => {
    const s = generateSlice({ seed: 1, label: 'depressed' });
    expect(s.image.width).toBe(128);
    expect(s.image.height).toBe(128);
    expect(s.image.pixels).toBeInstanceOf(Float32Array);
    expect(s.label).toBe('depressed');
    expect(s.truth.fracture?.kind).toBe('depressed');
    for (const v of s.image.pixels) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(-1024);
      expect(v).toBeLessThanOrEqual(3071);
    }
  });

  it('keeps the head size in millimetres at 64x64: the spacing grows instead', () => {
    const big = generateSlice({
      seed: 3,
      width: 256,
      height: 256,
      includeTissueMap: true,
      noise: false,
    });
    const small = generateSlice({
      seed: 3,
      width: 64,
      height: 64,
      includeTissueMap: true,
      noise: false,
    });
    expect(small.image.columnSpacingMm).toBeCloseTo(big.image.columnSpacingMm * 4, 12);
    const areaMm2 = (s: typeof big): number =>
      s.tissue!.reduce(
        (n, t) => n + (t !== TISSUE.air && t < TISSUE.headRestShell ? 1 : 0),
        0,
      ) *
      s.image.columnSpacingMm *
      s.image.rowSpacingMm;
    // Same head, two samplings: areas agree within the partial-volume band of 64x64 pixels.
    expect(Math.abs(areaMm2(small) / areaMm2(big) - 1)).toBeLessThan(0.1);
  });

  it('refuses sizes and options out of range with PHANTOM_INVALID_ARGUMENT', () => {
    expect(() => generateSlice({ seed: 1, width: 8 })).toThrow(PhantomError);
    expect(() => generateSlice({ seed: 1, difficulty: 2 })).toThrow(/difficulty/);
    expect(() =>
      generatePatient({
        seed: 1,
        slicesPerSeries: 4,
        fractureSlices: { first: 3, last: 9 },
      }),
    ).toThrow(expect.objectContaining({ code: 'PHANTOM_INVALID_ARGUMENT' }));
  });
});

describe('generatePatient', () => {
  it('labels only the fracture run and keeps one pose for the whole series', () => {
    const s = generatePatient({
      seed: 'series',
      slicesPerSeries: 8,
      fractureClass: 'linear',
      fractureSlices: { first: 2, last: 5 },
      width: 64,
      height: 64,
    });
    expect(s.slices.map((x) => x.label)).toEqual([
      'none',
      'none',
      'linear',
      'linear',
      'linear',
      'linear',
      'none',
      'none',
    ]);
    expect(new Set(s.slices.map((x) => x.truth.tiltDeg)).size).toBe(1);
    expect(new Set(s.slices.map((x) => x.truth.headCentre.column)).size).toBe(1);
  });
});

describe('renderPreview', () => {
  it('writes an 8-bit grey PNG of the slice size in the bone window by default', () => {
    const s = generateSlice({ seed: 2, width: 64, height: 48 });
    const png = PNG.sync.read(Buffer.from(renderPreview(s.image)));
    expect(png.width).toBe(64);
    expect(png.height).toBe(48);
    // Bone window 600/2800 (PS3.3 C.11.2.1.2.1): -1024 HU is below the lower edge -800 -> 0.
    const corner = png.data[0];
    expect(corner).toBe(0);
  });

  it('maps values through the chosen window (brain 40/80: 80 HU and above -> 255)', () => {
    const pixels = new Float32Array([-1000, 0, 40, 80, 1000, 2000]);
    const png = PNG.sync.read(
      Buffer.from(
        renderPreview(
          { pixels, width: 6, height: 1, rowSpacingMm: 1, columnSpacingMm: 1 },
          { window: { center: 40, width: 80 } },
        ),
      ),
    );
    const grey = [0, 1, 2, 3, 4, 5].map((i) => png.data[i * 4]);
    // LINEAR: y = ((x - 39.5) / 79 + 0.5) * 255; x = 0 -> 0.0, x = 40 -> 129.1.
    expect(grey).toEqual([0, 0, 129, 255, 255, 255]);
  });

  it('refuses an image whose pixels do not match its size', () => {
    expect(() =>
      renderPreview({
        pixels: new Float32Array(3),
        width: 2,
        height: 2,
        rowSpacingMm: 1,
        columnSpacingMm: 1,
      }),
    ).toThrow(expect.objectContaining({ code: 'PHANTOM_INVALID_ARGUMENT' }));
  });
});
