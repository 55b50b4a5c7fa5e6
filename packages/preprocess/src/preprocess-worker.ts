import { parentPort } from 'node:worker_threads';
import type { Image2D } from '@calvaria/dicom-hu';
import { createPipeline, type PipelineStep } from './pipeline.js';
import { PreprocessError } from './preprocess-error.js';
import type { NeighbourSlices } from './to-channels.js';

/** A job that `preprocessMany` sends to a worker. */
export interface WorkerJob {
  /** The slice's position in the caller's list. */
  readonly index: number;
  /** The pipeline's steps. */
  readonly steps: readonly PipelineStep[];
  /** The slice. */
  readonly image: Image2D;
  /** The adjacent slices, when the pipeline stacks them. */
  readonly neighbours?: NeighbourSlices;
}

// Runs pipelines on slices sent by preprocessMany and posts the results back,
// transferring the output buffers.
parentPort?.on('message', (job: WorkerJob) => {
  try {
    const result = createPipeline(job.steps).run(job.image, job.neighbours);
    const transfer: ArrayBuffer[] = [result.image.pixels.buffer as ArrayBuffer];
    if (result.channels !== undefined)
      transfer.push(result.channels.data.buffer as ArrayBuffer);
    parentPort?.postMessage({ index: job.index, result }, transfer);
  } catch (error) {
    const e = error as Error;
    parentPort?.postMessage({
      index: job.index,
      error: {
        code: error instanceof PreprocessError ? error.code : undefined,
        message: e?.message ?? String(error),
      },
    });
  }
});
