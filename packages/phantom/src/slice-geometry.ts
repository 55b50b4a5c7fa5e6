import { detCos, detSin, RAD_PER_DEG } from './det-math.js';
import type { PatientModel } from './patient.js';

/**
 * Where one slice of a patient lies: its level in the head, its pixel grid in scanner
 * coordinates (DICOM patient coordinates, LPS: x to the patient's left, y posterior, z
 * superior), and the head's pose in it.
 */
export interface SliceGeometry {
  /** Zero-based slice index; 0 is the most superior slice. */
  readonly sliceIndex: number;
  /** Depth of the slice centre below the vertex, mm. */
  readonly levelMm: number;
  /** Number of columns. */
  readonly width: number;
  /** Number of rows. */
  readonly height: number;
  /** Distance between column centres, mm. */
  readonly columnSpacingMm: number;
  /** Distance between row centres, mm. */
  readonly rowSpacingMm: number;
  /** DICOM Image Position (Patient) (0020,0032): centre of the first pixel, mm. */
  readonly imagePositionMm: readonly [number, number, number];
  /** Cosine of the head tilt. */
  readonly cosTilt: number;
  /** Sine of the head tilt. */
  readonly sinTilt: number;
}

/**
 * Computes the geometry of a slice. The image is centred on the scanner axis; slice `i`
 * lies at z = -(level of slice i below the vertex), so z decreases with the slice index.
 *
 * @param patient - the patient model
 * @param sliceIndex - zero-based slice index
 * @param width - number of columns
 * @param height - number of rows
 * @returns the slice geometry
 */
export function sliceGeometry(
  patient: PatientModel,
  sliceIndex: number,
  width: number,
  height: number,
): SliceGeometry {
  const columnSpacingMm = patient.fieldOfViewMm / width;
  const rowSpacingMm = patient.fieldOfViewMm / height;
  // In tenths of a millimetre, then divided once: the shortest decimal text of the level
  // has at most one decimal for 0.1 mm multiples, so DICOM decimal strings keep it
  // exactly.
  const levelMm =
    Math.round(
      10 * patient.firstSliceLevelMm + 10 * sliceIndex * patient.sliceSpacingMm,
    ) / 10;
  const tiltRad = patient.tiltDeg * RAD_PER_DEG;
  return {
    sliceIndex,
    levelMm,
    width,
    height,
    columnSpacingMm,
    rowSpacingMm,
    imagePositionMm: [
      -patient.fieldOfViewMm / 2 + columnSpacingMm / 2,
      -patient.fieldOfViewMm / 2 + rowSpacingMm / 2,
      -levelMm,
    ],
    cosTilt: detCos(tiltRad),
    sinTilt: detSin(tiltRad),
  };
}

/**
 * Maps a point in the head frame (x to the patient's left, y posterior, origin at the
 * head centre, before tilt) to fractional pixel coordinates of the slice.
 *
 * @param patient - the patient model
 * @param geometry - the slice geometry
 * @param xMm - head-frame x, mm
 * @param yMm - head-frame y, mm
 * @returns column and row (fractional, 0 at the first pixel centre)
 */
export function headToPixel(
  patient: PatientModel,
  geometry: SliceGeometry,
  xMm: number,
  yMm: number,
): { column: number; row: number } {
  const xs = patient.centreXMm + geometry.cosTilt * xMm - geometry.sinTilt * yMm;
  const ys = patient.centreYMm + geometry.sinTilt * xMm + geometry.cosTilt * yMm;
  return {
    column: (xs - geometry.imagePositionMm[0]) / geometry.columnSpacingMm,
    row: (ys - geometry.imagePositionMm[1]) / geometry.rowSpacingMm,
  };
}
