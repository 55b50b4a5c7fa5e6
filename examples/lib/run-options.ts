/**
 * The options every end-to-end example shares: where the cohort comes from, how the phantom
 * is drawn, which weights and engine run the backbone, and where output goes.
 */
import type { FeatureEngineChoice } from '@calvaria/features';
import type { ObtainCohortOptions } from './method-cohort.js';
import type { ProgressBar } from './progress.js';

/** The cohort, the backbone's weights and engine, and the output of one run. */
export interface CohortRunOptions {
  /** Where every artefact goes. */
  readonly outDir: string;
  /** Your own data; without it a phantom cohort is generated. */
  readonly data?: ObtainCohortOptions['data'];
  /** Phantom patients. */
  readonly patients: number;
  /** Phantom slices per series. */
  readonly slicesPerSeries: number;
  /** Phantom image size (pixels, square). */
  readonly imageSizePx: number;
  /** `auto` (ImageNet when cached, else random), `imagenet`, `random`, or a path. */
  readonly weights: string;
  /** Feature engine. */
  readonly engine: FeatureEngineChoice;
  /** Worker threads for the phantom and preprocessing. */
  readonly workers: number;
  /** Wanted series thickness, mm. */
  readonly sliceThicknessMm: number;
  /** The cache of weights and exported models (default: calvaria's user cache). */
  readonly cacheDir?: string;
  /** Where text goes (default: standard output). */
  readonly log?: (line: string) => void;
  /** Progress bars (default: on standard error). */
  readonly progress?: (label: string) => ProgressBar;
}
