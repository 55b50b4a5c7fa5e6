import { encodePart10, formatDs, type DicomElement } from './dicom-encoder.js';
import type { PatientModel } from './patient.js';
import type { PhantomSlice } from './phantom-slice.js';
import {
  CT_IMAGE_STORAGE,
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION_NAME,
  nameBasedUid,
} from './uid.js';

/**
 * Whether typed arrays of this machine are little endian (then pixels are copied
 * directly).
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Rescale Intercept (0028,1052) of every written slice: stored value = HU + 1024. */
export const RESCALE_INTERCEPT_HU = -1024;

/** The identifiers of one patient's study and series, all derived from the seed. */
export interface SeriesIdentifiers {
  /** Patient ID (0010,0020). */
  readonly patientId: string;
  /** Study Instance UID (0020,000D). */
  readonly studyInstanceUid: string;
  /** Series Instance UID (0020,000E). */
  readonly seriesInstanceUid: string;
  /** Frame of Reference UID (0020,0052). */
  readonly frameOfReferenceUid: string;
}

/**
 * The UIDs of a patient's study, series and frame of reference, named by the cohort seed
 * and the patient ID (see `nameBasedUid`).
 *
 * @param patient - the patient model
 * @returns the identifiers
 */
export function seriesIdentifiers(patient: PatientModel): SeriesIdentifiers {
  return {
    patientId: patient.patientId,
    studyInstanceUid: nameBasedUid(patient.seed, patient.patientId, 'study'),
    seriesInstanceUid: nameBasedUid(patient.seed, patient.patientId, 'series'),
    frameOfReferenceUid: nameBasedUid(
      patient.seed,
      patient.patientId,
      'frame-of-reference',
    ),
  };
}

/**
 * SOP Instance UID of one slice, named by the seed, patient ID and slice index.
 *
 * @param patient - the patient model
 * @param sliceIndex - zero-based slice index
 * @returns the UID
 */
export function sopInstanceUid(patient: PatientModel, sliceIndex: number): string {
  return nameBasedUid(patient.seed, patient.patientId, 'image', sliceIndex);
}

/**
 * Encodes one slice as a CT Image Storage file (PS3.3 A.3: Patient, General Study,
 * General Series, Frame of Reference, General Equipment, General Image, Image Plane,
 * Image Pixel, CT Image, VOI LUT and SOP Common modules) in explicit VR little endian:
 * 16-bit signed stored values (HU + 1024), Rescale Intercept -1024, slope 1, brain and
 * bone windows.
 *
 * Dates and times are fixed (2026-01-01 12:00) so that files are byte-identical between
 * runs.
 *
 * @param patient - the patient model
 * @param ids - the study and series identifiers (from `seriesIdentifiers`)
 * @param slice - the slice (its HU image and ground truth)
 * @returns the file's bytes
 * @throws PhantomError `PHANTOM_ENCODE_FAILED` when a value cannot be encoded
 */
export function encodeCtSlice(
  patient: PatientModel,
  ids: SeriesIdentifiers,
  slice: PhantomSlice,
): Uint8Array {
  const { image, truth } = slice;
  const sopUid = sopInstanceUid(patient, truth.sliceIndex);
  const n = image.width * image.height;
  const pixelBytes = new Uint8Array(2 * n);
  if (LITTLE_ENDIAN) {
    const stored = new Int16Array(pixelBytes.buffer);
    for (let i = 0; i < n; i++) stored[i] = image.pixels[i] - RESCALE_INTERCEPT_HU;
  } else {
    const view = new DataView(pixelBytes.buffer);
    for (let i = 0; i < n; i++) {
      view.setInt16(2 * i, image.pixels[i] - RESCALE_INTERCEPT_HU, true);
    }
  }

  const [px, py, pz] = truth.imagePositionMm;
  const ds = (values: readonly number[]): string => values.map(formatDs).join('\\');
  const elements: DicomElement[] = [
    { tag: 0x00080008, vr: 'CS', value: 'DERIVED\\SECONDARY\\AXIAL' },
    { tag: 0x00080016, vr: 'UI', value: CT_IMAGE_STORAGE },
    { tag: 0x00080018, vr: 'UI', value: sopUid },
    { tag: 0x00080020, vr: 'DA', value: '20260101' },
    { tag: 0x00080021, vr: 'DA', value: '20260101' },
    { tag: 0x00080023, vr: 'DA', value: '20260101' },
    { tag: 0x00080030, vr: 'TM', value: '120000' },
    { tag: 0x00080031, vr: 'TM', value: '120000' },
    { tag: 0x00080033, vr: 'TM', value: '120000' },
    { tag: 0x00080050, vr: 'SH', value: '' },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00080070, vr: 'LO', value: 'calvaria' },
    { tag: 0x00080090, vr: 'PN', value: '' },
    { tag: 0x00081030, vr: 'LO', value: 'Synthetic head CT (calvaria phantom)' },
    { tag: 0x0008103e, vr: 'LO', value: 'Head 1 mm, synthetic' },
    { tag: 0x00081090, vr: 'LO', value: '@calvaria/phantom' },
    { tag: 0x00100010, vr: 'PN', value: `Phantom^${ids.patientId}` },
    { tag: 0x00100020, vr: 'LO', value: ids.patientId },
    { tag: 0x00100030, vr: 'DA', value: '' },
    { tag: 0x00100040, vr: 'CS', value: 'O' },
    { tag: 0x00180050, vr: 'DS', value: formatDs(patient.sliceThicknessMm) },
    { tag: 0x00180060, vr: 'DS', value: '120' },
    { tag: 0x00181100, vr: 'DS', value: formatDs(patient.fieldOfViewMm) },
    { tag: 0x00185100, vr: 'CS', value: 'HFS' },
    { tag: 0x0020000d, vr: 'UI', value: ids.studyInstanceUid },
    { tag: 0x0020000e, vr: 'UI', value: ids.seriesInstanceUid },
    { tag: 0x00200010, vr: 'SH', value: '1' },
    { tag: 0x00200011, vr: 'IS', value: '1' },
    { tag: 0x00200012, vr: 'IS', value: '1' },
    { tag: 0x00200013, vr: 'IS', value: String(truth.sliceIndex + 1) },
    { tag: 0x00200032, vr: 'DS', value: ds([px, py, pz]) },
    { tag: 0x00200037, vr: 'DS', value: '1\\0\\0\\0\\1\\0' },
    { tag: 0x00200052, vr: 'UI', value: ids.frameOfReferenceUid },
    { tag: 0x00201040, vr: 'LO', value: '' },
    { tag: 0x00201041, vr: 'DS', value: formatDs(pz) },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [image.height] },
    { tag: 0x00280011, vr: 'US', value: [image.width] },
    { tag: 0x00280030, vr: 'DS', value: ds([image.rowSpacingMm, image.columnSpacingMm]) },
    { tag: 0x00280100, vr: 'US', value: [16] },
    { tag: 0x00280101, vr: 'US', value: [16] },
    { tag: 0x00280102, vr: 'US', value: [15] },
    { tag: 0x00280103, vr: 'US', value: [1] },
    { tag: 0x00281050, vr: 'DS', value: '40\\600' },
    { tag: 0x00281051, vr: 'DS', value: '80\\2800' },
    { tag: 0x00281052, vr: 'DS', value: formatDs(RESCALE_INTERCEPT_HU) },
    { tag: 0x00281053, vr: 'DS', value: '1' },
    { tag: 0x00281054, vr: 'LO', value: 'HU' },
    { tag: 0x00281055, vr: 'LO', value: 'BRAIN\\BONE' },
    { tag: 0x7fe00010, vr: 'OW', value: pixelBytes },
  ];
  return encodePart10(
    {
      sopClassUid: CT_IMAGE_STORAGE,
      sopInstanceUid: sopUid,
      implementationClassUid: IMPLEMENTATION_CLASS_UID,
      implementationVersionName: IMPLEMENTATION_VERSION_NAME,
    },
    elements,
  );
}
