import { confusionMatrix } from './confusion-matrix.js';
import { MetricsError } from './metrics-error.js';
import type { Label, LabelVector } from './types.js';

/** Options of {@link cohenKappaScore}. */
export interface CohenKappaOptions {
  /**
   * Labels indexing the agreement table. Default: every label in either input, sorted.
   */
  labels?: readonly Label[];
  /**
   * Disagreement weights: none (every disagreement costs 1), `'linear'` (|i − j|) or
   * `'quadratic'` ((i − j)²), with i, j positions in `labels`.
   */
  weights?: 'linear' | 'quadratic' | null;
}

/**
 * Computes Cohen's kappa, κ = 1 − Σ w·O / Σ w·E, the agreement of two raters beyond
 * chance (Cohen 1960; weighted form Cohen 1968; scikit-learn's `cohen_kappa_score`),
 * where O is the observed agreement table and E the table expected from the marginals.
 * NaN when Σ w·E is 0 (scikit-learn's `replace_undefined_by` default).
 *
 * @param y1 - labels given by the first rater
 * @param y2 - labels given by the second rater
 * @param options - `labels`, `weights`
 * @returns kappa in [−1, 1], or NaN when undefined
 * @throws {@link MetricsError} on mismatched inputs or unknown weights
 */
export function cohenKappaScore(
  y1: LabelVector,
  y2: LabelVector,
  options: CohenKappaOptions = {},
): number {
  const weighting = options.weights ?? null;
  if (weighting !== null && weighting !== 'linear' && weighting !== 'quadratic') {
    throw new MetricsError(
      'METRICS_INVALID_OPTION',
      `weights is ${JSON.stringify(weighting)}; use 'linear', 'quadratic' or null.`,
    );
  }
  const observed = confusionMatrix(
    y1,
    y2,
    options.labels === undefined ? {} : { labels: options.labels },
  );
  const k = observed.length;

  const rowSums = observed.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: k }, (_, j) =>
    observed.reduce((s, row) => s + row[j], 0),
  );
  const total = colSums.reduce((a, b) => a + b, 0);
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = Math.abs(i - j);
      const w =
        weighting === null ? (i === j ? 0 : 1) : weighting === 'linear' ? d : d * d;
      numerator += w * observed[i][j];
      denominator += w * ((colSums[i] * rowSums[j]) / total);
    }
  }

  if (denominator === 0) return NaN;
  return 1 - numerator / denominator;
}
