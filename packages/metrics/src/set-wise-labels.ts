import type { EncodedTargets } from './encode-targets.js';
import { MetricsError } from './metrics-error.js';
import type { Average, Label } from './types.js';

const AVERAGES: readonly Average[] = [
  'binary',
  'micro',
  'macro',
  'weighted',
  'samples',
  null,
];

/**
 * Checks `average` against the targets and picks the labels to score, as scikit-learn's
 * `_check_set_wise_labels`: `'binary'` needs binary targets and scores `posLabel` only;
 * `'samples'` needs label-indicator targets. Internal.
 *
 * @param targets - encoded targets
 * @param average - the requested average
 * @param labels - labels the caller asked for, if any
 * @param posLabel - the positive class for `'binary'`
 * @returns the labels to score, or undefined for every class
 * @throws {@link MetricsError} `METRICS_UNKNOWN_AVERAGE`, `METRICS_UNSUPPORTED_TARGET`,
 *   `METRICS_UNKNOWN_LABEL`
 */
export function setWiseLabels(
  targets: EncodedTargets,
  average: Average,
  labels: readonly Label[] | undefined,
  posLabel: Label,
): readonly Label[] | undefined {
  if (!AVERAGES.includes(average)) {
    throw new MetricsError(
      'METRICS_UNKNOWN_AVERAGE',
      `average is ${JSON.stringify(average)}; use one of 'binary', 'micro', 'macro', ` +
        "'weighted', 'samples' or null.",
    );
  }

  if (average === 'binary') {
    if (targets.kind !== 'binary') {
      throw new MetricsError(
        'METRICS_UNSUPPORTED_TARGET',
        `Targets are ${targets.kind} but average is 'binary'; choose 'micro', 'macro', ` +
          "'weighted'" +
          (targets.kind === 'multilabel' ? ", 'samples'" : '') +
          ' or null.',
      );
    }
    if (!targets.classes.includes(posLabel) && targets.classes.length >= 2) {
      throw new MetricsError(
        'METRICS_UNKNOWN_LABEL',
        `posLabel is ${JSON.stringify(posLabel)}, not one of the labels ` +
          `${JSON.stringify(targets.classes)}; set posLabel to one of them.`,
      );
    }
    return [posLabel];
  }

  if (average === 'samples' && targets.kind !== 'multilabel') {
    throw new MetricsError(
      'METRICS_UNSUPPORTED_TARGET',
      "average 'samples' is only meaningful for label-indicator (multilabel) targets; " +
        "use 'micro', 'macro' or 'weighted' for single-label targets.",
    );
  }
  return labels;
}
