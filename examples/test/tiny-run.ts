/**
 * The tiny phantom run that the example tests share: nine patients of eight 96 x 96 slices,
 * seeded random weights, a 64 px CNN input and two workers. Small enough for a test, yet every
 * step of the pipeline runs.
 */
import { join } from 'node:path';

/**
 * The tiny run's options, writing under one temporary folder.
 * @param dir - The test's temporary folder (`out/` and `cache/` go inside).
 * @returns Options to spread over an example's defaults.
 */
export function tinyRun(dir: string) {
  return {
    outDir: join(dir, 'out'),
    patients: 9,
    slicesPerSeries: 8,
    imageSizePx: 96,
    inputSizePx: 64,
    weights: 'random',
    workers: 2,
    cacheDir: join(dir, 'cache'),
  };
}

/** Progress bars that draw nothing. */
export const silentProgress = () => ({ update: () => {}, finish: () => {} });
