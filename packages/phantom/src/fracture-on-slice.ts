import type { PatientModel } from './patient.js';

/** The fracture as it appears on one slice. */
export interface SliceFracture {
  /** Which fracture. */
  readonly kind: 'linear' | 'depressed';
  /** Head-frame azimuth of the fracture on this slice, degrees. */
  readonly azimuthDeg: number;
  /** Linear: gap width, mm. Depressed: width of the edge lines, mm. */
  readonly gapWidthMm: number;
  /** Depressed: inward displacement on this slice, mm (0 for linear). */
  readonly depthMm: number;
  /**
   * Depressed: half-length of the depressed segment along the skull on this slice, mm.
   */
  readonly halfArcMm: number;
}

/**
 * The fracture of a patient as it crosses one slice, or `null` when the slice shows none.
 * A depressed segment is a round cap: its arc and depth shrink towards the first and last
 * slices of the run (to at least 40% and 60% of their central values).
 *
 * @param patient - the patient model
 * @param sliceIndex - zero-based slice index
 * @returns the slice's fracture, or `null`
 */
export function fractureOnSlice(
  patient: PatientModel,
  sliceIndex: number,
): SliceFracture | null {
  const f = patient.fracture;
  if (f === null || sliceIndex < f.firstSlice || sliceIndex > f.lastSlice) return null;
  if (f.kind === 'linear') {
    return {
      kind: 'linear',
      azimuthDeg: f.azimuthDeg + f.azimuthDriftDegPerSlice * (sliceIndex - f.firstSlice),
      gapWidthMm: f.widthMm,
      depthMm: 0,
      halfArcMm: 0,
    };
  }
  const mid = (f.firstSlice + f.lastSlice) / 2;
  const halfRun = (f.lastSlice - f.firstSlice) / 2 + 0.5;
  const u = (sliceIndex - mid) / halfRun;
  const cap = Math.sqrt(Math.max(0, 1 - u * u));
  return {
    kind: 'depressed',
    azimuthDeg: f.azimuthDeg,
    gapWidthMm: f.edgeGapMm,
    depthMm: f.depthMm * (0.6 + 0.4 * cap),
    halfArcMm: f.halfArcMm * Math.max(0.4, cap),
  };
}
