import { MetricsError } from './metrics-error.js';

/**
 * Checks a `zeroDivision` option: 0, 1 or NaN. Internal.
 *
 * @param value - the option as given
 * @returns the value to use where a ratio is 0/0
 * @throws {@link MetricsError} `METRICS_INVALID_OPTION`
 */
export function checkZeroDivision(value: number | undefined): number {
  if (value === undefined) return 0;
  if (value === 0 || value === 1 || Number.isNaN(value)) return value;
  throw new MetricsError(
    'METRICS_INVALID_OPTION',
    `zeroDivision is ${String(value)}; use 0, 1 or NaN.`,
  );
}

/**
 * Divides element-wise, putting `zeroDivision` where the denominator is 0, as
 * scikit-learn's `_prf_divide`. Internal.
 *
 * @param numerator - numerators
 * @param denominator - denominators
 * @param zeroDivision - value for 0/0
 * @returns the ratios
 */
export function divideCounts(
  numerator: Float64Array,
  denominator: Float64Array,
  zeroDivision: number,
): Float64Array {
  const out = new Float64Array(numerator.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = denominator[i] === 0 ? zeroDivision : numerator[i] / denominator[i];
  }
  return out;
}

/**
 * Weighted mean that skips NaN entries, as scikit-learn's `_nanaverage` (1.3 and later):
 * NaN when every entry is NaN; the unweighted mean when the remaining weights sum to 0.
 * Internal.
 *
 * @param values - the scores
 * @param weights - optional weights, one per score
 * @returns the average
 */
export function nanAverage(
  values: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  let sum = 0;
  let count = 0;
  let weightedSum = 0;
  let weightSum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    sum += v;
    count++;
    if (weights !== undefined) {
      weightedSum += v * weights[i];
      weightSum += weights[i];
    }
  }
  if (count === 0) return NaN;
  if (weights !== undefined && weightSum !== 0) return weightedSum / weightSum;
  return sum / count;
}

/**
 * Weighted mean where a NaN entry makes the result NaN, as NumPy's `average`. Internal.
 *
 * @param values - the scores
 * @param weights - optional weights, one per score
 * @returns the average
 */
export function plainAverage(
  values: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  let sum = 0;
  let weightSum = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    sum += values[i] * w;
    weightSum += w;
  }
  return sum / weightSum;
}
