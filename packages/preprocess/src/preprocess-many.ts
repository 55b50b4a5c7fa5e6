import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Image2D } from '@calvaria/dicom-hu';
import {
  createPipeline,
  type Pipeline,
  type PipelineResult,
  type PipelineStep,
} from './pipeline.js';
import { PreprocessError, type PreprocessErrorCode } from './preprocess-error.js';
import type { NeighbourSlices } from './to-channels.js';
import type { WorkerJob } from './preprocess-worker.js';

/** Options of {@link preprocessMany}. */
export interface PreprocessManyOptions {
  /**
   * Number of worker threads; all cores (`os.availableParallelism()`, at most one per
   * slice) when absent, 0 to run on the calling thread.
   */
  readonly workers?: number;
  /** Called after each slice finishes, with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The compiled worker script: next to this module in dist/, or dist/ when running from
 * src/.
 */
function workerUrl(): URL {
  const here = new URL('./preprocess-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  const built = new URL('../dist/preprocess-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(built))) {
    throw new PreprocessError(
      'PREPROCESS_WORKER_FAILED',
      `preprocessMany: the worker script ${fileURLToPath(built)} is missing; build the ` +
        'package first (pnpm exec tsc -b packages/preprocess) or pass workers: 0.',
    );
  }
  return built;
}

/** A copy of an image whose buffer can be transferred without detaching the caller's. */
function copyOf(image: Image2D): Image2D {
  return { ...image, pixels: image.pixels.slice() };
}

/** Whether a pipeline stacks adjacent slices as channels. */
function stacksSlices(steps: readonly PipelineStep[]): boolean {
  return steps.some((s) => s.op === 'toChannels' && s.spec.kind === 'slices');
}

/**
 * The neighbours of slice `i` in a list: the slices before and after, repeated at the
 * ends.
 */
function neighboursOf(images: readonly Image2D[], i: number): NeighbourSlices {
  return {
    previous: images[Math.max(0, i - 1)],
    next: images[Math.min(images.length - 1, i + 1)],
  };
}

/**
 * Runs a pipeline over many slices on worker threads (one pipeline per slice, slices
 * handed out as workers finish), and returns the results in input order.
 *
 * When the pipeline stacks adjacent slices (`toChannels` with kind `slices`), the list is
 * taken as consecutive slices of one series: slice `i` gets slices `i - 1` and `i + 1` as
 * neighbours, the end slices repeat themselves.
 *
 * @param images - the slices in HU
 * @param pipeline - a pipeline from {@link createPipeline}, or its steps
 * @param options - the number of workers and a progress callback
 * @returns one result per slice, in input order
 * @throws PreprocessError the first slice's error (with its code and the slice index in
 *   the message) when a step fails; `PREPROCESS_WORKER_FAILED` when a worker cannot start
 *   or dies
 */
export async function preprocessMany(
  images: readonly Image2D[],
  pipeline: Pipeline | readonly PipelineStep[],
  options: PreprocessManyOptions = {},
): Promise<PipelineResult[]> {
  const steps = Array.isArray(pipeline)
    ? createPipeline(pipeline as readonly PipelineStep[]).steps
    : (pipeline as Pipeline).steps;
  const total = images.length;
  const requested = options.workers ?? availableParallelism();
  if (!Number.isInteger(requested) || requested < 0) {
    throw new PreprocessError(
      'PREPROCESS_INVALID_OPTION',
      `preprocessMany: workers is ${requested}; give a whole number (0 for the calling thread).`,
    );
  }
  const withNeighbours = stacksSlices(steps);
  const results: PipelineResult[] = new Array(total);
  if (total === 0) return results;

  if (requested === 0) {
    const local = createPipeline(steps);
    for (let i = 0; i < total; i++) {
      try {
        results[i] = local.run(
          images[i],
          withNeighbours ? neighboursOf(images, i) : undefined,
        );
      } catch (error) {
        if (error instanceof PreprocessError) {
          throw new PreprocessError(error.code, `slice ${i}: ${error.message}`, {
            cause: error,
          });
        }
        throw error;
      }
      options.onProgress?.(i + 1, total);
    }
    return results;
  }

  const url = workerUrl();
  const count = Math.min(requested, total);
  const workers: Worker[] = [];
  try {
    return await new Promise<PipelineResult[]>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let failed = false;
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const send = (worker: Worker): void => {
        if (failed || next >= total) return;
        const index = next++;
        const job: WorkerJob = {
          index,
          steps,
          image: copyOf(images[index]),
          neighbours: withNeighbours
            ? {
                previous: copyOf(neighboursOf(images, index).previous),
                next: copyOf(neighboursOf(images, index).next),
              }
            : undefined,
        };
        const transfer = [job.image.pixels.buffer as ArrayBuffer];
        if (job.neighbours !== undefined) {
          transfer.push(job.neighbours.previous.pixels.buffer as ArrayBuffer);
          transfer.push(job.neighbours.next.pixels.buffer as ArrayBuffer);
        }
        worker.postMessage(job, transfer);
      };
      for (let w = 0; w < count; w++) {
        const worker = new Worker(url);
        workers.push(worker);
        worker.on(
          'message',
          (message: {
            index: number;
            result?: PipelineResult;
            error?: { code?: PreprocessErrorCode; message: string };
          }) => {
            if (message.error !== undefined) {
              fail(
                new PreprocessError(
                  message.error.code ?? 'PREPROCESS_WORKER_FAILED',
                  `slice ${message.index}: ${message.error.message}`,
                ),
              );
              return;
            }
            results[message.index] = message.result as PipelineResult;
            done++;
            options.onProgress?.(done, total);
            if (done === total) resolve(results);
            else send(worker);
          },
        );
        worker.on('error', (error) =>
          fail(
            new PreprocessError(
              'PREPROCESS_WORKER_FAILED',
              `preprocessMany: a worker failed (${error.message}).`,
              { cause: error },
            ),
          ),
        );
        worker.on('exit', (code) => {
          if (code !== 0 && done < total) {
            fail(
              new PreprocessError(
                'PREPROCESS_WORKER_FAILED',
                `preprocessMany: a worker exited with code ${code} before finishing.`,
              ),
            );
          }
        });
        send(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
