import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeCtSlice, seriesIdentifiers, sopInstanceUid } from './ct-file.js';
import { renderPatientSlice } from './generate-patient.js';
import type { PatientModel } from './patient.js';
import { PhantomError } from './phantom-error.js';
import type { SliceTruth } from './slice-truth.js';

/** What was written for one patient: identifiers and one record per slice. */
export interface SeriesRecord {
  /** Patient ID. */
  readonly patientId: string;
  /** Study Instance UID. */
  readonly studyInstanceUid: string;
  /** Series Instance UID. */
  readonly seriesInstanceUid: string;
  /** Frame of Reference UID. */
  readonly frameOfReferenceUid: string;
  /** The slices, index 0 most superior. */
  readonly slices: readonly {
    /** Path of the file relative to the cohort folder, with `/` separators. */
    readonly file: string;
    /** SOP Instance UID. */
    readonly sopInstanceUid: string;
    /** Ground truth. */
    readonly truth: SliceTruth;
  }[];
}

async function write(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFile(path, bytes);
  } catch (error) {
    throw new PhantomError(
      'PHANTOM_WRITE_FAILED',
      `Cannot write '${path}'; check free space and permissions.`,
      { cause: error },
    );
  }
}

/**
 * Renders every slice of a patient and writes it as a DICOM file under
 * `outDir/<patientId>/IM<n>.dcm`.
 *
 * @param patient - the patient model
 * @param slicesPerSeries - number of slices
 * @param size - image width and height
 * @param outDir - cohort folder
 * @param onSlice - called after each file is written
 * @returns the record of what was written
 * @throws PhantomError `PHANTOM_WRITE_FAILED` when a folder or file cannot be written
 */
export async function writeSeries(
  patient: PatientModel,
  slicesPerSeries: number,
  size: { readonly width: number; readonly height: number },
  outDir: string,
  onSlice?: () => void,
): Promise<SeriesRecord> {
  const ids = seriesIdentifiers(patient);
  const folder = join(outDir, patient.patientId);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new PhantomError(
      'PHANTOM_WRITE_FAILED',
      `Cannot create the series folder '${folder}'; check the path and its permissions.`,
      { cause: error },
    );
  }
  const digits = Math.max(4, String(slicesPerSeries).length);
  const slices: SeriesRecord['slices'][number][] = [];
  // One write in flight while the next slice renders: disk and CPU overlap.
  let pending: Promise<void> = Promise.resolve();
  for (let i = 0; i < slicesPerSeries; i++) {
    const slice = renderPatientSlice(patient, i, size);
    const bytes = encodeCtSlice(patient, ids, slice);
    const name = `IM${String(i + 1).padStart(digits, '0')}.dcm`;
    await pending;
    pending = write(join(folder, name), bytes).then(() => onSlice?.());
    slices.push({
      file: `${patient.patientId}/${name}`,
      sopInstanceUid: sopInstanceUid(patient, i),
      truth: slice.truth,
    });
  }
  await pending;
  return { ...ids, slices };
}
