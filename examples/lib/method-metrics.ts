/**
 * The metric table the method reports for every model on the test part: micro F1, Hamming
 * score and loss, balanced accuracy, ROC AUC, Cohen's kappa and log loss, computed with
 * `@calvaria/metrics` from a model's class probabilities. Shared by the method's script (04)
 * and the comparison of backbones and classifiers (05), so that both tables mean the same.
 */
import {
  balancedAccuracyScore,
  cohenKappaScore,
  f1Score,
  hammingLoss,
  hammingScore,
  logLoss,
  rocAucScore,
} from '@calvaria/metrics';

/** The method's metrics, in the order its tables give them. */
export const METHOD_METRIC_NAMES = [
  'micro F1',
  'Hamming score',
  'Hamming loss',
  'balanced accuracy',
  'ROC AUC',
  "Cohen's kappa",
  'log loss (probabilities)',
] as const;

/** One of {@link METHOD_METRIC_NAMES}. */
export type MethodMetricName = (typeof METHOD_METRIC_NAMES)[number];

/** A value per method metric. */
export type MethodMetrics = Record<MethodMetricName, number>;

/** What a reader needs to know to compare a metric with the paper's figure. */
export const METHOD_METRIC_NOTES: Readonly<Partial<Record<MethodMetricName, string>>> = {
  'Hamming loss':
    'on labels; on one-hot rows, as the paper computed it, it is 2/3 of this',
  'log loss (probabilities)': 'on predicted probabilities, not on one-hot predictions',
  'ROC AUC':
    'one-vs-rest, macro-averaged over the classes; with two classes, of the last class',
};

/**
 * The most probable class of every row (the first one on ties).
 * @param proba - Class probabilities, row-major N x K, columns in `classes` order.
 * @param classes - The K class labels.
 * @returns One label per row.
 */
export function argmaxLabels(
  proba: ArrayLike<number>,
  classes: readonly string[],
): string[] {
  const K = classes.length;
  const rows = proba.length / K;
  return Array.from({ length: rows }, (_, i) => {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k] > proba[i * K + best]) best = k;
    return classes[best];
  });
}

/**
 * Scores one model's test predictions with the method's metrics. The predicted label of a
 * row is its most probable class; ROC AUC is one-vs-rest, macro-averaged, for three or more
 * classes (scikit-learn's `roc_auc_score(multi_class='ovr')`), and the last class is the
 * positive one for two.
 * @param yTrue - The true label of every test row.
 * @param proba - Class probabilities, row-major N x K, columns in `classes` order.
 * @param classes - The K class labels, in column order.
 * @returns The predicted labels and the metric values.
 * @throws MetricsError when a class is missing from `yTrue` (ROC AUC needs every class).
 */
export function methodMetrics(
  yTrue: readonly string[],
  proba: ArrayLike<number>,
  classes: readonly string[],
): { yPred: string[]; metrics: MethodMetrics } {
  const K = classes.length;
  const yPred = argmaxLabels(proba, classes);
  const labels = [...classes];

  const scores = { data: proba, rows: yTrue.length, columns: K };
  const positive = Array.from(yTrue, (_, i) => proba[i * K + K - 1]);
  const auc = (
    K === 2
      ? rocAucScore(yTrue, positive)
      : rocAucScore(yTrue, scores, { multiClass: 'ovr', average: 'macro', labels })
  ) as number;

  const metrics: MethodMetrics = {
    'micro F1': f1Score(yTrue, yPred, { average: 'micro', labels }) as number,
    'Hamming score': hammingScore(yTrue, yPred),
    'Hamming loss': hammingLoss(yTrue, yPred),
    'balanced accuracy': balancedAccuracyScore(yTrue, yPred),
    'ROC AUC': auc,
    "Cohen's kappa": cohenKappaScore(yTrue, yPred),
    'log loss (probabilities)': logLoss(yTrue, scores, { labels }),
  };
  return { yPred, metrics };
}
