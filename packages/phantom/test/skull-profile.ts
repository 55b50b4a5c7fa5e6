import type { PatientModel, PhantomSlice } from '@calvaria/phantom';
import { levelShape } from '../src/level-shape.js';
import { headToPixel, sliceGeometry } from '../src/slice-geometry.js';
import { surfacePoint, thicknessFactor } from '../src/skull-outline.js';

/** Bilinear sample of an image at fractional pixel coordinates. */
export function sampleAt(slice: PhantomSlice, column: number, row: number): number {
  const { pixels, width, height } = slice.image;
  const c0 = Math.max(0, Math.min(width - 2, Math.floor(column)));
  const r0 = Math.max(0, Math.min(height - 2, Math.floor(row)));
  const fc = Math.min(1, Math.max(0, column - c0));
  const fr = Math.min(1, Math.max(0, row - r0));
  const at = (c: number, r: number): number => pixels[r * width + c];
  const top = at(c0, r0) * (1 - fc) + at(c0 + 1, r0) * fc;
  const bottom = at(c0, r0 + 1) * (1 - fc) + at(c0 + 1, r0 + 1) * fc;
  return top * (1 - fr) + bottom * fr;
}

/**
 * HU along the skull at a given depth below the outer surface (as a fraction of the local
 * bone thickness, plus an extra inward shift in mm), sampled every `stepDeg` of azimuth.
 * This is the "bone continuity" profile: high (cortical bone) all around an intact skull.
 */
export function skullProfile(
  patient: PatientModel,
  slice: PhantomSlice,
  options: { depthFraction?: number; extraInwardMm?: number; stepDeg?: number } = {},
): { azimuthDeg: number; hu: number }[] {
  const { width, height } = slice.image;
  const geometry = sliceGeometry(patient, slice.truth.sliceIndex, width, height);
  const shape = levelShape(patient, geometry.levelMm);
  const step = options.stepDeg ?? 0.25;
  const out: { azimuthDeg: number; hu: number }[] = [];
  for (let a = 0; a < 360; a += step) {
    const sp = surfacePoint(
      a,
      shape.semiAxisLrMm,
      shape.semiAxisApMm,
      patient.shapeHarmonics,
    );
    const thickness =
      (patient.outerTableMm + patient.diploeMm + patient.innerTableMm) *
      thicknessFactor(patient, sp.cosA, sp.sinA, shape.relativeLevel) *
      shape.obliquity;
    const inward =
      thickness * (options.depthFraction ?? 0.5) + (options.extraInwardMm ?? 0);
    const px = headToPixel(
      patient,
      geometry,
      sp.x + sp.nx * inward,
      sp.y + sp.ny * inward,
    );
    out.push({ azimuthDeg: a, hu: sampleAt(slice, px.column, px.row) });
  }
  return out;
}

/** Smallest angular distance between two azimuths, degrees. */
export function angleBetweenDeg(a: number, b: number): number {
  const d = (((a - b) % 360) + 360) % 360;
  return Math.min(d, 360 - d);
}
