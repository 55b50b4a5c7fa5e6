import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CohortJob } from './cohort-worker.js';
import {
  DEFAULT_CLASS_MIX,
  type ClassMix,
  type FractureClass,
} from './fracture-class.js';
import { checkInteger, checkNumber } from './generate-patient.js';
import type { PatientModel } from './patient.js';
import { PhantomError } from './phantom-error.js';
import { normaliseClassMix, planFractures } from './plan-fractures.js';
import { samplePatient } from './sample-patient.js';
import { UID_ROOT } from './uid.js';
import { writeSeries, type SeriesRecord } from './write-series.js';

/** Progress of {@link generateCohort}: slices written so far. */
export interface CohortProgress {
  /** Slices written so far. */
  readonly done: number;
  /** Slices to write in all. */
  readonly total: number;
  /** Patient whose slice was just written. */
  readonly patientId: string;
}

/** Options of {@link generateCohort}. */
export interface CohortOptions {
  /** Number of patients (one study and one series each). */
  readonly patients: number;
  /** Slices per series. Default 40. */
  readonly slicesPerSeries?: number;
  /** Wanted share of slices per label. Default 39% linear, 21% depressed, 40% none. */
  readonly classMix?: ClassMix;
  /** Seed: the same seed and options give byte-identical files. */
  readonly seed: number | string;
  /** Folder to write into (created if absent). */
  readonly outDir: string;
  /** Fracture subtlety in [0, 1]: 0 obvious, 1 subtle. Default 0.5. */
  readonly difficulty?: number;
  /** Largest in-plane head tilt, degrees. Default 20. */
  readonly maxTiltDeg?: number;
  /** Columns per slice; the field of view is kept, spacing adapts. Default 512. */
  readonly width?: number;
  /** Rows per slice. Default 512. */
  readonly height?: number;
  /**
   * Worker threads. Default: the number of CPUs, at most 4, when the built worker
   * (`dist/cohort-worker.js`) exists; 0 renders in this thread. Output does not depend on
   * it.
   */
  readonly workers?: number;
  /** Called after every written slice. */
  readonly onProgress?: (progress: CohortProgress) => void;
}

/** What {@link generateCohort} wrote. */
export interface CohortSummary {
  /** The cohort folder. */
  readonly outDir: string;
  /** Path of `labels.csv`. */
  readonly labelsPath: string;
  /** Path of `manifest.json`. */
  readonly manifestPath: string;
  /** Number of patients. */
  readonly patients: number;
  /** Number of slices (files). */
  readonly slices: number;
  /** Slices per label. */
  readonly counts: Readonly<Record<FractureClass, number>>;
}

/**
 * Finds the built worker script, next to this module (dist) or in ../dist (tests on src).
 */
function workerScript(): URL | null {
  for (const candidate of ['./cohort-worker.js', '../dist/cohort-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

async function runInWorkers(
  jobs: CohortJob[],
  workerCount: number,
  script: URL,
  onSlice: (index: number) => void,
): Promise<SeriesRecord[]> {
  const records: SeriesRecord[] = new Array(jobs.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const feed = (worker: Worker): void => {
        if (next < jobs.length) {
          running++;
          worker.postMessage(jobs[next++]);
        } else if (running === 0) resolve();
      };
      for (let w = 0; w < workerCount; w++) {
        const worker = new Worker(script);
        workers.push(worker);
        worker.on(
          'message',
          (msg: {
            type: string;
            index: number;
            record?: SeriesRecord;
            message?: string;
            code?: string;
          }) => {
            if (msg.type === 'slice') onSlice(msg.index);
            else if (msg.type === 'done' && msg.record !== undefined) {
              records[msg.index] = msg.record;
              running--;
              feed(worker);
            } else if (msg.type === 'error') {
              reject(
                new PhantomError(
                  msg.code === 'PHANTOM_ENCODE_FAILED'
                    ? 'PHANTOM_ENCODE_FAILED'
                    : 'PHANTOM_WRITE_FAILED',
                  `Patient ${jobs[msg.index].patient.patientId}: ${msg.message ?? 'worker failed'}`,
                ),
              );
            }
          },
        );
        worker.on('error', (error) =>
          reject(
            new PhantomError(
              'PHANTOM_WRITE_FAILED',
              `A cohort worker failed: ${error.message}`,
              {
                cause: error,
              },
            ),
          ),
        );
      }
      for (const worker of workers) feed(worker);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return records;
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Generates a synthetic head-CT cohort on disk: one study and one series per patient as
 * DICOM CT Image Storage files (explicit VR little endian, 16-bit signed, intercept
 * -1024, 1 mm slices), `labels.csv` (one row per slice) and `manifest.json` (the options,
 * every patient's model and every slice's ground truth). The same seed and options give
 * byte-identical files, whatever the number of workers.
 *
 * @param options - patients, slices per series, class mix, seed, output folder,
 *   difficulty, size, workers, progress callback
 * @returns paths and counts of what was written
 * @throws PhantomError `PHANTOM_INVALID_ARGUMENT` for an option out of range,
 *   `PHANTOM_WRITE_FAILED` when the folder or a file cannot be written
 * @remarks Limitation: one series per patient and at most one fracture per patient; the
 *   class mix is met exactly only when every fractured patient can hold a run of 3 or
 *   more slices.
 */
export async function generateCohort(options: CohortOptions): Promise<CohortSummary> {
  const patients = checkInteger('patients', options.patients, 1, 100_000);
  const slicesPerSeries = checkInteger(
    'slicesPerSeries',
    options.slicesPerSeries ?? 40,
    1,
    2000,
  );
  const width = checkInteger('width', options.width ?? 512, 16, 2048);
  const height = checkInteger('height', options.height ?? 512, 16, 2048);
  const difficulty = checkNumber('difficulty', options.difficulty ?? 0.5, 0, 1);
  const maxTiltDeg = checkNumber('maxTiltDeg', options.maxTiltDeg ?? 20, 0, 45);
  const classMix = normaliseClassMix(options.classMix ?? DEFAULT_CLASS_MIX);
  if (typeof options.outDir !== 'string' || options.outDir.length === 0) {
    throw new PhantomError(
      'PHANTOM_INVALID_ARGUMENT',
      'outDir must be a non-empty path.',
    );
  }
  const script = workerScript();
  const workerCount = Math.min(
    patients,
    checkInteger(
      'workers',
      options.workers ?? (script === null ? 0 : Math.min(4, availableParallelism())),
      0,
      64,
    ),
  );

  const plans = planFractures(patients, slicesPerSeries, classMix, options.seed);
  const models: PatientModel[] = plans.map((fracture, patientIndex) =>
    samplePatient({
      seed: options.seed,
      patientIndex,
      slicesPerSeries,
      fracture,
      difficulty,
      maxTiltDeg,
      sliceSpacingMm: 1,
      sliceThicknessMm: 1,
      nominalMatrix: 512,
    }),
  );
  try {
    await mkdir(options.outDir, { recursive: true });
  } catch (error) {
    throw new PhantomError(
      'PHANTOM_WRITE_FAILED',
      `Cannot create the cohort folder '${options.outDir}'; check the path and permissions.`,
      { cause: error },
    );
  }

  const total = patients * slicesPerSeries;
  let done = 0;
  const onSlice = (index: number): void => {
    done++;
    options.onProgress?.({ done, total, patientId: models[index].patientId });
  };
  let records: SeriesRecord[];
  if (workerCount > 0 && script !== null) {
    const jobs = models.map((patient, index) => ({
      index,
      patient,
      slicesPerSeries,
      width,
      height,
      outDir: options.outDir,
    }));
    records = await runInWorkers(jobs, workerCount, script, onSlice);
  } else {
    records = [];
    for (const [index, patient] of models.entries()) {
      records.push(
        await writeSeries(
          patient,
          slicesPerSeries,
          { width, height },
          options.outDir,
          () => onSlice(index),
        ),
      );
    }
  }

  const counts: Record<FractureClass, number> = { linear: 0, depressed: 0, none: 0 };
  const rows = [
    'patient_id,study_instance_uid,series_instance_uid,sop_instance_uid,slice_index,instance_number,label,file',
  ];
  for (const record of records) {
    for (const s of record.slices) {
      counts[s.truth.label]++;
      rows.push(
        [
          record.patientId,
          record.studyInstanceUid,
          record.seriesInstanceUid,
          s.sopInstanceUid,
          String(s.truth.sliceIndex),
          String(s.truth.sliceIndex + 1),
          s.truth.label,
          s.file,
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  const manifest = {
    generator: '@calvaria/phantom',
    formatVersion: 1,
    seed: String(options.seed),
    uidRoot: UID_ROOT,
    options: {
      patients,
      slicesPerSeries,
      classMix,
      difficulty,
      maxTiltDeg,
      width,
      height,
    },
    counts,
    patients: records.map((record, i) => ({ ...record, model: models[i] })),
  };
  const labelsPath = join(options.outDir, 'labels.csv');
  const manifestPath = join(options.outDir, 'manifest.json');
  try {
    await writeFile(labelsPath, rows.join('\n') + '\n');
    await writeFile(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
  } catch (error) {
    throw new PhantomError(
      'PHANTOM_WRITE_FAILED',
      `Cannot write labels.csv or manifest.json in '${options.outDir}'.`,
      { cause: error },
    );
  }
  return {
    outDir: options.outDir,
    labelsPath,
    manifestPath,
    patients,
    slices: total,
    counts,
  };
}
