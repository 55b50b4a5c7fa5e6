import type { PatientModel } from './patient.js';

/** The skull's cross-section at one level below the vertex. */
export interface LevelShape {
  /**
   * Left-right semi-axis of the outer skull surface at this level, mm (0 above the
   * vertex).
   */
  readonly semiAxisLrMm: number;
  /** Anterior-posterior semi-axis of the outer skull surface at this level, mm. */
  readonly semiAxisApMm: number;
  /**
   * Level relative to the vertex-to-equator distance (0 vertex, 1 widest, about 1.5
   * base).
   */
  readonly relativeLevel: number;
  /**
   * Factor by which layers (scalp, tables, diploe) appear thicker in the slice than their
   * true thickness, because the surface is cut obliquely: sqrt(1 + (dr/dz)^2), capped at
   * 3.5.
   */
  readonly obliquity: number;
  /** In-plane width over which the surface moves within one slice thickness, mm. */
  readonly throughPlaneBlurMm: number;
}

/** How far below the equator the skull narrows by a quarter, mm. */
const BASE_NARROWING_MM = 55;

/**
 * Shape of the skull's cross-section at a level: an ellipsoidal cap from the vertex to
 * the widest level, then a slow narrowing towards the skull base.
 *
 * @param patient - the patient model
 * @param levelMm - depth below the vertex, mm
 * @returns semi-axes, relative level and obliquity of the cut
 */
export function levelShape(patient: PatientModel, levelMm: number): LevelShape {
  const c = patient.vertexToEquatorMm;
  let k: number;
  let dkdz: number;
  if (levelMm <= 0) {
    k = 0;
    dkdz = 0;
  } else if (levelMm <= c) {
    k = Math.sqrt(levelMm * (2 * c - levelMm)) / c;
    dkdz = (c - levelMm) / (c * c * Math.max(k, 1e-3));
  } else {
    const u = (levelMm - c) / BASE_NARROWING_MM;
    k = Math.max(0.3, 1 - 0.25 * u * u);
    dkdz = (-0.5 * u) / BASE_NARROWING_MM;
  }
  const meanAxis = (patient.skullSemiAxisLrMm + patient.skullSemiAxisApMm) / 2;
  const slope = meanAxis * dkdz;
  return {
    semiAxisLrMm: patient.skullSemiAxisLrMm * k,
    semiAxisApMm: patient.skullSemiAxisApMm * k,
    relativeLevel: levelMm / c,
    obliquity: Math.min(3.5, Math.sqrt(1 + slope * slope)),
    throughPlaneBlurMm: Math.min(4, patient.sliceThicknessMm * Math.abs(slope)),
  };
}
