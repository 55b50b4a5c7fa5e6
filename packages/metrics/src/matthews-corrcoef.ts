import { countConfusion, encodeLabelTargets } from './confusion-matrix.js';
import type { LabelVector } from './types.js';

/**
 * Computes the Matthews correlation coefficient in its multiclass form (Gorodkin 2004;
 * scikit-learn's `matthews_corrcoef`): (c·s − Σ t_k·p_k) / √((s² − Σ p_k²)(s² − Σ t_k²))
 * with c correct samples, s samples, t_k and p_k true and predicted counts of class k.
 * Returns 0 when the denominator is 0, as scikit-learn does.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @returns the coefficient in [−1, 1]
 * @throws {@link MetricsError} on mismatched inputs or indicator input
 */
export function matthewsCorrcoef(yTrue: LabelVector, yPred: LabelVector): number {
  const targets = encodeLabelTargets(yTrue, yPred, 'matthewsCorrcoef');
  const k = targets.classes.length;
  const counts = countConfusion(targets);

  const tSum = new Float64Array(k);
  const pSum = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < k; i++) {
    correct += counts[i * k + i];
    for (let j = 0; j < k; j++) {
      tSum[i] += counts[i * k + j];
      pSum[j] += counts[i * k + j];
    }
  }
  let samples = 0;
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let i = 0; i < k; i++) {
    samples += pSum[i];
    tp += tSum[i] * pSum[i];
    pp += pSum[i] * pSum[i];
    tt += tSum[i] * tSum[i];
  }
  const covTruePred = correct * samples - tp;
  const covPredPred = samples * samples - pp;
  const covTrueTrue = samples * samples - tt;

  if (covPredPred * covTrueTrue === 0) return 0;
  return covTruePred / Math.sqrt(covTrueTrue * covPredPred);
}
