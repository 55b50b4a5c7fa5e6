import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLASS_MIX,
  patientModel,
  planFractures,
  renderPatientSlice,
  type PatientModel,
} from '@calvaria/phantom';
import { angleBetweenDeg, skullProfile } from './skull-profile.js';

/** The same patient without its fracture: everything else, noise included, is identical. */
const withoutFracture = (p: PatientModel): PatientModel => ({ ...p, fracture: null });

const min = (v: number[]): number => Math.min(...v);
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

describe('linear fractures', () => {
  const patient = patientModel({
    seed: 'linear',
    slicesPerSeries: 12,
    fractureClass: 'linear',
    fractureSlices: { first: 3, last: 8 },
    difficulty: 0,
  });
  const twin = withoutFracture(patient);

  it('interrupts the bone through its whole thickness where the manifest says, nowhere else', () => {
    for (const i of [3, 5, 8]) {
      const slice = renderPatientSlice(patient, i, { noise: false });
      const intact = renderPatientSlice(twin, i, { noise: false });
      const f = slice.truth.fracture!;
      expect(slice.label).toBe('linear');
      expect(f.kind).toBe('linear');
      const clearOfSutures = (a: number): boolean =>
        slice.truth.sutureAzimuthsDeg.every((s) => angleBetweenDeg(a, s) > 3);
      // Outer table, diploe, inner table: the line is oblique, so look within +-8 degrees.
      for (const depthFraction of [0.15, 0.5, 0.85]) {
        const near = (p: { azimuthDeg: number }): boolean =>
          angleBetweenDeg(p.azimuthDeg, f.azimuthDeg) < 8;
        const cut = skullProfile(patient, slice, { depthFraction }).filter(near);
        const whole = skullProfile(patient, intact, { depthFraction })
          .filter(near)
          .filter((p) => clearOfSutures(p.azimuthDeg));
        // Gap 2-3 mm wide at difficulty 0, filled with soft tissue (40-70 HU).
        expect(min(cut.map((p) => p.hu)), `depth ${depthFraction}`).toBeLessThan(300);
        // The intact twin: cortical bone (tables) or diploe (middle) all along.
        if (whole.length > 0) {
          expect(min(whole.map((p) => p.hu))).toBeGreaterThan(
            depthFraction === 0.5 ? 250 : 700,
          );
        }
      }
      // Away from it the fractured slice and its twin are the same image.
      const cutAll = skullProfile(patient, slice);
      const wholeAll = skullProfile(patient, intact);
      cutAll.forEach((p, k) => {
        if (angleBetweenDeg(p.azimuthDeg, f.azimuthDeg) > 20)
          expect(p.hu).toBe(wholeAll[k].hu);
      });
    }
  });

  it('marks slices outside the run as not fractured and leaves them untouched', () => {
    for (const i of [0, 2, 9, 11]) {
      const slice = renderPatientSlice(patient, i, { width: 128, height: 128 });
      const intact = renderPatientSlice(twin, i, { width: 128, height: 128 });
      expect(slice.label).toBe('none');
      expect(slice.truth.fracture).toBeNull();
      expect(Array.from(slice.image.pixels)).toEqual(Array.from(intact.image.pixels));
    }
  });

  it('narrows and fills the gap as difficulty rises (0.5-0.9 mm at difficulty 1)', () => {
    for (let k = 0; k < 20; k++) {
      const hard = patientModel({ seed: k, fractureClass: 'linear', difficulty: 1 });
      const easy = patientModel({ seed: k, fractureClass: 'linear', difficulty: 0 });
      if (hard.fracture?.kind !== 'linear' || easy.fracture?.kind !== 'linear')
        throw new Error();
      expect(hard.fracture.widthMm).toBeGreaterThanOrEqual(0.5);
      expect(hard.fracture.widthMm).toBeLessThanOrEqual(0.9);
      expect(easy.fracture.widthMm).toBeGreaterThanOrEqual(2);
      expect(easy.fracture.widthMm).toBeLessThanOrEqual(3);
    }
  });
});

describe('depressed fractures', () => {
  const patient = patientModel({
    seed: 'depressed',
    slicesPerSeries: 12,
    fractureClass: 'depressed',
    fractureSlices: { first: 2, last: 9 },
    difficulty: 0,
  });

  it('moves the bone segment inward by the manifest depth, with bone continuous elsewhere', () => {
    for (const i of [2, 5, 9]) {
      const slice = renderPatientSlice(patient, i, { noise: false });
      const intact = renderPatientSlice(withoutFracture(patient), i, { noise: false });
      const f = slice.truth.fracture!;
      expect(slice.label).toBe('depressed');
      expect(f.depthMm).toBeGreaterThan(2.9);
      const outline = skullProfile(patient, slice, { depthFraction: 0.15 });
      const displaced = skullProfile(patient, slice, {
        depthFraction: 0.15,
        extraInwardMm: f.depthMm,
      });
      // Arc of the segment in degrees, from its half-length in mm and the skull's radius.
      const centre = outline.filter(
        (p) => angleBetweenDeg(p.azimuthDeg, f.azimuthDeg) < 2,
      );
      const centreDisplaced = displaced.filter(
        (p) => angleBetweenDeg(p.azimuthDeg, f.azimuthDeg) < 2,
      );
      // Where the bone used to be there is soft tissue; one depth further in there is bone.
      expect(mean(centre.map((p) => p.hu))).toBeLessThan(200);
      expect(mean(centreDisplaced.map((p) => p.hu))).toBeGreaterThan(700);
      // The image at the manifest's fracture centre (mid-thickness, displaced) is bone.
      const c = Math.round(f.column);
      const r = Math.round(f.row);
      expect(slice.image.pixels[r * slice.image.width + c]).toBeGreaterThan(300);
      // Far from the segment the skull is intact and identical to the twin's.
      const intactOutline = skullProfile(patient, intact, { depthFraction: 0.15 });
      outline.forEach((p, k) => {
        if (angleBetweenDeg(p.azimuthDeg, f.azimuthDeg) > 40) {
          expect(p.hu).toBe(intactOutline[k].hu);
        }
      });
    }
  });

  it('goes from 1.5-3 mm deep at difficulty 1 to 5-9 mm at difficulty 0', () => {
    for (let k = 0; k < 20; k++) {
      const hard = patientModel({ seed: k, fractureClass: 'depressed', difficulty: 1 });
      const easy = patientModel({ seed: k, fractureClass: 'depressed', difficulty: 0 });
      if (hard.fracture?.kind !== 'depressed' || easy.fracture?.kind !== 'depressed') {
        throw new Error('expected depressed fractures');
      }
      expect(hard.fracture.depthMm).toBeGreaterThanOrEqual(1.5);
      expect(hard.fracture.depthMm).toBeLessThanOrEqual(3);
      expect(easy.fracture.depthMm).toBeGreaterThanOrEqual(5);
      expect(easy.fracture.depthMm).toBeLessThanOrEqual(9);
    }
  });
});

describe('class mix', () => {
  it('meets the default 39/21/40 mix of slices exactly on a demo-sized cohort', () => {
    // 50 patients x 40 slices = 2000 slices: 780 linear, 420 depressed, 800 none.
    const plans = planFractures(50, 40, DEFAULT_CLASS_MIX, 'mix');
    const counts = { linear: 0, depressed: 0, none: 0 };
    for (const p of plans) {
      const run = p.kind === 'none' ? 0 : p.last - p.first + 1;
      if (p.kind !== 'none') {
        counts[p.kind] += run;
        expect(run).toBeGreaterThanOrEqual(3);
        expect(p.first).toBeGreaterThanOrEqual(0);
        expect(p.last).toBeLessThan(40);
      }
      counts.none += 40 - run;
    }
    expect(counts).toEqual({ linear: 780, depressed: 420, none: 800 });
  });

  it('honours a custom mix and keeps each fracture on contiguous slices', () => {
    const plans = planFractures(10, 20, { linear: 0, depressed: 1, none: 1 }, 7);
    expect(plans.some((p) => p.kind === 'linear')).toBe(false);
    const depressed = plans.filter((p) => p.kind === 'depressed');
    expect(depressed.reduce((n, p) => n + p.last - p.first + 1, 0)).toBe(100);
  });

  it('refuses a mix with negative or all-zero shares', () => {
    expect(() => planFractures(2, 5, { linear: -1, depressed: 1, none: 1 }, 1)).toThrow(
      expect.objectContaining({ code: 'PHANTOM_INVALID_ARGUMENT' }),
    );
    expect(() => planFractures(2, 5, { linear: 0, depressed: 0, none: 0 }, 1)).toThrow(
      /classMix/,
    );
  });
});
