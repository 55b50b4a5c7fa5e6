import { MetricsError } from './metrics-error.js';
import type { Label } from './types.js';

/**
 * Sorts distinct labels the way NumPy's `unique` does: numbers ascending, strings by code
 * point. Internal.
 *
 * @param labels - distinct labels, all numbers or all strings
 * @returns a new sorted array
 * @throws {@link MetricsError} `METRICS_MIXED_TARGET_TYPES` when numbers and strings mix
 */
export function sortLabels<L extends Label>(labels: readonly L[]): L[] {
  const numbers = labels.filter((label) => typeof label === 'number').length;
  if (numbers !== 0 && numbers !== labels.length) {
    throw new MetricsError(
      'METRICS_MIXED_TARGET_TYPES',
      `Labels mix numbers and strings (${labels.slice(0, 6).join(', ')}); ` +
        'give every label as a number or every label as a string.',
    );
  }

  const sorted = labels.slice();
  if (numbers === labels.length) {
    sorted.sort((a, b) => (a as number) - (b as number));
  } else {
    sorted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return sorted;
}

/**
 * Builds a lookup from label to its position in `labels`. Internal.
 *
 * @param labels - the labels in their index order
 * @returns a map from label to index
 */
export function labelIndex(labels: readonly Label[]): Map<Label, number> {
  const index = new Map<Label, number>();
  labels.forEach((label, i) => index.set(label, i));
  return index;
}
