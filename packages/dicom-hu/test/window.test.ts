import { describe, expect, it } from 'vitest';
import {
  applyWindow,
  applyWindows,
  DicomError,
  WINDOW_PRESETS,
  type Image2D,
} from '@calvaria/dicom-hu';

function row(values: number[]): Image2D {
  return {
    pixels: Float32Array.from(values),
    width: values.length,
    height: 1,
    rowSpacingMm: 0.5,
    columnSpacingMm: 0.25,
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof DicomError ? error.code : 'not a DicomError';
  }
  return undefined;
}

// Expected values are hand derivations from DICOM PS3.3 C.11.2.1.2, written beside each case.
describe('windowing with LINEAR (PS3.3 C.11.2.1.2.1)', () => {
  // c = 40, w = 80: lower edge c - 0.5 - (w - 1) / 2 = 0, upper edge c - 0.5 + (w - 1) / 2 = 79.
  const brain = { center: 40, width: 80 };

  it('maps values at or below the lower edge to the output minimum', () => {
    const out = applyWindow(row([-1000, -0.0001, 0]), brain);
    expect(Array.from(out.pixels)).toEqual([0, 0, 0]);
  });

  it('maps values above the upper edge to the output maximum', () => {
    const out = applyWindow(row([79.0001, 80, 3000]), brain);
    expect(Array.from(out.pixels)).toEqual([1, 1, 1]);
  });

  it('ramps with slope 1 / (w - 1) centred on c - 0.5', () => {
    // ((x - 39.5) / 79 + 0.5): x = 0.5 -> 0.5 / 79; x = 39.5 -> 0.5; x = 79 -> 1.
    const out = applyWindow(row([0.5, 39.5, 79]), brain);
    expect(out.pixels[0]).toBeCloseTo(0.5 / 79, 6);
    expect(out.pixels[1]).toBeCloseTo(0.5, 6);
    expect(out.pixels[2]).toBeCloseTo(1, 6);
  });

  it('uses the default function LINEAR when fn is absent', () => {
    const a = applyWindow(row([10, 20, 30]), brain);
    const b = applyWindow(row([10, 20, 30]), { ...brain, fn: 'LINEAR' });
    expect(a.pixels).toEqual(b.pixels);
  });

  it('treats width 1 as a threshold at c - 0.5', () => {
    const out = applyWindow(row([9.5, 9.5001, 10]), { center: 10, width: 1 });
    expect(Array.from(out.pixels)).toEqual([0, 1, 1]);
  });

  it('scales to the requested output range', () => {
    // ymin = -1, ymax = 1: x = 39.5 -> 0.5 * 2 - 1 = 0.
    const out = applyWindow(row([-5, 39.5, 500]), {
      ...brain,
      outputMin: -1,
      outputMax: 1,
    });
    expect(out.pixels[0]).toBe(-1);
    expect(out.pixels[1]).toBeCloseTo(0, 6);
    expect(out.pixels[2]).toBe(1);
  });

  it('refuses a width below 1', () => {
    expect(codeOf(() => applyWindow(row([0]), { center: 0, width: 0.5 }))).toBe(
      'DICOM_INVALID_WINDOW',
    );
  });
});

describe('windowing with LINEAR_EXACT (PS3.3 C.11.2.1.3.2)', () => {
  // c = 40, w = 80: edges at c - w / 2 = 0 and c + w / 2 = 80; y = (x - c) / w + 0.5.
  const exact = { center: 40, width: 80, fn: 'LINEAR_EXACT' as const };

  it('maps the centre to the middle of the output range', () => {
    expect(applyWindow(row([40]), exact).pixels[0]).toBeCloseTo(0.5, 7);
  });

  it('maps a quarter of the width to a quarter of the range', () => {
    expect(applyWindow(row([20]), exact).pixels[0]).toBeCloseTo(0.25, 7);
  });

  it('clips at c - w / 2 (inclusive) and above c + w / 2', () => {
    const out = applyWindow(row([0, 80, 80.001]), exact);
    expect(Array.from(out.pixels)).toEqual([0, 1, 1]);
  });

  it('accepts widths below 1', () => {
    const out = applyWindow(row([0.9, 1.1]), {
      center: 1,
      width: 0.4,
      fn: 'LINEAR_EXACT',
    });
    // (0.9 - 1) / 0.4 + 0.5 = 0.25; (1.1 - 1) / 0.4 + 0.5 = 0.75.
    expect(out.pixels[0]).toBeCloseTo(0.25, 5);
    expect(out.pixels[1]).toBeCloseTo(0.75, 5);
  });

  it('refuses a width of 0', () => {
    expect(codeOf(() => applyWindow(row([0]), { ...exact, width: 0 }))).toBe(
      'DICOM_INVALID_WINDOW',
    );
  });
});

describe('windowing with SIGMOID (PS3.3 C.11.2.1.3.1)', () => {
  const sigmoid = { center: 40, width: 80, fn: 'SIGMOID' as const };

  it('maps the centre to the middle of the output range', () => {
    expect(applyWindow(row([40]), sigmoid).pixels[0]).toBeCloseTo(0.5, 7);
  });

  it('follows 1 / (1 + exp(-4 (x - c) / w))', () => {
    // x = 60: -4 * 20 / 80 = -1, so y = 1 / (1 + e^-1) = 0.7310585786.
    expect(applyWindow(row([60]), sigmoid).pixels[0]).toBeCloseTo(0.7310585786, 6);
    // x = 20: y = 1 / (1 + e) = 0.2689414214.
    expect(applyWindow(row([20]), sigmoid).pixels[0]).toBeCloseTo(0.2689414214, 6);
  });

  it('never leaves the output range', () => {
    const out = applyWindow(row([-1e6, 1e6]), { ...sigmoid, outputMin: 2, outputMax: 4 });
    expect(out.pixels[0]).toBe(2);
    expect(out.pixels[1]).toBe(4);
  });
});

describe('windowing inputs and outputs', () => {
  it('keeps size and spacing and leaves the input untouched', () => {
    const input = row([-100, 0, 100]);
    const out = applyWindow(input, WINDOW_PRESETS.brain);
    expect(out.width).toBe(3);
    expect(out.height).toBe(1);
    expect(out.rowSpacingMm).toBe(0.5);
    expect(out.columnSpacingMm).toBe(0.25);
    expect(Array.from(input.pixels)).toEqual([-100, 0, 100]);
    expect(out.pixels).not.toBe(input.pixels);
  });

  it('refuses non-finite centres and unknown functions', () => {
    expect(codeOf(() => applyWindow(row([0]), { center: NaN, width: 10 }))).toBe(
      'DICOM_INVALID_WINDOW',
    );
    expect(
      codeOf(() =>
        applyWindow(row([0]), {
          center: 0,
          width: 10,
          fn: 'GAMMA' as unknown as 'LINEAR',
        }),
      ),
    ).toBe('DICOM_INVALID_WINDOW');
  });
});

describe('window presets', () => {
  it('holds the head CT windows cited in the source', () => {
    expect(WINDOW_PRESETS.brain).toMatchObject({ center: 40, width: 80 });
    expect(WINDOW_PRESETS.subdural).toMatchObject({ center: 80, width: 200 });
    expect(WINDOW_PRESETS.stroke).toMatchObject({ center: 32, width: 8 });
    expect(WINDOW_PRESETS.bone).toMatchObject({ center: 600, width: 2800 });
  });

  it('cannot be modified by a caller', () => {
    expect(Object.isFrozen(WINDOW_PRESETS)).toBe(true);
    expect(Object.isFrozen(WINDOW_PRESETS.brain)).toBe(true);
  });
});

describe('multi-window stack', () => {
  it('returns one image per window in the order given', () => {
    const input = row([40, 600]);
    const [brain, bone] = applyWindows(input, [
      WINDOW_PRESETS.brain,
      WINDOW_PRESETS.bone,
    ]);
    // Brain: 40 -> (0.5 / 79 + 0.5); 600 -> 1. Bone (c 600, w 2800): 600 -> (0.5 / 2799 + 0.5).
    expect(brain.pixels[0]).toBeCloseTo(0.5 / 79 + 0.5, 6);
    expect(brain.pixels[1]).toBe(1);
    expect(bone.pixels[1]).toBeCloseTo(0.5 / 2799 + 0.5, 6);
  });

  it('refuses an empty list and checks every window before computing', () => {
    expect(codeOf(() => applyWindows(row([0]), []))).toBe('DICOM_INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        applyWindows(row([0]), [WINDOW_PRESETS.brain, { center: 0, width: 0 }]),
      ),
    ).toBe('DICOM_INVALID_WINDOW');
  });
});
