/** One slice of a series, as `scanFolder` found it. */
export interface SliceEntry {
  /** Path of the file. */
  readonly path: string;
  /** SOP Instance UID (0008,0018). */
  readonly sopInstanceUid: string | undefined;
  /** Instance Number (0020,0013). */
  readonly instanceNumber: number | undefined;
  /** Image Position (Patient) projected on the slice normal, in millimetres. */
  readonly positionAlongNormalMm: number | undefined;
  /** Number of frames in the file (1 for a classic CT slice). */
  readonly numberOfFrames: number;
}

/**
 * A gap between two consecutive slices: more than 1.5 times the series' slice spacing.
 */
export interface SliceGap {
  /** Index (in `slices`) of the slice before the gap. */
  readonly afterIndex: number;
  /** Distance between the two slices, in millimetres. */
  readonly distanceMm: number;
}

/** A slice at the same position as an earlier one (within 0.01 mm). */
export interface SliceDuplicate {
  /** Index (in `slices`) of the duplicate. */
  readonly index: number;
  /** Index (in `slices`) of the slice it duplicates. */
  readonly duplicateOf: number;
}

/** One series: its identity, geometry, and ordered slices. */
export interface SeriesSummary {
  /** Patient ID (0010,0020). Patient data: never log it. */
  readonly patientId: string | undefined;
  /** Study Instance UID (0020,000D). */
  readonly studyInstanceUid: string | undefined;
  /** Series Instance UID (0020,000E). */
  readonly seriesInstanceUid: string;
  /** Series Number (0020,0011). */
  readonly seriesNumber: number | undefined;
  /** Series Description (0008,103E). */
  readonly seriesDescription: string | undefined;
  /** Convolution Kernel (0018,1210) of the first slice: the reconstruction filter. */
  readonly convolutionKernel: string | undefined;
  /** Contrast/Bolus Agent (0018,0010) of the first slice; undefined for a plain scan. */
  readonly contrastBolusAgent: string | undefined;
  /** Modality (0008,0060). */
  readonly modality: string | undefined;
  /** Slice Thickness (0018,0050) of the first slice, in millimetres. */
  readonly sliceThicknessMm: number | undefined;
  /** Rows of the first slice. */
  readonly rows: number;
  /** Columns of the first slice. */
  readonly columns: number;
  /**
   * Pixel Spacing of the first slice: [between rows, between columns], in millimetres.
   */
  readonly pixelSpacingMm: readonly [number, number] | undefined;
  /**
   * Slice normal (row direction x column direction), when every slice has an orientation.
   */
  readonly normal: readonly [number, number, number] | undefined;
  /**
   * How slices were ordered: `position` (along the normal, increasing), `instanceNumber`
   * (a slice lacks position or orientation, or orientations differ), or `path` (neither).
   */
  readonly orderedBy: 'position' | 'instanceNumber' | 'path';
  /** The slices in order. */
  readonly slices: readonly SliceEntry[];
  /**
   * Median distance between consecutive distinct slices, in millimetres; undefined below
   * 2.
   */
  readonly sliceSpacingMm: number | undefined;
  /** Gaps larger than 1.5 x `sliceSpacingMm`. */
  readonly gaps: readonly SliceGap[];
  /** Slices at the same position as another. */
  readonly duplicates: readonly SliceDuplicate[];
  /** Gantry/Detector Tilt (0018,1120) of the first slice, in degrees. */
  readonly gantryTiltDeg: number | undefined;
  /**
   * Angle between the line through the first and last slice positions and the slice
   * normal, in degrees (0 for a plain stack; non-zero for a sheared, gantry-tilted
   * acquisition).
   */
  readonly shearDeg: number | undefined;
  /** Whether the series is tilted: |gantry tilt| > 0.01 deg or shear > 0.5 deg. */
  readonly tilted: boolean;
}

/** A study's series. */
export interface StudySummary {
  /** Study Instance UID (0020,000D); undefined when the files lack it. */
  readonly studyInstanceUid: string | undefined;
  /** The study's series, by series number then UID. */
  readonly series: readonly SeriesSummary[];
}

/** A patient's studies. */
export interface PatientSummary {
  /** Patient ID (0010,0020). Patient data: never log it. */
  readonly patientId: string | undefined;
  /** The patient's studies. */
  readonly studies: readonly StudySummary[];
}
