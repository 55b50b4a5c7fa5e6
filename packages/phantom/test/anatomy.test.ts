import { describe, expect, it } from 'vitest';
import {
  generatePatient,
  patientModel,
  renderPatientSlice,
  TISSUE,
  type PhantomSlice,
} from '@calvaria/phantom';
import { levelShape } from '../src/level-shape.js';

/**
 * HU ranges the issue specifies for each tissue (issue 4: cortical bone about 1000-1900 HU,
 * diploe about 300-700 HU, grey and white matter about 25-45 HU), and textbook values for the
 * others (CSF 0-15 HU, fat -120 to -60 HU, skin and muscle 20-60 HU).
 */
const RANGES: Record<string, [number, number]> = {
  outerTable: [1000, 1900],
  innerTable: [1000, 1900],
  diploe: [300, 700],
  greyMatter: [25, 45],
  whiteMatter: [25, 45],
  csf: [0, 15],
  fat: [-120, -60],
  skin: [20, 60],
  muscle: [20, 60],
};

/** Pixels whose 3x3 neighbourhood has one tissue: away from partial-volume edges. */
function corePixels(slice: PhantomSlice, code: number): number[] {
  const { width, height } = slice.image;
  const t = slice.tissue!;
  const out: number[] = [];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (t[i] !== code) continue;
      if (
        t[i - 1] === code &&
        t[i + 1] === code &&
        t[i - width] === code &&
        t[i + width] === code &&
        t[i - width - 1] === code &&
        t[i - width + 1] === code &&
        t[i + width - 1] === code &&
        t[i + width + 1] === code
      ) {
        out.push(i);
      }
    }
  }
  return out;
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

describe('anatomy in Hounsfield units', () => {
  // Three patients, slices from the vertex region to the skull base, at full resolution.
  const models = [0, 1, 2].map((patientIndex) =>
    patientModel({ seed: 'anatomy', patientIndex, slicesPerSeries: 100 }),
  );
  const picks = models.flatMap((m) =>
    [5, 35, 65, 95].map((i) =>
      renderPatientSlice(m, i, { includeTissueMap: true, noise: false }),
    ),
  );

  it('keeps noise-free tissue values inside the specified ranges (2nd-98th percentile)', () => {
    // Near the vertex the skull is cut tangentially and layers blur into each other over
    // millimetres (partial volume, modelled on purpose): judge tissues where the cut is steep.
    const steep = picks.filter((slice, k) => {
      const model = models[Math.floor(k / 4)];
      return levelShape(model, slice.truth.levelBelowVertexMm).throughPlaneBlurMm < 0.5;
    });
    expect(steep.length).toBeGreaterThanOrEqual(6);
    for (const [name, [lo, hi]] of Object.entries(RANGES)) {
      const values: number[] = [];
      for (const slice of steep) {
        for (const i of corePixels(slice, TISSUE[name as keyof typeof TISSUE])) {
          values.push(slice.image.pixels[i]);
        }
      }
      expect(values.length, name).toBeGreaterThan(100);
      values.sort((a, b) => a - b);
      const p02 = values[Math.floor(values.length * 0.02)];
      const p98 = values[Math.floor(values.length * 0.98)];
      expect(p02, `${name} 2nd percentile`).toBeGreaterThanOrEqual(lo);
      expect(p98, `${name} 98th percentile`).toBeLessThanOrEqual(hi);
    }
  });

  it('keeps tissue means inside the ranges once CT noise is added', () => {
    for (const [name, [lo, hi]] of Object.entries(RANGES)) {
      const values: number[] = [];
      for (const i of [20, 50, 80]) {
        const slice = renderPatientSlice(models[1], i, { includeTissueMap: true });
        for (const p of corePixels(slice, TISSUE[name as keyof typeof TISSUE])) {
          values.push(slice.image.pixels[p]);
        }
      }
      if (values.length < 50) continue;
      const m = mean(values);
      expect(m, name).toBeGreaterThanOrEqual(lo);
      expect(m, name).toBeLessThanOrEqual(hi);
    }
  });

  it('adds spatially correlated noise of about the patient noise level (tens of HU)', () => {
    const clean = generatePatient({ seed: 'noise', slicesPerSeries: 1, noise: false });
    const noisy = generatePatient({ seed: 'noise', slicesPerSeries: 1 });
    const a = clean.slices[0].image.pixels;
    const b = noisy.slices[0].image.pixels;
    const diff: number[] = [];
    let lag1 = 0;
    let lag5 = 0;
    // Inside the head only (air is clipped at -1024).
    for (let i = 0; i < a.length - 5; i++) {
      if (a[i] > -500 && a[i + 1] > -500 && a[i + 5] > -500) {
        const d = b[i] - a[i];
        diff.push(d);
        lag1 += d * (b[i + 1] - a[i + 1]);
        lag5 += d * (b[i + 5] - a[i + 5]);
      }
    }
    const variance = mean(diff.map((d) => d * d));
    const sd = Math.sqrt(variance);
    // The model draws the noise SD; rounding to integers adds 1/12 HU^2 of variance.
    expect(sd).toBeGreaterThan(noisy.patient.noiseSdHu * 0.9);
    expect(sd).toBeLessThan(noisy.patient.noiseSdHu * 1.1);
    expect(sd).toBeGreaterThanOrEqual(8);
    // [1 4 6 4 1]/16 smoothing: correlation 56/70 = 0.8 at one pixel, 0 beyond four.
    expect(lag1 / diff.length / variance).toBeGreaterThan(0.7);
    expect(Math.abs(lag5 / diff.length / variance)).toBeLessThan(0.1);
  });

  it('changes with the level: a small bone ring at the vertex, ventricles mid-head, skull base', () => {
    const s = generatePatient({
      seed: 'anatomy',
      slicesPerSeries: 100,
      width: 128,
      height: 128,
      includeTissueMap: true,
      noise: false,
    });
    const headPixels = (slice: PhantomSlice): number =>
      slice.tissue!.reduce(
        (n, t) => n + (t !== TISSUE.air && t < TISSUE.headRestShell ? 1 : 0),
        0,
      );
    const top = s.slices.find((x) => x.truth.levelBelowVertexMm < 20)!;
    const mid = s.slices.find((x) => Math.abs(x.truth.levelBelowVertexMm - 60) < 1)!;
    expect(headPixels(top)).toBeLessThan(headPixels(mid) * 0.8);
    const levels = s.slices.map((x) => x.truth.levelBelowVertexMm);
    expect(levels[1] - levels[0]).toBeCloseTo(1, 9);
    const skullBase = s.slices.filter((x) =>
      x.tissue!.some((t) => t === TISSUE.skullBase),
    );
    expect(skullBase.length).toBeGreaterThan(0);
    expect(Math.min(...skullBase.map((x) => x.truth.levelBelowVertexMm))).toBeGreaterThan(
      s.patient.vertexToEquatorMm,
    );
  });

  it('varies skull size, shape and thickness between patients', () => {
    const m = models;
    expect(new Set(m.map((p) => p.skullSemiAxisApMm.toFixed(2))).size).toBe(3);
    expect(new Set(m.map((p) => p.diploeMm.toFixed(2))).size).toBe(3);
    expect(new Set(m.map((p) => p.tiltDeg.toFixed(2))).size).toBe(3);
    for (const p of m) {
      expect(Math.abs(p.tiltDeg)).toBeLessThanOrEqual(20);
      expect(p.fieldOfViewMm / 512).toBeGreaterThanOrEqual(0.4);
      expect(p.fieldOfViewMm / 512).toBeLessThanOrEqual(0.5);
    }
  });
});
