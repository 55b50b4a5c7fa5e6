import { radixSortFloat64 } from './radix-sort.js';

/**
 * Counts at each distinct score, from the highest down, as scikit-learn's
 * `_binary_clf_curve`. Internal.
 */
export interface BinaryCurveCounts {
  /** False positives among samples scoring at or above each threshold. */
  readonly fps: Float64Array;
  /** True positives among samples scoring at or above each threshold. */
  readonly tps: Float64Array;
  /** The distinct scores, decreasing. */
  readonly thresholds: Float64Array;
}

/**
 * Sorts the scores of positives and of negatives (one linear-time radix sort each) and
 * walks both from the top, emitting one point per distinct score. Internal.
 *
 * @param positiveScores - scores of positive samples (sorted in place)
 * @param negativeScores - scores of negative samples (sorted in place)
 * @returns cumulative counts per distinct score
 */
export function binaryCurveCounts(
  positiveScores: Float64Array,
  negativeScores: Float64Array,
): BinaryCurveCounts {
  radixSortFloat64(positiveScores);
  radixSortFloat64(negativeScores);

  const capacity = positiveScores.length + negativeScores.length;
  const fps = new Float64Array(capacity);
  const tps = new Float64Array(capacity);
  const thresholds = new Float64Array(capacity);
  let p = positiveScores.length - 1;
  let q = negativeScores.length - 1;
  let tp = 0;
  let fp = 0;
  let m = 0;
  while (p >= 0 || q >= 0) {
    const top =
      q < 0 || (p >= 0 && positiveScores[p] >= negativeScores[q])
        ? positiveScores[p]
        : negativeScores[q];
    while (p >= 0 && positiveScores[p] === top) {
      tp++;
      p--;
    }
    while (q >= 0 && negativeScores[q] === top) {
      fp++;
      q--;
    }
    fps[m] = fp;
    tps[m] = tp;
    thresholds[m] = top;
    m++;
  }
  return {
    fps: fps.subarray(0, m),
    tps: tps.subarray(0, m),
    thresholds: thresholds.subarray(0, m),
  };
}

/** A ROC curve: false and true positive rates at decreasing thresholds. */
export interface RocCurve {
  /** False positive rate at each threshold, increasing from 0. */
  readonly fpr: Float64Array;
  /** True positive rate at each threshold, increasing from 0. */
  readonly tpr: Float64Array;
  /** Decreasing thresholds; the first is `Infinity` (scikit-learn 1.3 and later). */
  readonly thresholds: Float64Array;
}

/**
 * Turns cumulative counts into a ROC curve, dropping collinear points when asked and
 * prepending the (0, 0) point at threshold `Infinity`, as scikit-learn's `roc_curve`.
 * Internal.
 *
 * @param counts - cumulative counts per distinct score
 * @param dropIntermediate - drop points that lie on a straight segment
 * @returns the curve
 */
export function rocFromCounts(
  counts: BinaryCurveCounts,
  dropIntermediate: boolean,
): RocCurve {
  let { fps, tps, thresholds } = counts;
  const n = fps.length;
  if (dropIntermediate && n > 2) {
    const keptFps = new Float64Array(n);
    const keptTps = new Float64Array(n);
    const keptThresholds = new Float64Array(n);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const ends = i === 0 || i === n - 1;
      if (
        ends ||
        fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 ||
        tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0
      ) {
        keptFps[kept] = fps[i];
        keptTps[kept] = tps[i];
        keptThresholds[kept] = thresholds[i];
        kept++;
      }
    }
    fps = keptFps.subarray(0, kept);
    tps = keptTps.subarray(0, kept);
    thresholds = keptThresholds.subarray(0, kept);
  }

  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const outThresholds = new Float64Array(m);
  outThresholds[0] = Infinity;
  outThresholds.set(thresholds, 1);
  const fpTotal = fps[fps.length - 1];
  const tpTotal = tps[tps.length - 1];
  for (let i = 1; i < m; i++) {
    fpr[i] = fpTotal > 0 ? fps[i - 1] / fpTotal : NaN;
    tpr[i] = tpTotal > 0 ? tps[i - 1] / tpTotal : NaN;
  }
  if (!(fpTotal > 0)) fpr[0] = NaN;
  if (!(tpTotal > 0)) tpr[0] = NaN;
  return { fpr, tpr, thresholds: outThresholds };
}

/**
 * Area under a curve by the trapezoidal rule, in the order NumPy's `trapz` computes it.
 * Internal.
 *
 * @param x - increasing abscissae
 * @param y - ordinates
 * @returns the area
 */
export function trapezoidArea(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/**
 * Splits scores by a 0/1 mask into positive and negative score arrays. Internal.
 *
 * @param isPositive - 1 for positive samples
 * @param scores - one score per sample (read with `stride` from `offset`)
 * @param offset - index of the first score
 * @param stride - step between consecutive samples' scores
 * @returns the two score arrays
 */
export function splitScores(
  isPositive: ArrayLike<number>,
  scores: ArrayLike<number>,
  offset = 0,
  stride = 1,
): { positives: Float64Array; negatives: Float64Array } {
  let nPositive = 0;
  for (let i = 0; i < isPositive.length; i++) nPositive += isPositive[i];
  const positives = new Float64Array(nPositive);
  const negatives = new Float64Array(isPositive.length - nPositive);
  let a = 0;
  let b = 0;
  for (let i = 0, s = offset; i < isPositive.length; i++, s += stride) {
    if (isPositive[i] === 1) positives[a++] = scores[s];
    else negatives[b++] = scores[s];
  }
  return { positives, negatives };
}
