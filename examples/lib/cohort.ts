/**
 * From a folder of DICOM files and a labels CSV to a list of labelled slices, the way the
 * method took its data: scan the folder, keep one thin (1 mm) axial series per study, and give
 * each slice of it the label the CSV assigns.
 *
 * The labels CSV needs a `label` column and, per row, at least one key. Keys are tried from the
 * most specific to the least: `sop_instance_uid` (one slice), `file` (one slice, a path relative
 * to the CSV's folder), `series_instance_uid` (every slice of a series), `patient_id` (every
 * slice of the patient's selected series). The phantom's `labels.csv` has all of them.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  readDicom,
  scanFolder,
  selectSeries,
  toHounsfield,
  type HounsfieldImage,
  type ScanProgress,
  type SeriesSelection,
} from '@calvaria/dicom-hu';
import { parseCsv } from './csv.js';

/** One slice of a selected series, with its label. */
export interface LabelledSlice {
  /** The DICOM file. */
  readonly path: string;
  /**
   * The patient (the grouping unit of the split): as `patientIdOf` names it, else the Patient
   * ID, else the study UID.
   */
  readonly patientId: string;
  /** The selected series. */
  readonly seriesInstanceUid: string;
  /** The slice's SOP Instance UID, when the file has one. */
  readonly sopInstanceUid: string | undefined;
  /** Position of the slice in its series, along the slice normal (0 first). */
  readonly sliceIndex: number;
  /** The label from the CSV. */
  readonly label: string;
}

/** What {@link loadLabelledCohort} found. */
export interface LabelledCohort {
  /** Every labelled slice of every selected series, series after series, in slice order. */
  readonly slices: LabelledSlice[];
  /** The series chosen per study. */
  readonly selections: readonly SeriesSelection[];
  /** Files in the folder that are not readable DICOM (skipped, not fatal). */
  readonly skippedFiles: number;
  /** Slices of selected series that no CSV row labels (left out). */
  readonly unlabelledSlices: number;
  /** Studies whose selected series is not within tolerance of the wanted thickness. */
  readonly thicknessFallbacks: number;
  /** Studies with no CT series of two or more slices. */
  readonly studiesWithoutSeries: number;
}

/** Options of {@link loadLabelledCohort}. */
export interface LoadCohortOptions {
  /** Wanted reconstruction thickness, mm. Default 1, as in the method. */
  readonly sliceThicknessMm?: number;
  /** Prefer series of this kernel or description (`selectSeries`'s `kernel`). */
  readonly kernel?: string;
  /** Prefer series without a contrast agent (`selectSeries`'s option). */
  readonly preferWithoutContrast?: boolean;
  /** Progress of the folder scan. */
  readonly onProgress?: (progress: ScanProgress) => void;
  /**
   * Names the patient of a selected series in place of its Patient ID (0010,0020): the name
   * becomes the grouping unit of the split and the key the CSV's `patient_id` column matches.
   * Return `undefined` to keep the default (the Patient ID, else the Study Instance UID).
   * Example: a public set whose folder names, not its headers, match its labels file.
   */
  readonly patientIdOf?: (selection: SeriesSelection) => string | undefined;
}

interface LabelIndex {
  bySop: Map<string, string>;
  byFile: Map<string, string>;
  bySeries: Map<string, string>;
  byPatient: Map<string, string>;
}

/**
 * Reads a labels CSV into look-up tables by SOP instance, file, series and patient.
 * @param csvPath - The CSV file.
 * @returns The tables.
 * @throws Error when the CSV has no `label` column or a row has no key.
 */
export async function readLabels(csvPath: string): Promise<LabelIndex> {
  const rows = parseCsv(await readFile(csvPath, 'utf8'));
  const index: LabelIndex = {
    bySop: new Map(),
    byFile: new Map(),
    bySeries: new Map(),
    byPatient: new Map(),
  };
  const base = dirname(resolve(csvPath));
  rows.forEach((row, r) => {
    const label = row['label']?.trim();
    if (label === undefined) {
      throw new Error(`${csvPath}: no 'label' column; the header must name one.`);
    }
    if (label === '') return;
    const sop = row['sop_instance_uid']?.trim();
    const file = row['file']?.trim();
    const series = row['series_instance_uid']?.trim();
    const patient = row['patient_id']?.trim();
    if (sop) index.bySop.set(sop, label);
    else if (file) index.byFile.set(resolve(base, file), label);
    else if (series) index.bySeries.set(series, label);
    else if (patient) index.byPatient.set(patient, label);
    else {
      throw new Error(
        `${csvPath}: row ${r + 2} has a label but no sop_instance_uid, file, ` +
          'series_instance_uid or patient_id.',
      );
    }
  });
  return index;
}

/**
 * Scans a DICOM folder, selects one series per study and labels its slices from a CSV.
 * @param dataDir - The folder (searched recursively).
 * @param labelsCsv - The labels CSV (see the module comment for its columns).
 * @param options - Wanted thickness, scan progress, how patients are named.
 * @returns The labelled slices and counts of what was left out.
 */
export async function loadLabelledCohort(
  dataDir: string,
  labelsCsv: string,
  options: LoadCohortOptions = {},
): Promise<LabelledCohort> {
  const labels = await readLabels(labelsCsv);
  const scan = await scanFolder(dataDir, { onProgress: options.onProgress });
  const selections = selectSeries(scan.series, {
    sliceThicknessMm: options.sliceThicknessMm ?? 1,
    fallbackToNearest: true,
    ...(options.kernel === undefined ? {} : { kernel: options.kernel }),
    preferWithoutContrast: options.preferWithoutContrast ?? false,
  });
  const studies = new Set(
    scan.series.map((s) => `${s.patientId}\u0000${s.studyInstanceUid}`),
  );
  const slices: LabelledSlice[] = [];
  let unlabelled = 0;
  for (const selection of selections) {
    const series = selection.series;
    const patientId =
      options.patientIdOf?.(selection) ??
      selection.patientId ??
      selection.studyInstanceUid ??
      series.seriesInstanceUid;
    series.slices.forEach((slice, sliceIndex) => {
      const label =
        (slice.sopInstanceUid !== undefined
          ? labels.bySop.get(slice.sopInstanceUid)
          : undefined) ??
        labels.byFile.get(resolve(slice.path)) ??
        labels.bySeries.get(series.seriesInstanceUid) ??
        labels.byPatient.get(patientId);
      if (label === undefined) {
        unlabelled++;
        return;
      }
      slices.push({
        path: slice.path,
        patientId,
        seriesInstanceUid: series.seriesInstanceUid,
        sopInstanceUid: slice.sopInstanceUid,
        sliceIndex,
        label,
      });
    });
  }
  return {
    slices,
    selections,
    skippedFiles: scan.skipped.length,
    unlabelledSlices: unlabelled,
    thicknessFallbacks: selections.filter((s) => !s.thicknessMatched).length,
    studiesWithoutSeries: studies.size - selections.length,
  };
}

/**
 * Reads one slice in Hounsfield units, padding pixels set to air.
 * @param path - The DICOM file.
 * @returns The HU image of its first frame.
 */
export async function readSliceHu(path: string): Promise<HounsfieldImage> {
  return toHounsfield(readDicom(path), 0, { paddingToAir: true });
}
