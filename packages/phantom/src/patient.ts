import type { Fracture } from './fracture.js';

/**
 * Mean Hounsfield units of the tissues of one patient (before texture, blur and noise).
 */
export interface TissueHu {
  /** Outer table of the skull (cortical bone). */
  readonly outerTable: number;
  /** Inner table of the skull (cortical bone). */
  readonly innerTable: number;
  /** Diploe (cancellous bone between the tables), mean before texture. */
  readonly diploe: number;
  /** Cortical grey matter and deep grey nuclei. */
  readonly greyMatter: number;
  /** White matter. */
  readonly whiteMatter: number;
  /** Cerebrospinal fluid (subarachnoid space, sulci, ventricles). */
  readonly csf: number;
  /** Skin and galea. */
  readonly skin: number;
  /** Subcutaneous fat of the scalp. */
  readonly fat: number;
  /** Temporal muscle. */
  readonly muscle: number;
  /**
   * What fills a fracture gap and the swelling over a depressed fracture (blood, soft
   * tissue).
   */
  readonly fractureFill: number;
  /** Dense bone of the skull base (petrous bone, clivus). */
  readonly skullBase: number;
  /** Head-rest shell (carbon fibre / plastic). */
  readonly headRestShell: number;
  /** Foam pad between head and head rest. */
  readonly headRestPad: number;
}

/**
 * A subgaleal haematoma: a lens of blood between the galea and the skull that thickens
 * the scalp. It lies over most fractures, and over the intact skull of some patients (a
 * bruise without fracture), so that it hints at a fracture without giving the label away.
 */
export interface ScalpHaematoma {
  /** First slice index that shows it. */
  readonly firstSlice: number;
  /** Last slice index that shows it. */
  readonly lastSlice: number;
  /** Head-frame azimuth of its centre, degrees. */
  readonly azimuthDeg: number;
  /** Largest thickness, mm. */
  readonly thicknessMm: number;
  /** Half-length along the scalp, mm. */
  readonly halfLengthMm: number;
}

/**
 * Everything that describes one synthetic patient and their acquisition. Lengths in
 * millimetres, angles in degrees, densities in Hounsfield units. Written to
 * `manifest.json`.
 */
export interface PatientModel {
  /** Cohort seed, as text; with the patient index it keys the noise of every slice. */
  readonly seed: string;
  /** Zero-based index of the patient in the cohort. */
  readonly patientIndex: number;
  /** Patient ID written to DICOM (0010,0020), e.g. `PH0001`. */
  readonly patientId: string;
  /** Overall head size relative to the reference adult (about 0.9-1.07). */
  readonly sizeScale: number;
  /** Left-right semi-axis of the outer skull surface at its widest level, mm. */
  readonly skullSemiAxisLrMm: number;
  /** Anterior-posterior semi-axis of the outer skull surface at its widest level, mm. */
  readonly skullSemiAxisApMm: number;
  /** Distance from the vertex down to the widest level of the skull, mm. */
  readonly vertexToEquatorMm: number;
  /**
   * Relative shape harmonics of the outline: [cos 2, sin 2, cos 3, sin 3, cos 4, sin 4].
   */
  readonly shapeHarmonics: readonly number[];
  /** Outer table thickness at the reference azimuth, mm. */
  readonly outerTableMm: number;
  /** Diploe thickness at the reference azimuth, mm. */
  readonly diploeMm: number;
  /** Inner table thickness at the reference azimuth, mm. */
  readonly innerTableMm: number;
  /** Relative thickness harmonics: [cos 1, sin 1, cos 2] (frontal/occipital thicker). */
  readonly thicknessHarmonics: readonly number[];
  /** Scalp thickness (skin, fat, galea), mm. */
  readonly scalpMm: number;
  /** Extra thickness of the temporal muscle at the temples, mm. */
  readonly temporalMuscleMm: number;
  /** Subarachnoid CSF layer under the inner table, mm (larger = more atrophy). */
  readonly subarachnoidMm: number;
  /** Cortical grey matter thickness, mm. */
  readonly cortexMm: number;
  /** Ventricle size relative to the reference adult. */
  readonly ventricleScale: number;
  /** Azimuth offsets of the coronal, sagittal and lambdoid sutures, degrees. */
  readonly sutureJitterDeg: readonly number[];
  /** Suture width, mm. */
  readonly sutureWidthMm: number;
  /** Tissue densities. */
  readonly hu: TissueHu;
  /** Standard deviation of the CT noise in a uniform region, HU. */
  readonly noiseSdHu: number;
  /**
   * In-plane rotation of the head about the scanner axis, degrees (positive: clockwise as
   * displayed).
   */
  readonly tiltDeg: number;
  /** Head centre, scanner x (patient left), relative to the image centre, mm. */
  readonly centreXMm: number;
  /** Head centre, scanner y (patient posterior), relative to the image centre, mm. */
  readonly centreYMm: number;
  /** Reconstruction field of view (square), mm. */
  readonly fieldOfViewMm: number;
  /** Depth of slice 0 below the vertex, mm. */
  readonly firstSliceLevelMm: number;
  /** Distance between slice centres, mm. */
  readonly sliceSpacingMm: number;
  /** Nominal slice thickness, mm. */
  readonly sliceThicknessMm: number;
  /** Foam pad thickness between the back of the head and the head-rest shell, mm. */
  readonly headRestPadMm: number;
  /** Head-rest shell thickness, mm. */
  readonly headRestShellMm: number;
  /** Key of the patient's texture fields (diploe, gyri). */
  readonly textureKey: number;
  /** The patient's fracture, or `null`. */
  readonly fracture: Fracture | null;
  /** The patient's scalp haematoma, or `null`. */
  readonly scalpHaematoma: ScalpHaematoma | null;
}
