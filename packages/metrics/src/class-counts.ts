import type { EncodedTargets, IndicatorTargets } from './encode-targets.js';
import { MetricsError } from './metrics-error.js';
import { labelIndex } from './sort-labels.js';
import type { Label } from './types.js';

/** True positives, predicted positives and true positives + false negatives per class. */
export interface ClassCounts {
  /** The labels the counts are for, in order. */
  readonly labels: Label[];
  readonly tp: Float64Array;
  readonly predSum: Float64Array;
  readonly trueSum: Float64Array;
}

function selectLabels(
  classes: readonly Label[],
  all: { tp: Float64Array; predSum: Float64Array; trueSum: Float64Array },
  labels: readonly Label[],
): ClassCounts {
  const index = labelIndex(classes);
  const n = labels.length;
  const tp = new Float64Array(n);
  const predSum = new Float64Array(n);
  const trueSum = new Float64Array(n);
  labels.forEach((label, i) => {
    const k = index.get(label);
    if (k === undefined) return;
    tp[i] = all.tp[k];
    predSum[i] = all.predSum[k];
    trueSum[i] = all.trueSum[k];
  });
  return { labels: labels.slice(), tp, predSum, trueSum };
}

/**
 * Checks that `labels` are column indices of a label-indicator matrix. Internal.
 *
 * @param labels - requested labels
 * @param nLabels - number of columns
 * @throws {@link MetricsError} `METRICS_UNKNOWN_LABEL`
 */
export function assertIndicatorLabels(labels: readonly Label[], nLabels: number): void {
  for (const label of labels) {
    if (
      typeof label !== 'number' ||
      !Number.isInteger(label) ||
      label < 0 ||
      label >= nLabels
    ) {
      throw new MetricsError(
        'METRICS_UNKNOWN_LABEL',
        `labels holds ${JSON.stringify(label)}, but the labels of indicator targets are ` +
          `column indices 0..${nLabels - 1}; give column indices.`,
      );
    }
  }
}

/**
 * Counts, per class, what scikit-learn's `multilabel_confusion_matrix` counts: true
 * positives, predicted positives and actual positives (one-vs-rest for single-label
 * targets). Labels that do not occur get zero counts. Internal.
 *
 * @param targets - encoded targets
 * @param labels - classes to report, in this order; default: every class, sorted
 * @returns the counts
 */
export function classCounts(
  targets: EncodedTargets,
  labels?: readonly Label[],
): ClassCounts {
  const k = targets.classes.length;
  const tp = new Float64Array(k);
  const predSum = new Float64Array(k);
  const trueSum = new Float64Array(k);

  if (targets.kind === 'multilabel') {
    if (labels !== undefined) assertIndicatorLabels(labels, k);
    const { trueBits, predBits, nSamples } = targets;
    for (let i = 0, o = 0; i < nSamples; i++) {
      for (let j = 0; j < k; j++, o++) {
        const t = trueBits[o];
        const p = predBits[o];
        trueSum[j] += t;
        predSum[j] += p;
        tp[j] += t & p;
      }
    }
  } else {
    const { trueCodes, predCodes } = targets;
    const tpCount = new Int32Array(k);
    const predCount = new Int32Array(k);
    const trueCount = new Int32Array(k);
    for (let i = 0; i < trueCodes.length; i++) {
      const t = trueCodes[i];
      const p = predCodes[i];
      trueCount[t]++;
      predCount[p]++;
      if (t === p) tpCount[t]++;
    }
    for (let j = 0; j < k; j++) {
      tp[j] = tpCount[j];
      predSum[j] = predCount[j];
      trueSum[j] = trueCount[j];
    }
  }

  const all = { tp, predSum, trueSum };
  if (labels === undefined) return { labels: targets.classes.slice(), ...all };
  return selectLabels(targets.classes, all, labels);
}

/**
 * Counts, per sample of label-indicator targets, |T ∩ P|, |P| and |T| over the selected
 * columns, as scikit-learn's `multilabel_confusion_matrix(samplewise=True)`. Internal.
 *
 * @param targets - encoded indicator targets
 * @param labels - columns to count; default: all
 * @returns per-sample counts (the `labels` field lists the columns used)
 */
export function sampleCounts(
  targets: IndicatorTargets,
  labels?: readonly Label[],
): ClassCounts {
  const { nSamples, nLabels, trueBits, predBits } = targets;
  if (labels !== undefined) assertIndicatorLabels(labels, nLabels);
  const columns = (labels ?? targets.classes) as number[];
  const tp = new Float64Array(nSamples);
  const predSum = new Float64Array(nSamples);
  const trueSum = new Float64Array(nSamples);
  for (let i = 0; i < nSamples; i++) {
    const row = i * nLabels;
    let both = 0;
    let pred = 0;
    let truth = 0;
    for (const j of columns) {
      const t = trueBits[row + j];
      const p = predBits[row + j];
      truth += t;
      pred += p;
      both += t & p;
    }
    tp[i] = both;
    predSum[i] = pred;
    trueSum[i] = truth;
  }
  return { labels: columns.slice(), tp, predSum, trueSum };
}
