import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DicomError, type DicomErrorCode } from './dicom-error.js';
import { readDicom } from './read-dicom.js';
import { summarizeSeries, type ScannedSlice } from './series-geometry.js';
import type { PatientSummary, SeriesSummary, StudySummary } from './series-summary.js';

/** A file that `scanFolder` did not use, and why. */
export interface SkippedFile {
  /** Path of the file. */
  readonly path: string;
  /** The `DicomError` code: `DICOM_NOT_DICOM`, `DICOM_NO_PIXEL_DATA`, ... */
  readonly code: DicomErrorCode;
  /** The error message (names no patient data). */
  readonly reason: string;
}

/** Progress of {@link scanFolder}: counts only, no patient data. */
export interface ScanProgress {
  /** Files found so far in the tree. */
  readonly filesFound: number;
  /** Files read so far (used or skipped). */
  readonly filesRead: number;
  /** Files skipped so far. */
  readonly filesSkipped: number;
}

/** Options of {@link scanFolder}. */
export interface ScanFolderOptions {
  /** Called after each file is read. */
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Passed to `readDicom`: largest frame, in pixels. */
  readonly maxPixels?: number;
}

/** What {@link scanFolder} found. */
export interface ScanResult {
  /** Every image series, by patient, study, then series number. */
  readonly series: readonly SeriesSummary[];
  /** The same series grouped per patient and study. */
  readonly patients: readonly PatientSummary[];
  /** Files that were not used, with the reason. */
  readonly skipped: readonly SkippedFile[];
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (cause) {
      throw new DicomError(
        'DICOM_READ_FAILED',
        `Could not list the folder '${dir}': ${(cause as Error).message}. Check the path.`,
        { cause },
      );
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  await walk(root);
  return out;
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

function compareSeries(a: SeriesSummary, b: SeriesSummary): number {
  const keys: [string, string][] = [
    [a.patientId ?? '', b.patientId ?? ''],
    [a.studyInstanceUid ?? '', b.studyInstanceUid ?? ''],
  ];
  for (const [x, y] of keys) if (x !== y) return x < y ? -1 : 1;
  const na = a.seriesNumber ?? Number.MAX_SAFE_INTEGER;
  const nb = b.seriesNumber ?? Number.MAX_SAFE_INTEGER;
  if (na !== nb) return na - nb;
  return a.seriesInstanceUid < b.seriesInstanceUid ? -1 : 1;
}

/**
 * Reads every file under a folder (recursively), skips and reports what is not a DICOM
 * image, groups the images by Series Instance UID, and orders and measures each series
 * (slice order along the slice normal, spacing, gaps, duplicates, gantry tilt).
 *
 * Files are read one at a time and only their attributes are kept, so memory stays small.
 *
 * @param path - the folder to scan
 * @param options - `onProgress` receives counts after each file; `maxPixels` as
 *   `readDicom`
 * @returns the series (flat and per patient and study) and the skipped files
 * @throws DicomError `DICOM_READ_FAILED` when the folder cannot be listed
 */
export async function scanFolder(
  path: string,
  options: ScanFolderOptions = {},
): Promise<ScanResult> {
  const paths = await listFiles(path);
  const slices: ScannedSlice[] = [];
  const skipped: SkippedFile[] = [];
  let filesRead = 0;

  for (const filePath of paths) {
    try {
      const bytes = await readFile(filePath);
      const file = readDicom(bytes, { maxPixels: options.maxPixels });
      if (!file.hasPixelData) {
        skipped.push({
          path: filePath,
          code: 'DICOM_NO_PIXEL_DATA',
          reason: 'The file has no Pixel Data (7FE0,0010); it is not an image.',
        });
      } else if (file.seriesInstanceUid === undefined) {
        skipped.push({
          path: filePath,
          code: 'DICOM_MISSING_ATTRIBUTE',
          reason:
            'The image has no Series Instance UID (0020,000E); it cannot be grouped.',
        });
      } else {
        slices.push({ path: filePath, file });
      }
    } catch (error) {
      if (error instanceof DicomError) {
        skipped.push({ path: filePath, code: error.code, reason: error.message });
      } else {
        skipped.push({
          path: filePath,
          code: 'DICOM_READ_FAILED',
          reason: `Could not read the file: ${(error as Error).message}`,
        });
      }
    }
    filesRead++;
    options.onProgress?.({
      filesFound: paths.length,
      filesRead,
      filesSkipped: skipped.length,
    });
  }

  const series = [...byKey(slices, (s) => s.file.seriesInstanceUid!).entries()]
    .map(([uid, group]) => summarizeSeries(uid, group))
    .sort(compareSeries);
  const patients: PatientSummary[] = [
    ...byKey(series, (s) => s.patientId ?? '').values(),
  ].map((patientSeries) => ({
    patientId: patientSeries[0].patientId,
    studies: [...byKey(patientSeries, (s) => s.studyInstanceUid ?? '').values()].map(
      (studySeries): StudySummary => ({
        studyInstanceUid: studySeries[0].studyInstanceUid,
        series: studySeries,
      }),
    ),
  }));
  return { series, patients, skipped };
}
