import { binFeatures, computeCuts } from './binning.js';
import { ClassifierError } from './classifier-error.js';
import type { Classifier, FitOptions, SerializedModel } from './classifier.js';
import { toFeatureMatrix, toSampleWeight, type FeatureInput } from './feature-matrix.js';
import { checkParameter, requireTwoClasses, throwIfAborted } from './fit-checks.js';
import { forestTreeLeaf, type ForestTree, type ForestTreeParams } from './forest-tree.js';
import { argmaxLabels, checkTreeLinks, PREDICT_BLOCK_ROWS } from './gradient-boosting.js';
import { LabelEncoder, type Label } from './label-encoder.js';
import {
  MODEL_FORMAT_VERSION,
  readClasses,
  readEnvelope,
  readNumber,
  readNumbers,
} from './model-json.js';
import { deriveSeed } from './random.js';
import { defaultThreadCount, shareArray, TreePool } from './tree-pool.js';

/**
 * Hyper-parameters of {@link RandomForestClassifier} ; defaults are scikit-learn 1.2's.
 */
export interface RandomForestParams {
  /** Number of trees. @default 100 */
  nEstimators?: number;
  /**
   * Features per split: `'sqrt'`, `'log2'`, a count, or a fraction in (0, 1). @default
   * 'sqrt'
   */
  maxFeatures?: 'sqrt' | 'log2' | number;
  /** Depth limit; unlimited by default. */
  maxDepth?: number;
  /** Minimum rows to split a node. @default 2 */
  minSamplesSplit?: number;
  /** Minimum rows per leaf. @default 1 */
  minSamplesLeaf?: number;
  /** Bootstrap sample per tree. @default true */
  bootstrap?: boolean;
  /**
   * Nodes with fewer rows use exact sorted thresholds; larger ones 256-bin histograms.
   * @default 64
   */
  exactBelow?: number;
  /**
   * Seed; tree t uses a seed derived from it and t, so results do not depend on threads.
   * @default 0
   */
  seed?: number;
  /**
   * Worker threads building trees; 1 builds in the calling thread. @default available
   * cores
   */
  nThreads?: number;
}

const MODEL = 'RandomForestClassifier';

/**
 * A random forest with scikit-learn's `RandomForestClassifier` semantics (Breiman 2001):
 * bootstrap samples, `maxFeatures` features drawn at every split, Gini impurity, and
 * class probabilities as the mean over trees of each leaf's weighted class fractions.
 *
 * @remarks Limitation: nodes with at least `exactBelow` rows choose thresholds among 255
 * quantile cut points per feature rather than every midpoint (smaller nodes are exact),
 * and the random stream differs from NumPy's, so trees differ from scikit-learn's for a
 * given seed.
 */
export class RandomForestClassifier implements Classifier {
  /** Resolved hyper-parameters. */
  readonly params: Required<Omit<RandomForestParams, 'maxDepth'>> & {
    maxDepth: number | null;
  };
  /** Sorted unique labels seen at fit time. */
  classes: Label[] = [];
  /** The fitted trees. */
  trees: ForestTree[] = [];
  /** Number of features seen at fit time. */
  featureCount = 0;

  /**
   * Creates an unfitted forest.
   * @param params - hyper-parameters (scikit-learn's names in camelCase)
   * @throws ClassifierError `INVALID_PARAMETER` for out-of-range values
   */
  constructor(params: RandomForestParams = {}) {
    this.params = {
      nEstimators: params.nEstimators ?? 100,
      maxFeatures: params.maxFeatures ?? 'sqrt',
      maxDepth: params.maxDepth ?? null,
      minSamplesSplit: params.minSamplesSplit ?? 2,
      minSamplesLeaf: params.minSamplesLeaf ?? 1,
      bootstrap: params.bootstrap ?? true,
      exactBelow: params.exactBelow ?? 64,
      seed: params.seed ?? 0,
      nThreads: params.nThreads ?? defaultThreadCount(),
    };
    const p = this.params;
    checkParameter(
      'nEstimators',
      p.nEstimators,
      Number.isInteger(p.nEstimators) && p.nEstimators >= 1,
      'a positive integer',
    );
    const mf = p.maxFeatures;
    checkParameter(
      'maxFeatures',
      mf,
      mf === 'sqrt' || mf === 'log2' || (typeof mf === 'number' && mf > 0),
      "'sqrt', 'log2', a positive count or a fraction",
    );
    checkParameter(
      'maxDepth',
      p.maxDepth,
      p.maxDepth === null || (Number.isInteger(p.maxDepth) && p.maxDepth >= 1),
      'a positive integer or unset',
    );
    checkParameter(
      'minSamplesSplit',
      p.minSamplesSplit,
      Number.isInteger(p.minSamplesSplit) && p.minSamplesSplit >= 2,
      'an integer of at least 2',
    );
    checkParameter(
      'minSamplesLeaf',
      p.minSamplesLeaf,
      Number.isInteger(p.minSamplesLeaf) && p.minSamplesLeaf >= 1,
      'a positive integer',
    );
    checkParameter('exactBelow', p.exactBelow, p.exactBelow >= 0, 'non-negative');
    checkParameter(
      'nThreads',
      p.nThreads,
      Number.isInteger(p.nThreads) && p.nThreads >= 1,
      'a positive integer',
    );
  }

  /**
   * Trains the forest (replacing any previous fit).
   * @param x - N x D feature vectors
   * @param y - N labels
   * @param options - sample weights, progress, cancellation
   * @returns this forest
   * @throws ClassifierError `NON_FINITE_FEATURE`, `MISMATCHED_LENGTHS`, `SINGLE_CLASS`,
   *   `ABORTED`
   */
  async fit(
    x: FeatureInput,
    y: ArrayLike<Label>,
    options: FitOptions = {},
  ): Promise<this> {
    const p = this.params;
    const matrix = toFeatureMatrix(x, y.length, undefined);
    const encoder = new LabelEncoder();
    const labelsLocal = encoder.fitTransform(y);
    const K = encoder.classes.length;
    requireTwoClasses(K, MODEL);
    const weightsLocal = toSampleWeight(options.sampleWeight, matrix.rows);
    throwIfAborted(options.signal);

    const n = matrix.rows;
    const d = matrix.cols;
    const shared = p.nThreads > 1;
    const cuts = computeCuts(matrix, 256);
    const data = binFeatures(
      matrix,
      cuts,
      shared ? new Uint8Array(new SharedArrayBuffer(n * d)) : undefined,
    );
    const columns = shared
      ? new Float32Array(new SharedArrayBuffer(n * d * 4))
      : new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < d; f++) columns[f * n + i] = matrix.values[i * d + f];
    }
    const treeParams: ForestTreeParams = {
      maxFeatures: resolveMaxFeatures(p.maxFeatures, d),
      maxDepth: p.maxDepth ?? Infinity,
      minSamplesSplit: p.minSamplesSplit,
      minSamplesLeaf: p.minSamplesLeaf,
      bootstrap: p.bootstrap,
      exactBelow: p.exactBelow,
    };
    const pool = new TreePool(
      {
        data,
        columns,
        labels: shareArray(labelsLocal, shared),
        weights: shareArray(weightsLocal, shared),
        classCount: K,
        forest: treeParams,
      },
      Math.min(p.nThreads, p.nEstimators),
    );
    const trees: ForestTree[] = new Array(p.nEstimators);
    let done = 0;
    try {
      const batch = Math.max(1, pool.size * 2);
      for (let t0 = 0; t0 < p.nEstimators; t0 += batch) {
        throwIfAborted(options.signal);
        const jobs: Promise<void>[] = [];
        for (let t = t0; t < Math.min(p.nEstimators, t0 + batch); t++) {
          jobs.push(
            pool.run({ kind: 'forest', seed: deriveSeed(p.seed, t) }).then((tree) => {
              trees[t] = tree as ForestTree;
              done++;
              options.onProgress?.({ stage: 'trees', done, total: p.nEstimators });
            }),
          );
        }
        await Promise.all(jobs);
      }
    } finally {
      await pool.close();
    }
    this.classes = encoder.classes;
    this.featureCount = d;
    this.trees = trees;
    return this;
  }

  /**
   * Class probabilities: the mean over trees of the leaf's weighted class fractions.
   * @param x - feature vectors with the fitted width
   * @returns row-major N x K probabilities, each row summing to 1
   * @throws ClassifierError `NOT_FITTED`, `MISMATCHED_LENGTHS`, `NON_FINITE_FEATURE`
   */
  predictProba(x: FeatureInput): Float64Array {
    this.requireFitted();
    const m = toFeatureMatrix(x, undefined, this.featureCount);
    const K = this.classes.length;
    const out = new Float64Array(m.rows * K);
    // A block of rows at a time through every tree, as boosting predicts (same sums).
    for (let i0 = 0; i0 < m.rows; i0 += PREDICT_BLOCK_ROWS) {
      const i1 = Math.min(m.rows, i0 + PREDICT_BLOCK_ROWS);
      for (const tree of this.trees) {
        for (let i = i0; i < i1; i++) {
          const leaf = forestTreeLeaf(tree, m.values, i * m.cols);
          for (let k = 0; k < K; k++) out[i * K + k] += tree.value[leaf * K + k];
        }
      }
    }
    for (let i = 0; i < m.rows; i++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += out[i * K + k];
      for (let k = 0; k < K; k++) out[i * K + k] /= sum;
    }
    return out;
  }

  /**
   * Most probable label per row.
   * @param x - feature vectors with the fitted width
   * @returns labels
   */
  predict(x: FeatureInput): Label[] {
    return argmaxLabels(this.predictProba(x), this.classes);
  }

  /**
   * Versioned plain-object form of the fitted forest.
   * @returns the model object (JSON-serialisable)
   */
  toJSON(): SerializedModel {
    this.requireFitted();
    return {
      format: 'calvaria.classifiers',
      version: MODEL_FORMAT_VERSION,
      model: MODEL,
      params: this.params,
      classes: this.classes,
      featureCount: this.featureCount,
      trees: this.trees.map((t) => ({
        feature: Array.from(t.feature),
        threshold: Array.from(t.threshold),
        left: Array.from(t.left),
        right: Array.from(t.right),
        value: Array.from(t.value),
      })),
    };
  }

  /**
   * Rebuilds a forest from {@link RandomForestClassifier.toJSON} output.
   * @param json - the object or its JSON text
   * @returns the forest
   * @throws ClassifierError `CORRUPT_MODEL` when the object is not a valid forest
   */
  static fromJSON(json: unknown): RandomForestClassifier {
    const o = readEnvelope(json, MODEL);
    const params = o['params'];
    if (params === null || typeof params !== 'object') {
      throw new ClassifierError(
        'CORRUPT_MODEL',
        'Model field "params" is missing; the file is damaged.',
      );
    }
    let model: RandomForestClassifier;
    try {
      const raw = params as RandomForestParams & { maxDepth: number | null };
      model = new RandomForestClassifier({ ...raw, maxDepth: raw.maxDepth ?? undefined });
    } catch (cause) {
      throw new ClassifierError(
        'CORRUPT_MODEL',
        'Model field "params" holds invalid values.',
        { cause },
      );
    }
    model.classes = readClasses(o);
    model.featureCount = readNumber(o, 'featureCount');
    const K = model.classes.length;
    const trees = o['trees'];
    if (!Array.isArray(trees) || trees.length === 0) {
      throw new ClassifierError(
        'CORRUPT_MODEL',
        'Model field "trees" must be a non-empty array.',
      );
    }
    model.trees = trees.map((t: Record<string, unknown>) => {
      if (t === null || typeof t !== 'object') {
        throw new ClassifierError(
          'CORRUPT_MODEL',
          'A tree in the model file is not an object.',
        );
      }
      const feature = readNumbers(t, 'feature');
      const size = feature.length;
      const tree: ForestTree = {
        feature: Int32Array.from(feature),
        threshold: Float32Array.from(readNumbers(t, 'threshold', size)),
        left: Int32Array.from(readNumbers(t, 'left', size)),
        right: Int32Array.from(readNumbers(t, 'right', size)),
        value: Float32Array.from(readNumbers(t, 'value', size * K)),
      };
      checkTreeLinks(tree.feature, tree.left, tree.right, model.featureCount);
      return tree;
    });
    return model;
  }

  private requireFitted(): void {
    if (this.trees.length === 0) {
      throw new ClassifierError(
        'NOT_FITTED',
        `${MODEL} is not fitted; call fit() or fromJSON() first.`,
      );
    }
  }
}

/**
 * Resolves scikit-learn's `max_features` to a count: sqrt and log2 are floored, a
 * fraction is `max(1, floor(fraction * D))`, a count is used as is (capped at D).
 * @param maxFeatures - the setting
 * @param d - number of features
 * @returns features per split
 */
export function resolveMaxFeatures(
  maxFeatures: 'sqrt' | 'log2' | number,
  d: number,
): number {
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (maxFeatures < 1) return Math.max(1, Math.floor(maxFeatures * d));
  return Math.min(d, Math.floor(maxFeatures));
}
