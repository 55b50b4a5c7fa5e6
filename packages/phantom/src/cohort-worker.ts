import { parentPort } from 'node:worker_threads';
import type { PatientModel } from './patient.js';
import { writeSeries } from './write-series.js';

/** A job for the cohort worker: one patient to render and write. */
export interface CohortJob {
  readonly index: number;
  readonly patient: PatientModel;
  readonly slicesPerSeries: number;
  readonly width: number;
  readonly height: number;
  readonly outDir: string;
}

// Worker entry: renders and writes the patients it is sent, reporting each slice.
parentPort?.on('message', (job: CohortJob) => {
  writeSeries(
    job.patient,
    job.slicesPerSeries,
    { width: job.width, height: job.height },
    job.outDir,
    () => parentPort?.postMessage({ type: 'slice', index: job.index }),
  ).then(
    (record) => parentPort?.postMessage({ type: 'done', index: job.index, record }),
    (error: unknown) =>
      parentPort?.postMessage({
        type: 'error',
        index: job.index,
        message: error instanceof Error ? error.message : String(error),
        code: (error as { code?: string }).code,
      }),
  );
});
