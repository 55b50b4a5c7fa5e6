import type { DicomFile } from './dicom-file.js';
import type {
  SeriesSummary,
  SliceDuplicate,
  SliceEntry,
  SliceGap,
} from './series-summary.js';

/** What `scanFolder` keeps of one file. @internal */
export interface ScannedSlice {
  readonly path: string;
  readonly file: Pick<
    DicomFile,
    | 'patientId'
    | 'studyInstanceUid'
    | 'seriesInstanceUid'
    | 'seriesNumber'
    | 'seriesDescription'
    | 'convolutionKernel'
    | 'contrastBolusAgent'
    | 'modality'
    | 'sopInstanceUid'
    | 'instanceNumber'
    | 'numberOfFrames'
    | 'sliceThicknessMm'
    | 'rows'
    | 'columns'
    | 'pixelSpacingMm'
    | 'imagePositionPatientMm'
    | 'imageOrientationPatient'
    | 'gantryTiltDeg'
  >;
}

const DUPLICATE_MM = 0.01;
const GAP_FACTOR = 1.5;

function cross(o: readonly number[]): [number, number, number] {
  const [a1, a2, a3, b1, b2, b3] = o;
  return [a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1];
}

function sameOrientation(a: readonly number[], b: readonly number[]): boolean {
  return a.every((v, i) => Math.abs(v - b[i]) < 1e-4);
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function compareOptional(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

/**
 * Orders the slices of one series along the slice normal and measures spacing, gaps,
 * duplicates and tilt.
 *
 * The normal is the cross product of the row and column direction cosines of Image
 * Orientation (Patient); each slice's position is Image Position (Patient) projected on
 * it (DICOM PS3.3 C.7.6.2.1.1). Without a common orientation and a position on every
 * slice, the order falls back to Instance Number, then to the file path.
 *
 * @internal
 */
export function summarizeSeries(
  seriesUid: string,
  scanned: readonly ScannedSlice[],
): SeriesSummary {
  const first = scanned[0].file;
  const orientation = first.imageOrientationPatient;
  const geometric =
    orientation !== undefined &&
    scanned.every(
      (s) =>
        s.file.imagePositionPatientMm !== undefined &&
        s.file.imageOrientationPatient !== undefined &&
        sameOrientation(s.file.imageOrientationPatient, orientation),
    );
  const normal = geometric ? cross(orientation) : undefined;
  const project = (s: ScannedSlice): number | undefined => {
    const p = s.file.imagePositionPatientMm;
    return normal === undefined || p === undefined
      ? undefined
      : p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
  };
  const byInstance = scanned.every((s) => s.file.instanceNumber !== undefined);
  const orderedBy = geometric ? 'position' : byInstance ? 'instanceNumber' : 'path';
  const sorted = [...scanned].sort((a, b) => {
    const primary =
      orderedBy === 'position'
        ? project(a)! - project(b)!
        : orderedBy === 'instanceNumber'
          ? a.file.instanceNumber! - b.file.instanceNumber!
          : 0;
    if (primary !== 0) return primary;
    const byNumber = compareOptional(a.file.instanceNumber, b.file.instanceNumber);
    return byNumber !== 0 ? byNumber : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  });
  const slices: SliceEntry[] = sorted.map((s) => ({
    path: s.path,
    sopInstanceUid: s.file.sopInstanceUid,
    instanceNumber: s.file.instanceNumber,
    positionAlongNormalMm: project(s),
    numberOfFrames: s.file.numberOfFrames,
  }));

  const duplicates: SliceDuplicate[] = [];
  const steps: { afterIndex: number; distanceMm: number }[] = [];
  if (orderedBy === 'position') {
    let distinct = 0;
    for (let i = 1; i < slices.length; i++) {
      const d =
        slices[i].positionAlongNormalMm! - slices[distinct].positionAlongNormalMm!;
      if (d < DUPLICATE_MM) {
        duplicates.push({ index: i, duplicateOf: distinct });
      } else {
        steps.push({ afterIndex: distinct, distanceMm: d });
        distinct = i;
      }
    }
  }
  const sliceSpacingMm =
    steps.length > 0 ? median(steps.map((s) => s.distanceMm)) : undefined;
  const gaps: SliceGap[] =
    sliceSpacingMm === undefined
      ? []
      : steps.filter((s) => s.distanceMm > GAP_FACTOR * sliceSpacingMm);

  let shearDeg: number | undefined;
  if (normal !== undefined && slices.length >= 2) {
    const a = sorted[0].file.imagePositionPatientMm!;
    const b = sorted[sorted.length - 1].file.imagePositionPatientMm!;
    const delta = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const length = Math.hypot(delta[0], delta[1], delta[2]);
    if (length > DUPLICATE_MM) {
      const cos = Math.abs(
        delta[0] * normal[0] + delta[1] * normal[1] + delta[2] * normal[2],
      );
      shearDeg = (Math.acos(Math.min(1, cos / length)) * 180) / Math.PI;
    }
  }
  const gantryTiltDeg = first.gantryTiltDeg;
  const tilted =
    (gantryTiltDeg !== undefined && Math.abs(gantryTiltDeg) > 0.01) ||
    (shearDeg !== undefined && shearDeg > 0.5);

  return {
    patientId: first.patientId,
    studyInstanceUid: first.studyInstanceUid,
    seriesInstanceUid: seriesUid,
    seriesNumber: first.seriesNumber,
    seriesDescription: first.seriesDescription,
    convolutionKernel: first.convolutionKernel,
    contrastBolusAgent: first.contrastBolusAgent,
    modality: first.modality,
    sliceThicknessMm: first.sliceThicknessMm,
    rows: first.rows,
    columns: first.columns,
    pixelSpacingMm: first.pixelSpacingMm,
    normal,
    orderedBy,
    slices,
    sliceSpacingMm,
    gaps,
    duplicates,
    gantryTiltDeg,
    shearDeg,
    tilted,
  };
}
