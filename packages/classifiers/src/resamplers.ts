import { ClassifierError } from './classifier-error.js';
import { toFeatureMatrix, type FeatureInput } from './feature-matrix.js';
import { LabelEncoder, type Label } from './label-encoder.js';
import { SeededRandom } from './random.js';
import { resolveSamplingStrategy, type SamplingStrategy } from './sampling-strategy.js';

/** Result of a resampler: the chosen rows, and the matching features and labels. */
export interface Resampled {
  /** Source row of every output row. */
  readonly indices: Int32Array;
  /** Output features, row-major `indices.length` x D. */
  readonly x: Float32Array;
  /** Output labels. */
  readonly y: Label[];
}

/** Options of the random resamplers. */
export interface ResamplerOptions {
  /** imbalanced-learn's `sampling_strategy`. @default 'auto' */
  samplingStrategy?: SamplingStrategy;
  /** Seed of the draws. @default 0 */
  seed?: number;
}

function classRows(y: ArrayLike<Label>): { classes: Label[]; rows: number[][] } {
  const encoder = new LabelEncoder();
  const codes = encoder.fitTransform(y);
  const rows: number[][] = encoder.classes.map(() => []);
  for (let i = 0; i < codes.length; i++) rows[codes[i]].push(i);
  return { classes: encoder.classes, rows };
}

function gather(x: FeatureInput, y: ArrayLike<Label>, indices: Int32Array): Resampled {
  const m = toFeatureMatrix(x, y.length, undefined);
  const out = new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) {
    out.set(
      m.values.subarray(indices[i] * m.cols, (indices[i] + 1) * m.cols),
      i * m.cols,
    );
  }
  return { indices, x: out, y: Array.from(indices, (r) => y[r]) };
}

function requireLabels(y: ArrayLike<Label>): void {
  if (y.length === 0) {
    throw new ClassifierError(
      'MISMATCHED_LENGTHS',
      'Cannot resample an empty label vector.',
    );
  }
}

/**
 * Random over-sampling with imbalanced-learn's `RandomOverSampler` semantics: every row
 * is kept, then each targeted class gets rows drawn with replacement from its own rows,
 * appended in class order.
 */
export class RandomOverSampler {
  private readonly strategy: SamplingStrategy;
  private readonly seed: number;

  /**
   * @param options - sampling strategy (default `'auto'`: every class but the majority up
   *   to the majority's count) and seed
   */
  constructor(options: ResamplerOptions = {}) {
    this.strategy = options.samplingStrategy ?? 'auto';
    this.seed = options.seed ?? 0;
  }

  /**
   * Chooses the output rows.
   * @param y - labels
   * @returns source row of every output row
   * @throws ClassifierError `INVALID_PARAMETER` for a strategy that does not apply
   */
  resampleIndices(y: ArrayLike<Label>): Int32Array {
    requireLabels(y);
    const { classes, rows } = classRows(y);
    const targets = resolveSamplingStrategy(
      classes,
      rows.map((r) => r.length),
      this.strategy,
      'over',
    );
    const rng = new SeededRandom(this.seed);
    const out: number[] = [];
    for (let i = 0; i < y.length; i++) out.push(i);
    for (const [k, add] of targets) {
      for (let j = 0; j < add; j++) out.push(rows[k][rng.nextInt(rows[k].length)]);
    }
    return Int32Array.from(out);
  }

  /**
   * Resamples features and labels.
   * @param x - N x D features
   * @param y - N labels
   * @returns the resampled rows
   */
  fitResample(x: FeatureInput, y: ArrayLike<Label>): Resampled {
    return gather(x, y, this.resampleIndices(y));
  }
}

/**
 * Random under-sampling with imbalanced-learn's `RandomUnderSampler` semantics: each
 * targeted class keeps a random subset (without replacement) of the resolved size, others
 * keep every row; output rows are grouped by class in sorted label order.
 */
export class RandomUnderSampler {
  private readonly strategy: SamplingStrategy;
  private readonly seed: number;

  /**
   * @param options - sampling strategy (default `'auto'`: every class but the minority
   *   down to the minority's count) and seed
   */
  constructor(options: ResamplerOptions = {}) {
    this.strategy = options.samplingStrategy ?? 'auto';
    this.seed = options.seed ?? 0;
  }

  /**
   * Chooses the output rows.
   * @param y - labels
   * @returns source row of every output row
   * @throws ClassifierError `INVALID_PARAMETER` for a strategy that does not apply
   */
  resampleIndices(y: ArrayLike<Label>): Int32Array {
    requireLabels(y);
    const { classes, rows } = classRows(y);
    const targets = resolveSamplingStrategy(
      classes,
      rows.map((r) => r.length),
      this.strategy,
      'under',
    );
    const rng = new SeededRandom(this.seed);
    const out: number[] = [];
    for (let k = 0; k < classes.length; k++) {
      const keep = targets.get(k);
      if (keep === undefined) {
        out.push(...rows[k]);
        continue;
      }
      const pool = Int32Array.from(rows[k]);
      for (let j = 0; j < keep; j++) {
        const r = j + rng.nextInt(pool.length - j);
        const t = pool[j];
        pool[j] = pool[r];
        pool[r] = t;
      }
      out.push(...pool.subarray(0, keep));
    }
    return Int32Array.from(out);
  }

  /**
   * Resamples features and labels.
   * @param x - N x D features
   * @param y - N labels
   * @returns the resampled rows
   */
  fitResample(x: FeatureInput, y: ArrayLike<Label>): Resampled {
    return gather(x, y, this.resampleIndices(y));
  }
}

/** Options of {@link CombinedSampler}. */
export interface CombinedSamplerOptions {
  /** Strategy of the over-sampling step (applied first). @default 'minority' */
  over?: SamplingStrategy;
  /**
   * Strategy of the under-sampling step (applied to the over-sampled rows). @default
   * 'majority'
   */
  under?: SamplingStrategy;
  /** Seed of both steps. @default 0 */
  seed?: number;
}

/**
 * Over-sampling followed by under-sampling, as an imbalanced-learn `Pipeline` of a
 * `RandomOverSampler` and a `RandomUnderSampler` would do: by default the minority class
 * is over-sampled and the majority class under-sampled, as in the method.
 */
export class CombinedSampler {
  private readonly over: RandomOverSampler;
  private readonly under: RandomUnderSampler;

  /**
   * @param options - the two strategies and the seed
   */
  constructor(options: CombinedSamplerOptions = {}) {
    const seed = options.seed ?? 0;
    this.over = new RandomOverSampler({
      samplingStrategy: options.over ?? 'minority',
      seed,
    });
    this.under = new RandomUnderSampler({
      samplingStrategy: options.under ?? 'majority',
      seed: seed + 1,
    });
  }

  /**
   * Chooses the output rows.
   * @param y - labels
   * @returns source row of every output row
   */
  resampleIndices(y: ArrayLike<Label>): Int32Array {
    const first = this.over.resampleIndices(y);
    const second = this.under.resampleIndices(Array.from(first, (r) => y[r]));
    return second.map((i) => first[i]);
  }

  /**
   * Resamples features and labels.
   * @param x - N x D features
   * @param y - N labels
   * @returns the resampled rows
   */
  fitResample(x: FeatureInput, y: ArrayLike<Label>): Resampled {
    return gather(x, y, this.resampleIndices(y));
  }
}
