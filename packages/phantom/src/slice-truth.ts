import type { FractureClass } from './fracture-class.js';
import { fractureOnSlice } from './fracture-on-slice.js';
import { levelShape } from './level-shape.js';
import type { PatientModel } from './patient.js';
import { headToPixel, type SliceGeometry } from './slice-geometry.js';
import { surfacePoint, thicknessFactor } from './skull-outline.js';
import { sutureAzimuthsDeg } from './sutures.js';

/** Ground truth of one slice, as written to `manifest.json`. */
export interface SliceTruth {
  /** Zero-based slice index (0 = most superior); Instance Number is this plus 1. */
  readonly sliceIndex: number;
  /** The slice's label. */
  readonly label: FractureClass;
  /** Depth of the slice centre below the vertex, mm. */
  readonly levelBelowVertexMm: number;
  /** Image Position (Patient) of the first pixel, mm (LPS). */
  readonly imagePositionMm: readonly [number, number, number];
  /** Head centre: scanner position (mm, LPS) and fractional pixel position. */
  readonly headCentre: {
    readonly xMm: number;
    readonly yMm: number;
    readonly column: number;
    readonly row: number;
  };
  /** In-plane head tilt, degrees (positive: clockwise as displayed). */
  readonly tiltDeg: number;
  /** Head-frame azimuths of the cranial sutures on this slice, degrees. */
  readonly sutureAzimuthsDeg: readonly number[];
  /** The fracture on this slice, or `null`. */
  readonly fracture: {
    readonly kind: 'linear' | 'depressed';
    /** Head-frame azimuth (0 anterior, 90 patient left), degrees. */
    readonly azimuthDeg: number;
    /**
     * Fractional column of the fracture's centre, at mid-thickness of the (displaced)
     * bone.
     */
    readonly column: number;
    /** Fractional row of that centre. */
    readonly row: number;
    /** Linear: gap width; depressed: width of the edge lines, mm. */
    readonly gapWidthMm: number;
    /** Depressed: inward displacement on this slice, mm (0 for linear). */
    readonly depthMm: number;
    /** Depressed: half-length of the segment along the skull, mm (0 for linear). */
    readonly halfArcMm: number;
    /** Linear: angle of the line to the skull's normal, degrees (0 for depressed). */
    readonly obliquityDeg: number;
  } | null;
}

/**
 * Computes the ground truth of one slice: label, level, head pose, sutures, and where the
 * fracture crosses it.
 *
 * @param patient - the patient model
 * @param geometry - the slice geometry
 * @returns the slice's ground truth
 */
export function sliceTruth(patient: PatientModel, geometry: SliceGeometry): SliceTruth {
  const shape = levelShape(patient, geometry.levelMm);
  const centre = headToPixel(patient, geometry, 0, 0);
  const f = fractureOnSlice(patient, geometry.sliceIndex);
  let fracture: SliceTruth['fracture'] = null;
  if (f !== null) {
    const sp = surfacePoint(
      f.azimuthDeg,
      shape.semiAxisLrMm,
      shape.semiAxisApMm,
      patient.shapeHarmonics,
    );
    const thickness =
      (patient.outerTableMm + patient.diploeMm + patient.innerTableMm) *
      thicknessFactor(patient, sp.cosA, sp.sinA, shape.relativeLevel) *
      shape.obliquity;
    const inward = f.depthMm + thickness / 2;
    const at = headToPixel(
      patient,
      geometry,
      sp.x + sp.nx * inward,
      sp.y + sp.ny * inward,
    );
    const pf = patient.fracture;
    fracture = {
      kind: f.kind,
      azimuthDeg: f.azimuthDeg,
      column: at.column,
      row: at.row,
      gapWidthMm: f.gapWidthMm,
      depthMm: f.depthMm,
      halfArcMm: f.halfArcMm,
      obliquityDeg: pf !== null && pf.kind === 'linear' ? pf.obliquityDeg : 0,
    };
  }
  return {
    sliceIndex: geometry.sliceIndex,
    label: f === null ? 'none' : f.kind,
    levelBelowVertexMm: geometry.levelMm,
    imagePositionMm: geometry.imagePositionMm,
    headCentre: {
      xMm: patient.centreXMm,
      yMm: patient.centreYMm,
      column: centre.column,
      row: centre.row,
    },
    tiltDeg: patient.tiltDeg,
    sutureAzimuthsDeg:
      shape.semiAxisLrMm > 1 ? sutureAzimuthsDeg(patient, shape.relativeLevel) : [],
    fracture,
  };
}
