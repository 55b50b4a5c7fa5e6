import { binFeatures, computeCuts, type BinnedFeatures } from './binning.js';
import {
  boostTreeValue,
  boostTreeValueBinned,
  fillThresholds,
  type BoostTree,
  type BoostTreeParams,
} from './boost-tree.js';
import { ClassifierError } from './classifier-error.js';
import type { Classifier, FitOptions, SerializedModel } from './classifier.js';
import { toFeatureMatrix, toSampleWeight, type FeatureInput } from './feature-matrix.js';
import { checkParameter, requireTwoClasses, throwIfAborted } from './fit-checks.js';
import { LabelEncoder, type Label } from './label-encoder.js';
import {
  MODEL_FORMAT_VERSION,
  readClasses,
  readEnvelope,
  readNumber,
  readNumbers,
} from './model-json.js';
import { SeededRandom } from './random.js';
import { defaultThreadCount, shareArray, TreePool } from './tree-pool.js';

/** Hyper-parameters of {@link GradientBoostingClassifier}; defaults are XGBoost 1.7's. */
export interface GradientBoostingParams {
  /** Boosting rounds (one tree per class per round). @default 100 */
  nEstimators?: number;
  /** Depth limit of each tree. @default 6 */
  maxDepth?: number;
  /** Shrinkage `eta`. @default 0.3 */
  learningRate?: number;
  /** Fraction of rows drawn (Bernoulli) for each tree. @default 1 */
  subsample?: number;
  /** Fraction of features drawn for each tree. @default 1 */
  colsampleBytree?: number;
  /** Minimum hessian sum in a child. @default 1 */
  minChildWeight?: number;
  /** L2 penalty on leaf weights. @default 1 */
  lambda?: number;
  /** Minimum split gain kept after pruning. @default 0 */
  gamma?: number;
  /** Histogram bins per feature, at most 256. @default 256 */
  maxBins?: number;
  /** Stop when the validation log loss has not improved for this many rounds. */
  earlyStoppingRounds?: number;
  /** Initial margin of every class (XGBoost's `base_score`). @default 0.5 */
  baseScore?: number;
  /** Seed for row and feature sampling. @default 0 */
  seed?: number;
  /**
   * Worker threads building the K trees of a round at once; 1 builds in the calling
   * thread.
   * @default K (one per class, at most 8) when the machine has two or more cores, else 1
   */
  nThreads?: number;
}

/**
 * Fit options of {@link GradientBoostingClassifier} : the common ones plus a validation
 * set.
 */
export interface GradientBoostingFitOptions extends FitOptions {
  /** Validation rows for early stopping (labels must be among the training labels). */
  evalSet?: { x: FeatureInput; y: ArrayLike<Label> };
}

/**
 * Which feature importance {@link GradientBoostingClassifier.featureImportances} returns.
 */
export type ImportanceType = 'gain' | 'weight' | 'totalGain' | 'cover' | 'totalCover';

const MODEL = 'GradientBoostingClassifier';

/** Rows that prediction takes through all trees at once (32 rows of 2048 floats: 256 KB). */
export const PREDICT_BLOCK_ROWS = 32;

/**
 * Gradient-boosted trees for K classes with XGBoost's `multi:softprob` objective and
 * `hist` tree method: each round fits one regression tree per class to the softmax
 * gradient g = p - y and hessian h = max(2 p (1 - p), 1e-16) (XGBoost's
 * `softmax_multiclass_obj`), starting from margin `baseScore` for every class.
 *
 * @remarks Limitation: two classes are also fitted with softmax (two trees per round),
 *   where
 * XGBoost would use `binary:logistic` with one; missing values are not supported (NaN
 * throws).
 */
export class GradientBoostingClassifier implements Classifier {
  /** Resolved hyper-parameters. */
  readonly params: Required<Omit<GradientBoostingParams, 'earlyStoppingRounds'>> & {
    earlyStoppingRounds: number | undefined;
  };
  /** Sorted unique labels seen at fit time. */
  classes: Label[] = [];
  /** Trees, round-major: tree of round r and class k at `r * K + k`. */
  trees: BoostTree[] = [];
  /** Number of features seen at fit time. */
  featureCount = 0;
  /** Round with the best validation loss (0-based) when early stopping ran. */
  bestIteration: number | undefined;
  /** Validation log loss per round, when an eval set was given. */
  evalHistory: number[] = [];

  /**
   * Creates an unfitted model.
   * @param params - hyper-parameters (XGBoost's names in camelCase)
   * @throws ClassifierError `INVALID_PARAMETER` for out-of-range values
   */
  constructor(params: GradientBoostingParams = {}) {
    this.params = {
      nEstimators: params.nEstimators ?? 100,
      maxDepth: params.maxDepth ?? 6,
      learningRate: params.learningRate ?? 0.3,
      subsample: params.subsample ?? 1,
      colsampleBytree: params.colsampleBytree ?? 1,
      minChildWeight: params.minChildWeight ?? 1,
      lambda: params.lambda ?? 1,
      gamma: params.gamma ?? 0,
      maxBins: params.maxBins ?? 256,
      earlyStoppingRounds: params.earlyStoppingRounds,
      baseScore: params.baseScore ?? 0.5,
      seed: params.seed ?? 0,
      nThreads: params.nThreads ?? (defaultThreadCount() >= 2 ? 8 : 1),
    };
    const p = this.params;
    checkParameter(
      'nEstimators',
      p.nEstimators,
      Number.isInteger(p.nEstimators) && p.nEstimators >= 1,
      'a positive integer',
    );
    checkParameter(
      'maxDepth',
      p.maxDepth,
      Number.isInteger(p.maxDepth) && p.maxDepth >= 0,
      'a non-negative integer',
    );
    checkParameter('learningRate', p.learningRate, p.learningRate > 0, 'positive');
    checkParameter(
      'subsample',
      p.subsample,
      p.subsample > 0 && p.subsample <= 1,
      'in (0, 1]',
    );
    checkParameter(
      'colsampleBytree',
      p.colsampleBytree,
      p.colsampleBytree > 0 && p.colsampleBytree <= 1,
      'in (0, 1]',
    );
    checkParameter(
      'minChildWeight',
      p.minChildWeight,
      p.minChildWeight >= 0,
      'non-negative',
    );
    checkParameter('lambda', p.lambda, p.lambda >= 0, 'non-negative');
    checkParameter('gamma', p.gamma, p.gamma >= 0, 'non-negative');
    checkParameter(
      'maxBins',
      p.maxBins,
      Number.isInteger(p.maxBins) && p.maxBins >= 2 && p.maxBins <= 256,
      'an integer in 2..256',
    );
    checkParameter(
      'nThreads',
      p.nThreads,
      Number.isInteger(p.nThreads) && p.nThreads >= 1,
      'a positive integer',
    );
    if (p.earlyStoppingRounds !== undefined) {
      checkParameter(
        'earlyStoppingRounds',
        p.earlyStoppingRounds,
        Number.isInteger(p.earlyStoppingRounds) && p.earlyStoppingRounds >= 1,
        'a positive integer',
      );
    }
  }

  /**
   * Trains the model (replacing any previous fit).
   * @param x - N x D feature vectors
   * @param y - N labels
   * @param options - sample weights, validation set, progress, cancellation
   * @returns this model
   * @throws ClassifierError `NON_FINITE_FEATURE`, `MISMATCHED_LENGTHS`, `SINGLE_CLASS`,
   *   `UNSEEN_LABEL` (validation labels), `ABORTED`
   */
  async fit(
    x: FeatureInput,
    y: ArrayLike<Label>,
    options: GradientBoostingFitOptions = {},
  ): Promise<this> {
    const p = this.params;
    const matrix = toFeatureMatrix(x, y.length, undefined);
    const encoder = new LabelEncoder();
    const labels = encoder.fitTransform(y);
    requireTwoClasses(encoder.classes.length, MODEL);
    const weights = toSampleWeight(options.sampleWeight, matrix.rows);
    const valMatrix = options.evalSet
      ? toFeatureMatrix(options.evalSet.x, options.evalSet.y.length, matrix.cols)
      : undefined;
    const valLabels = options.evalSet ? encoder.transform(options.evalSet.y) : undefined;
    throwIfAborted(options.signal);

    const n = matrix.rows;
    const d = matrix.cols;
    const K = encoder.classes.length;
    const threads = Math.min(p.nThreads, K);
    const shared = threads > 1;
    const cuts = computeCuts(matrix, p.maxBins);
    const binBuffer = shared ? new Uint8Array(new SharedArrayBuffer(n * d)) : undefined;
    const data: BinnedFeatures = binFeatures(matrix, cuts, binBuffer);
    const grad = shareArray(new Float32Array(K * n), shared);
    const hess = shareArray(new Float32Array(K * n), shared);
    const treeParams: BoostTreeParams = {
      maxDepth: p.maxDepth,
      minChildWeight: p.minChildWeight,
      lambda: p.lambda,
      gamma: p.gamma,
      learningRate: p.learningRate,
    };
    const pool = new TreePool({ data, grad, hess, boost: treeParams }, threads);
    const rng = new SeededRandom(p.seed);

    const margin = new Float64Array(n * K).fill(p.baseScore);
    const valMargin = valMatrix
      ? new Float64Array(valMatrix.rows * K).fill(p.baseScore)
      : undefined;
    const trees: BoostTree[] = [];
    const history: number[] = [];
    let bestLoss = Infinity;
    let bestRound = -1;
    const prob = new Float64Array(K);
    try {
      for (let round = 0; round < p.nEstimators; round++) {
        throwIfAborted(options.signal);
        for (let i = 0; i < n; i++) {
          softmaxInto(margin, i * K, K, prob);
          const w = weights[i];
          for (let k = 0; k < K; k++) {
            const pk = prob[k];
            grad[k * n + i] = (pk - (labels[i] === k ? 1 : 0)) * w;
            hess[k * n + i] = Math.max(2 * pk * (1 - pk), 1e-16) * w;
          }
        }
        const tasks: Promise<BoostTree>[] = [];
        for (let k = 0; k < K; k++) {
          const rows = sampleRows(n, p.subsample, rng);
          const features = sampleFeatures(d, p.colsampleBytree, rng);
          tasks.push(
            pool.run({
              kind: 'boost',
              classIndex: k,
              rows,
              features,
            }) as Promise<BoostTree>,
          );
        }
        const roundTrees = await Promise.all(tasks);
        for (let k = 0; k < K; k++) {
          const tree = roundTrees[k];
          fillThresholds(tree, cuts);
          trees.push(tree);
          for (let i = 0; i < n; i++)
            margin[i * K + k] += boostTreeValueBinned(tree, data, i);
          if (valMatrix && valMargin) {
            const vd = valMatrix.values;
            for (let i = 0; i < valMatrix.rows; i++) {
              valMargin[i * K + k] += boostTreeValue(tree, vd, i * d);
            }
          }
        }
        options.onProgress?.({
          stage: 'boosting',
          done: round + 1,
          total: p.nEstimators,
        });
        if (valMatrix && valMargin && valLabels) {
          const loss = logLoss(valMargin, valLabels, K);
          history.push(loss);
          if (loss < bestLoss) {
            bestLoss = loss;
            bestRound = round;
          } else if (
            p.earlyStoppingRounds !== undefined &&
            round - bestRound >= p.earlyStoppingRounds
          ) {
            break;
          }
        }
      }
    } finally {
      await pool.close();
    }

    this.classes = encoder.classes;
    this.featureCount = d;
    this.evalHistory = history;
    if (p.earlyStoppingRounds !== undefined && bestRound >= 0) {
      this.bestIteration = bestRound;
      this.trees = trees.slice(0, (bestRound + 1) * K);
    } else {
      this.bestIteration = undefined;
      this.trees = trees;
    }
    return this;
  }

  /**
   * Raw margins (sum of tree outputs plus `baseScore`), row-major N x K.
   * @param x - feature vectors with the fitted width
   * @returns margins
   * @throws ClassifierError `NOT_FITTED`, `MISMATCHED_LENGTHS`, `NON_FINITE_FEATURE`
   */
  decisionFunction(x: FeatureInput): Float64Array {
    this.requireFitted();
    const m = toFeatureMatrix(x, undefined, this.featureCount);
    const K = this.classes.length;
    const out = new Float64Array(m.rows * K).fill(this.params.baseScore);
    // A block of rows at a time through every tree, so the rows' values stay in cache; each
    // margin still adds the trees in order.
    for (let i0 = 0; i0 < m.rows; i0 += PREDICT_BLOCK_ROWS) {
      const i1 = Math.min(m.rows, i0 + PREDICT_BLOCK_ROWS);
      for (let t = 0; t < this.trees.length; t++) {
        const tree = this.trees[t];
        const k = t % K;
        for (let i = i0; i < i1; i++)
          out[i * K + k] += boostTreeValue(tree, m.values, i * m.cols);
      }
    }
    return out;
  }

  /**
   * Class probabilities: softmax of the margins, row-major N x K.
   * @param x - feature vectors with the fitted width
   * @returns probabilities, each row summing to 1
   */
  predictProba(x: FeatureInput): Float64Array {
    const margin = this.decisionFunction(x);
    const K = this.classes.length;
    const out = new Float64Array(margin.length);
    const prob = new Float64Array(K);
    for (let i = 0; i < margin.length / K; i++) {
      softmaxInto(margin, i * K, K, prob);
      out.set(prob, i * K);
    }
    return out;
  }

  /**
   * Most probable label per row.
   * @param x - feature vectors with the fitted width
   * @returns labels
   */
  predict(x: FeatureInput): Label[] {
    return argmaxLabels(this.decisionFunction(x), this.classes);
  }

  /**
   * Feature importance over all trees, as XGBoost's `get_score` defines it: `weight`
   * counts splits on the feature, `gain`/`cover` average the split gain/hessian cover
   * over those splits, `totalGain`/`totalCover` sum them.
   * @param type - which importance
   * @returns one value per feature (0 for unused features)
   */
  featureImportances(type: ImportanceType = 'gain'): Float64Array {
    this.requireFitted();
    const count = new Float64Array(this.featureCount);
    const gain = new Float64Array(this.featureCount);
    const cover = new Float64Array(this.featureCount);
    for (const tree of this.trees) {
      for (let i = 0; i < tree.feature.length; i++) {
        const f = tree.feature[i];
        if (f < 0) continue;
        count[f] += 1;
        gain[f] += tree.gain[i];
        cover[f] += tree.cover[i];
      }
    }
    if (type === 'weight') return count;
    if (type === 'totalGain') return gain;
    if (type === 'totalCover') return cover;
    const sum = type === 'gain' ? gain : cover;
    return sum.map((v, f) => (count[f] > 0 ? v / count[f] : 0));
  }

  /**
   * Versioned plain-object form of the fitted model.
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
      bestIteration: this.bestIteration ?? null,
      trees: this.trees.map((t) => ({
        feature: Array.from(t.feature),
        threshold: Array.from(t.threshold),
        left: Array.from(t.left),
        right: Array.from(t.right),
        value: Array.from(t.value),
        gain: Array.from(t.gain),
        cover: Array.from(t.cover),
      })),
    };
  }

  /**
   * Rebuilds a model from {@link GradientBoostingClassifier.toJSON} output.
   * @param json - the object or its JSON text
   * @returns the model
   * @throws ClassifierError `CORRUPT_MODEL` when the object is not a valid model
   */
  static fromJSON(json: unknown): GradientBoostingClassifier {
    const o = readEnvelope(json, MODEL);
    const params = o['params'];
    if (params === null || typeof params !== 'object') {
      throw new ClassifierError(
        'CORRUPT_MODEL',
        'Model field "params" is missing; the file is damaged.',
      );
    }
    let model: GradientBoostingClassifier;
    try {
      model = new GradientBoostingClassifier(params as GradientBoostingParams);
    } catch (cause) {
      throw new ClassifierError(
        'CORRUPT_MODEL',
        'Model field "params" holds invalid values.',
        { cause },
      );
    }
    model.classes = readClasses(o);
    model.featureCount = readNumber(o, 'featureCount');
    const best = o['bestIteration'];
    model.bestIteration = typeof best === 'number' ? best : undefined;
    const trees = o['trees'];
    if (!Array.isArray(trees) || trees.length % model.classes.length !== 0) {
      throw new ClassifierError(
        'CORRUPT_MODEL',
        'Model field "trees" must hold one tree per class per round.',
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
      const tree: BoostTree = {
        feature: Int32Array.from(feature),
        splitBin: new Int32Array(size),
        threshold: Float32Array.from(readNumbers(t, 'threshold', size)),
        left: Int32Array.from(readNumbers(t, 'left', size)),
        right: Int32Array.from(readNumbers(t, 'right', size)),
        value: Float64Array.from(readNumbers(t, 'value', size)),
        gain: Float64Array.from(readNumbers(t, 'gain', size)),
        cover: Float64Array.from(readNumbers(t, 'cover', size)),
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
 * Checks that a flat tree's children point forward and its features exist, so that
 * traversal of a loaded model always ends at a leaf.
 * @param feature - split feature per node (-1 leaf)
 * @param left - left child per node
 * @param right - right child per node
 * @param featureCount - number of features
 * @throws ClassifierError `CORRUPT_MODEL`
 */
export function checkTreeLinks(
  feature: Int32Array,
  left: Int32Array,
  right: Int32Array,
  featureCount: number,
): void {
  const size = feature.length;
  for (let i = 0; i < size; i++) {
    const f = feature[i];
    if (f < 0) continue;
    if (
      f >= featureCount ||
      !(left[i] > i && left[i] < size && right[i] > i && right[i] < size)
    ) {
      throw new ClassifierError(
        'CORRUPT_MODEL',
        `Tree node ${i} has feature ${f} and children ${left[i]}, ${right[i]}, which do not form a tree; the file is damaged.`,
      );
    }
  }
  if (size === 0)
    throw new ClassifierError('CORRUPT_MODEL', 'A tree in the model file has no nodes.');
}

/**
 * Softmax of `K` margins starting at `offset`, written into `out` (max-shifted for
 * stability).
 * @param margin - margins
 * @param offset - first index
 * @param K - number of classes
 * @param out - K outputs
 */
export function softmaxInto(
  margin: Float64Array,
  offset: number,
  K: number,
  out: Float64Array,
): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) if (margin[offset + k] > max) max = margin[offset + k];
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp(margin[offset + k] - max);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < K; k++) out[k] /= sum;
}

/**
 * Label of the largest score per row (first on ties).
 * @param scores - row-major N x K scores
 * @param classes - K labels
 * @returns labels
 */
export function argmaxLabels(scores: ArrayLike<number>, classes: Label[]): Label[] {
  const K = classes.length;
  const rows = scores.length / K;
  const out: Label[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (scores[i * K + k] > scores[i * K + best]) best = k;
    out[i] = classes[best];
  }
  return out;
}

function logLoss(margin: Float64Array, labels: Int32Array, K: number): number {
  const prob = new Float64Array(K);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    softmaxInto(margin, i * K, K, prob);
    sum -= Math.log(Math.max(prob[labels[i]], 1e-15));
  }
  return sum / labels.length;
}

function sampleRows(n: number, fraction: number, rng: SeededRandom): Int32Array {
  if (fraction >= 1) {
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
    return rows;
  }
  const picked: number[] = [];
  for (let i = 0; i < n; i++) if (rng.nextFloat() < fraction) picked.push(i);
  return Int32Array.from(picked);
}

function sampleFeatures(d: number, fraction: number, rng: SeededRandom): Int32Array {
  const all = new Int32Array(d);
  for (let f = 0; f < d; f++) all[f] = f;
  if (fraction >= 1) return all;
  const count = Math.max(1, Math.floor(fraction * d));
  rng.shuffle(all);
  return all.slice(0, count).sort();
}
