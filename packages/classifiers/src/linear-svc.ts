import { ClassifierError } from './classifier-error.js';
import type { Classifier, FitOptions, SerializedModel } from './classifier.js';
import { toFeatureMatrix, toSampleWeight, type FeatureInput } from './feature-matrix.js';
import { checkParameter, requireTwoClasses, throwIfAborted } from './fit-checks.js';
import { argmaxLabels, softmaxInto } from './gradient-boosting.js';
import { LabelEncoder, type Label } from './label-encoder.js';
import {
  MODEL_FORMAT_VERSION,
  readClasses,
  readEnvelope,
  readNumber,
  readNumbers,
} from './model-json.js';
import { SeededRandom } from './random.js';
import {
  addRow,
  rowDot,
  rowSquaredNorm,
  toRowStore,
  type RowStore,
} from './row-store.js';

/** Hyper-parameters of {@link LinearSVC}; defaults are scikit-learn 1.2's. */
export interface LinearSVCParams {
  /** Inverse regularisation strength. @default 1 */
  C?: number;
  /**
   * Stopping tolerance on the projected-gradient range (liblinear's `eps`). @default 1e-4
   */
  tol?: number;
  /** Maximum outer iterations per binary problem. @default 1000 */
  maxIter?: number;
  /** Add a constant feature so the model has an intercept. @default true */
  fitIntercept?: boolean;
  /** Value of that constant feature (its weight is regularised too). @default 1 */
  interceptScaling?: number;
  /** Seed for the coordinate order. @default 0 */
  seed?: number;
}

const MODEL = 'LinearSVC';

/**
 * Linear support-vector classifier with liblinear's semantics (`L2R_L2LOSS_SVC_DUAL`, the
 * scikit-learn default): L2-regularised squared hinge loss solved by dual coordinate
 * descent with shrinking (Hsieh et al. 2008, Algorithm 1 and section 3.2), one-vs-rest
 * for more than two classes, a single problem with the second class as positive for two.
 * Mostly-zero features (ReLU outputs) are stored as compressed sparse rows for the
 * solver, as liblinear stores them, so its inner loops skip the zeros; the result is the
 * same as with dense rows.
 *
 * `predictProba` is a calibration this package defines, since LinearSVC has none: a
 * softmax of the decision values times one temperature factor `a` (binary: the logistic
 * of `a * d`), with `a` fitted by Newton's method to minimise the log loss on the
 * training rows.
 *
 * @remarks Limitation: the temperature is fitted on the training rows, so probabilities
 *   tend to
 * be over-confident; calibrate on held-out rows for reliable probabilities.
 */
export class LinearSVC implements Classifier {
  /** Resolved hyper-parameters. */
  readonly params: Required<LinearSVCParams>;
  /** Sorted unique labels seen at fit time. */
  classes: Label[] = [];
  /** Weights, row-major (K or 1 for two classes) x D, as scikit-learn's `coef_`. */
  coef = new Float64Array(0);
  /**
   * Intercepts (`interceptScaling` times the bias weight), as scikit-learn's
   * `intercept_`.
   */
  intercept = new Float64Array(0);
  /** Temperature factor of the probability calibration. */
  probabilityScale = 1;
  /** Outer iterations used per binary problem. */
  iterations: number[] = [];
  /** Number of features seen at fit time. */
  featureCount = 0;

  /**
   * Creates an unfitted model.
   * @param params - hyper-parameters (scikit-learn's names in camelCase)
   * @throws ClassifierError `INVALID_PARAMETER` for out-of-range values
   */
  constructor(params: LinearSVCParams = {}) {
    this.params = {
      C: params.C ?? 1,
      tol: params.tol ?? 1e-4,
      maxIter: params.maxIter ?? 1000,
      fitIntercept: params.fitIntercept ?? true,
      interceptScaling: params.interceptScaling ?? 1,
      seed: params.seed ?? 0,
    };
    const p = this.params;
    checkParameter('C', p.C, p.C > 0 && Number.isFinite(p.C), 'positive and finite');
    checkParameter('tol', p.tol, p.tol > 0, 'positive');
    checkParameter(
      'maxIter',
      p.maxIter,
      Number.isInteger(p.maxIter) && p.maxIter >= 1,
      'a positive integer',
    );
    checkParameter(
      'interceptScaling',
      p.interceptScaling,
      p.interceptScaling > 0,
      'positive',
    );
  }

  /**
   * Trains the model (replacing any previous fit).
   * @param x - N x D feature vectors
   * @param y - N labels
   * @param options - sample weights (each row's C becomes C times its weight), progress,
   *   cancellation
   * @returns this model
   * @throws ClassifierError `NON_FINITE_FEATURE`, `MISMATCHED_LENGTHS`, `SINGLE_CLASS`,
   *   `ABORTED`
   */
  async fit(
    x: FeatureInput,
    y: ArrayLike<Label>,
    options: FitOptions = {},
  ): Promise<this> {
    const p = this.params;
    const m = toFeatureMatrix(x, y.length, undefined);
    const encoder = new LabelEncoder();
    const labels = encoder.fitTransform(y);
    const K = encoder.classes.length;
    requireTwoClasses(K, MODEL);
    const weights = toSampleWeight(options.sampleWeight, m.rows);
    throwIfAborted(options.signal);

    const problems = K === 2 ? 1 : K;
    const d = m.cols;
    const coef = new Float64Array(problems * d);
    const intercept = new Float64Array(problems);
    const iterations: number[] = [];
    const sign = new Int8Array(m.rows);
    const store = toRowStore(m.values, m.rows, d);
    for (let k = 0; k < problems; k++) {
      throwIfAborted(options.signal);
      const positive = K === 2 ? 1 : k;
      for (let i = 0; i < m.rows; i++) sign[i] = labels[i] === positive ? 1 : -1;
      const rng = new SeededRandom(p.seed + k);
      const result = solveDualCd(store, sign, weights, p, rng, options.signal);
      coef.set(result.w.subarray(0, d), k * d);
      intercept[k] = p.fitIntercept ? result.w[d] * p.interceptScaling : 0;
      iterations.push(result.iterations);
      options.onProgress?.({ stage: 'one-vs-rest', done: k + 1, total: problems });
      await new Promise((resolve) => setImmediate(resolve));
    }

    this.classes = encoder.classes;
    this.coef = coef;
    this.intercept = intercept;
    this.iterations = iterations;
    this.featureCount = d;
    this.probabilityScale = fitTemperature(this.decisionFunction(m.values), labels, K);
    return this;
  }

  /**
   * Signed distances to each hyperplane: X coef^T + intercept, row-major N x K (N x 1 for
   * two classes, positive for the second class).
   * @param x - feature vectors with the fitted width
   * @returns decision values
   * @throws ClassifierError `NOT_FITTED`, `MISMATCHED_LENGTHS`, `NON_FINITE_FEATURE`
   */
  decisionFunction(x: FeatureInput): Float64Array {
    this.requireFitted();
    const m = toFeatureMatrix(x, undefined, this.featureCount);
    const problems = this.intercept.length;
    const d = m.cols;
    const out = new Float64Array(m.rows * problems);
    for (let i = 0; i < m.rows; i++) {
      for (let k = 0; k < problems; k++) {
        let s = this.intercept[k];
        const wo = k * d;
        const xo = i * d;
        for (let j = 0; j < d; j++) s += this.coef[wo + j] * m.values[xo + j];
        out[i * problems + k] = s;
      }
    }
    return out;
  }

  /**
   * Labels by the largest decision value (two classes: the sign).
   * @param x - feature vectors with the fitted width
   * @returns labels
   */
  predict(x: FeatureInput): Label[] {
    const scores = this.decisionFunction(x);
    if (this.classes.length === 2) {
      return Array.from(scores, (s) => this.classes[s > 0 ? 1 : 0]);
    }
    return argmaxLabels(scores, this.classes);
  }

  /**
   * Calibrated probabilities: softmax of `probabilityScale` times the decision values
   * (see the class description), row-major N x K.
   * @param x - feature vectors with the fitted width
   * @returns probabilities, each row summing to 1
   */
  predictProba(x: FeatureInput): Float64Array {
    return scoresToProba(
      this.decisionFunction(x),
      this.classes.length,
      this.probabilityScale,
    );
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
      coef: Array.from(this.coef),
      intercept: Array.from(this.intercept),
      probabilityScale: this.probabilityScale,
    };
  }

  /**
   * Rebuilds a model from {@link LinearSVC.toJSON} output.
   * @param json - the object or its JSON text
   * @returns the model
   * @throws ClassifierError `CORRUPT_MODEL` when the object is not a valid model
   */
  static fromJSON(json: unknown): LinearSVC {
    const o = readEnvelope(json, MODEL);
    let model: LinearSVC;
    try {
      model = new LinearSVC(o['params'] as LinearSVCParams);
    } catch (cause) {
      throw new ClassifierError(
        'CORRUPT_MODEL',
        'Model field "params" holds invalid values.',
        { cause },
      );
    }
    model.classes = readClasses(o);
    model.featureCount = readNumber(o, 'featureCount');
    const problems = model.classes.length === 2 ? 1 : model.classes.length;
    model.coef = Float64Array.from(readNumbers(o, 'coef', problems * model.featureCount));
    model.intercept = Float64Array.from(readNumbers(o, 'intercept', problems));
    model.probabilityScale = readNumber(o, 'probabilityScale');
    return model;
  }

  private requireFitted(): void {
    if (this.intercept.length === 0) {
      throw new ClassifierError(
        'NOT_FITTED',
        `${MODEL} is not fitted; call fit() or fromJSON() first.`,
      );
    }
  }
}

/**
 * liblinear's `solve_l2r_l1l2_svc` for the squared hinge loss: minimises 1/2 a^T (Q + D)
 * a - e^T a over a >= 0 with D_ii = 1/(2 C_i), keeping w = sum_i a_i y_i x_i, visiting
 * coordinates in random order and shrinking those whose projected gradient stays outside
 * the previous pass's range.
 */
function solveDualCd(
  x: RowStore,
  y: Int8Array,
  weights: Float64Array,
  p: Required<LinearSVCParams>,
  rng: SeededRandom,
  signal: AbortSignal | undefined,
): { w: Float64Array; iterations: number } {
  const n = x.rows;
  const d = x.cols;
  const bias = p.fitIntercept ? p.interceptScaling : 0;
  const w = new Float64Array(d + 1);
  const alpha = new Float64Array(n);
  const diag = new Float64Array(n);
  const qd = new Float64Array(n);
  const index = new Int32Array(n);
  let l = 0;
  for (let i = 0; i < n; i++) {
    if (weights[i] <= 0) continue;
    diag[i] = 0.5 / (p.C * weights[i]);
    qd[i] = diag[i] + bias * bias + rowSquaredNorm(x, i);
    index[l++] = i;
  }
  let active = l;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  let iter = 0;
  while (iter < p.maxIter) {
    if ((iter & 15) === 0) throwIfAborted(signal);
    let pgMaxNew = -Infinity;
    let pgMinNew = Infinity;
    for (let i = 0; i < active; i++) {
      const j = i + rng.nextInt(active - i);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const yi = y[i];
      const dot = w[d] * bias + rowDot(x, i, w);
      const g = yi * dot - 1 + alpha[i] * diag[i];
      let pg = 0;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
          continue;
        } else if (g < 0) {
          pg = g;
        }
      } else {
        pg = g;
      }
      if (pg > pgMaxNew) pgMaxNew = pg;
      if (pg < pgMinNew) pgMinNew = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.max(old - g / qd[i], 0);
        const delta = (alpha[i] - old) * yi;
        addRow(x, i, delta, w);
        w[d] += delta * bias;
      }
    }
    iter++;
    if (pgMaxNew - pgMinNew <= p.tol) {
      if (active === l) break;
      active = l;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMaxNew;
    pgMinOld = pgMinNew;
    if (pgMaxOld <= 0) pgMaxOld = Infinity;
    if (pgMinOld >= 0) pgMinOld = -Infinity;
  }
  void pgMinOld;
  return { w, iterations: iter };
}

/**
 * Softmax of `scale` times the decision values; a single column d becomes scores [0, d].
 * @param scores - decision values, row-major N x (K or 1)
 * @param K - number of classes
 * @param scale - temperature factor
 * @returns probabilities N x K
 */
function scoresToProba(scores: Float64Array, K: number, scale: number): Float64Array {
  const cols = K === 2 ? 1 : K;
  const rows = scores.length / cols;
  const out = new Float64Array(rows * K);
  const z = new Float64Array(K);
  const prob = new Float64Array(K);
  for (let i = 0; i < rows; i++) {
    if (K === 2) {
      z[0] = 0;
      z[1] = scale * scores[i];
    } else {
      for (let k = 0; k < K; k++) z[k] = scale * scores[i * K + k];
    }
    softmaxInto(z, 0, K, prob);
    out.set(prob, i * K);
  }
  return out;
}

/**
 * Fits the temperature factor a >= 0 minimising the mean log loss of softmax(a * scores)
 * by damped Newton steps (the loss is convex in a: its second derivative is a variance).
 * @param scores - decision values, row-major N x (K or 1)
 * @param labels - class index per row
 * @param K - number of classes
 * @returns the factor
 */
function fitTemperature(scores: Float64Array, labels: Int32Array, K: number): number {
  const cols = K === 2 ? 1 : K;
  const rows = labels.length;
  const z = new Float64Array(K);
  const prob = new Float64Array(K);
  const s = new Float64Array(K);
  const evaluate = (a: number): { loss: number; d1: number; d2: number } => {
    let loss = 0;
    let d1 = 0;
    let d2 = 0;
    for (let i = 0; i < rows; i++) {
      if (K === 2) {
        s[0] = 0;
        s[1] = scores[i];
      } else {
        for (let k = 0; k < K; k++) s[k] = scores[i * cols + k];
      }
      for (let k = 0; k < K; k++) z[k] = a * s[k];
      softmaxInto(z, 0, K, prob);
      let mean = 0;
      let sq = 0;
      for (let k = 0; k < K; k++) {
        mean += prob[k] * s[k];
        sq += prob[k] * s[k] * s[k];
      }
      loss -= Math.log(Math.max(prob[labels[i]], 1e-300));
      d1 += mean - s[labels[i]];
      d2 += sq - mean * mean;
    }
    return { loss: loss / rows, d1: d1 / rows, d2: d2 / rows };
  };
  let a = 1;
  let current = evaluate(a);
  for (let iter = 0; iter < 100; iter++) {
    if (Math.abs(current.d1) < 1e-10) break;
    let step = current.d2 > 1e-300 ? current.d1 / current.d2 : current.d1;
    let next = Math.min(1e6, Math.max(1e-8, a - step));
    let trial = evaluate(next);
    while (trial.loss > current.loss && Math.abs(step) > 1e-12) {
      step /= 2;
      next = Math.min(1e6, Math.max(1e-8, a - step));
      trial = evaluate(next);
    }
    if (Math.abs(next - a) <= 1e-12 * Math.max(1, a)) break;
    a = next;
    current = trial;
  }
  return a;
}
