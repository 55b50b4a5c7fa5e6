/**
 * The first steps of the method's scripts (04 and 05): a cohort of head CT series with slice
 * labels, either a synthetic one written as DICOM by `@calvaria/phantom` or the user's own
 * folder and labels CSV, read back from disk as the 1 mm series of each study with a label per
 * slice (examples/lib/cohort.ts).
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateCohort } from '@calvaria/phantom';
import {
  loadLabelledCohort,
  type LabelledCohort,
  type LoadCohortOptions,
} from './cohort.js';
import type { ProgressBar } from './progress.js';

/** Options of {@link obtainCohort}. */
export interface ObtainCohortOptions {
  /** The user's DICOM folder and labels CSV; without it a phantom cohort is written. */
  readonly data?: {
    readonly dir: string;
    readonly labelsCsv: string;
    /** Names each series' patient (default: its Patient ID); see `loadLabelledCohort`. */
    readonly patientIdOf?: LoadCohortOptions['patientIdOf'];
    /** What a reader must know about the labels: logged as notes. */
    readonly notes?: readonly string[];
    /** Prefer series of this kernel or description; see `selectSeries`. */
    readonly seriesKernel?: string;
    /** Prefer series without a contrast agent; see `selectSeries`. */
    readonly preferPlainSeries?: boolean;
  };
  /** Where the phantom cohort is written (its `cohort` subfolder, emptied first). */
  readonly outDir: string;
  /** Phantom patients. */
  readonly patients: number;
  /** Phantom slices per series. */
  readonly slicesPerSeries: number;
  /** Phantom image size (pixels, square). */
  readonly imageSizePx: number;
  /** Phantom seed. */
  readonly seed: number;
  /** Worker threads for the phantom (at most 4 are used). */
  readonly workers: number;
  /** Wanted series thickness, mm. */
  readonly sliceThicknessMm: number;
  /** Where text goes. */
  readonly log: (line: string) => void;
  /** Progress bars. */
  readonly progress: (label: string) => ProgressBar;
}

/** What {@link obtainCohort} found. */
export interface ObtainedCohort {
  /** The DICOM folder read. */
  readonly dataDir: string;
  /** The labels CSV read. */
  readonly labelsCsv: string;
  /** The labelled slices of the selected series. */
  readonly cohort: LabelledCohort;
  /** The labels present, sorted (by code point, as the classifiers sort them). */
  readonly classes: string[];
  /** Seconds spent writing the phantom (`generate`, when written) and scanning (`scan`). */
  readonly seconds: Record<string, number>;
}

const secondsSince = (startMs: number): number =>
  Number(((performance.now() - startMs) / 1000).toFixed(1));

/**
 * Writes a phantom cohort (or takes the user's folder), scans it and labels its slices.
 * @param options - The data or the phantom's size, the thickness wanted, log and progress.
 * @returns The labelled slices, the classes present and the seconds taken.
 * @throws Error when fewer than two labels are present.
 */
export async function obtainCohort(
  options: ObtainCohortOptions,
): Promise<ObtainedCohort> {
  const { log, progress } = options;
  const seconds: Record<string, number> = {};

  let dataDir: string;
  let labelsCsv: string;
  if (options.data !== undefined) {
    dataDir = resolve(options.data.dir);
    labelsCsv = resolve(options.data.labelsCsv);
    log(`Data: ${dataDir}, labels ${labelsCsv}`);
    for (const note of options.data.notes ?? []) log(`NOTE: ${note}`);
  } else {
    dataDir = join(resolve(options.outDir), 'cohort');
    await rm(dataDir, { recursive: true, force: true });
    const bar = progress(`phantom: ${options.patients} patients`);
    const startMs = performance.now();
    const written = await generateCohort({
      patients: options.patients,
      slicesPerSeries: options.slicesPerSeries,
      seed: options.seed,
      outDir: dataDir,
      width: options.imageSizePx,
      height: options.imageSizePx,
      workers: Math.min(options.workers, 4),
      onProgress: ({ done, total }) => bar.update(done, total),
    });
    seconds.generate = secondsSince(startMs);
    bar.finish(`${written.slices} DICOM files`);
    labelsCsv = written.labelsPath;
  }

  const scanBar = progress('scan DICOM folder');
  const startMs = performance.now();
  const cohort = await loadLabelledCohort(dataDir, labelsCsv, {
    sliceThicknessMm: options.sliceThicknessMm,
    patientIdOf: options.data?.patientIdOf,
    kernel: options.data?.seriesKernel,
    preferWithoutContrast: options.data?.preferPlainSeries,
    onProgress: (p) => scanBar.update(p.filesRead + p.filesSkipped, p.filesFound),
  });
  seconds.scan = secondsSince(startMs);
  scanBar.finish(
    `${cohort.selections.length} series, ${cohort.slices.length} labelled slices` +
      (cohort.skippedFiles > 0 ? `, ${cohort.skippedFiles} files not DICOM` : '') +
      (cohort.unlabelledSlices > 0
        ? `, ${cohort.unlabelledSlices} slices unlabelled`
        : '') +
      (cohort.thicknessFallbacks > 0
        ? `, ${cohort.thicknessFallbacks} studies at the nearest thickness to ${options.sliceThicknessMm} mm`
        : ''),
  );
  const classes = [...new Set(cohort.slices.map((s) => s.label))].sort();
  if (classes.length < 2) {
    throw new Error(
      `The cohort has ${classes.length} label(s); at least two are needed.`,
    );
  }
  return { dataDir, labelsCsv, cohort, classes, seconds };
}
