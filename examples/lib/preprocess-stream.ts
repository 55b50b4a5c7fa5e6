/**
 * Slices from disk to CNN channels as a stream: read a chunk of DICOM files in Hounsfield
 * units, preprocess the chunk on worker threads, hand the channels on one by one. Memory holds
 * one chunk, however many slices there are, and the feature extractor can start on the first
 * chunk while the rest wait.
 */
import {
  preprocessMany,
  type ChannelImage,
  type Pipeline,
  type StepRecord,
} from '@calvaria/preprocess';
import { readSliceHu } from './cohort.js';

/** Options of {@link preprocessStream}. */
export interface PreprocessStreamOptions {
  /** Worker threads for the pipeline. */
  readonly workers: number;
  /** Slices per chunk. Default 64. */
  readonly chunkSize?: number;
  /** Called with each slice's step records, in order. */
  readonly onRecords?: (records: readonly StepRecord[]) => void;
  /** Called with the milliseconds each chunk took to read and preprocess. */
  readonly onChunkMs?: (ms: number) => void;
}

/**
 * Reads and preprocesses DICOM slices in order.
 * @param paths - The DICOM files, in the order the channels should come out.
 * @param pipeline - A pipeline that ends with `toChannels`.
 * @param options - Workers, chunk size, callbacks.
 * @returns The channels of every slice, in order.
 */
export async function* preprocessStream(
  paths: readonly string[],
  pipeline: Pipeline,
  options: PreprocessStreamOptions,
): AsyncGenerator<ChannelImage> {
  const chunk = options.chunkSize ?? 64;
  for (let i = 0; i < paths.length; i += chunk) {
    const start = performance.now();
    const hu = await Promise.all(paths.slice(i, i + chunk).map((p) => readSliceHu(p)));
    const results = await preprocessMany(hu, pipeline, { workers: options.workers });
    options.onChunkMs?.(performance.now() - start);
    for (const result of results) {
      options.onRecords?.(result.records);
      if (result.channels === undefined) {
        throw new Error('The pipeline must end with a toChannels step.');
      }
      yield result.channels;
    }
  }
}
