/**
 * # 00 · The method's metric table, on made-up predictions
 *
 * The published method (ResNet50 features + XGBoost, three classes) reports accuracy,
 * precision, recall, F1, Hamming loss and log loss, computed with scikit-learn on one-hot
 * encoded labels. This script rebuilds that table with `@calvaria/metrics` on fifteen invented
 * head CT studies, so that every figure can be checked by hand, and adds the metrics the paper
 * left out (balanced accuracy, kappa, MCC, ROC AUC).
 *
 * Run it with `pnpm build && pnpm exec tsx examples/00-metrics.ts`.
 * The guide to every metric is docs/metrics.md.
 */
import {
  accuracyScore,
  balancedAccuracyScore,
  classificationReport,
  cohenKappaScore,
  confusionMatrix,
  f1Score,
  hammingLoss,
  hammingScore,
  logLoss,
  matthewsCorrcoef,
  precisionScore,
  recallScore,
  rocAucScore,
} from '@calvaria/metrics';

// ## 1 · The predictions
// Classes in sorted order, as the probability columns are: 0 depressed, 1 linear, 2 none.
const classNames = ['depressed fracture', 'linear fracture', 'not fractured'];

// One row per study: the true class and the classifier's probabilities for the three classes.
const studies: Array<{ truth: number; probabilities: [number, number, number] }> = [
  { truth: 0, probabilities: [0.81, 0.12, 0.07] },
  { truth: 0, probabilities: [0.55, 0.35, 0.1] },
  { truth: 0, probabilities: [0.3, 0.6, 0.1] },
  { truth: 0, probabilities: [0.64, 0.06, 0.3] },
  { truth: 1, probabilities: [0.2, 0.7, 0.1] },
  { truth: 1, probabilities: [0.1, 0.45, 0.45 - 1e-9] },
  { truth: 1, probabilities: [0.15, 0.25, 0.6] },
  { truth: 1, probabilities: [0.05, 0.9, 0.05] },
  { truth: 2, probabilities: [0.05, 0.1, 0.85] },
  { truth: 2, probabilities: [0.1, 0.2, 0.7] },
  { truth: 2, probabilities: [0.4, 0.2, 0.4 - 1e-9] },
  { truth: 2, probabilities: [0.02, 0.08, 0.9] },
  { truth: 2, probabilities: [0.1, 0.1, 0.8] },
  { truth: 2, probabilities: [0.3, 0.1, 0.6] },
  { truth: 1, probabilities: [0.5, 0.4, 0.1] },
];

const yTrue = studies.map((s) => s.truth);
const probabilities = studies.map((s) => s.probabilities);
// The hard prediction is the most probable class.
const yPred = probabilities.map((p) => p.indexOf(Math.max(...p)));

// The paper's form: one-hot rows for the truth and for the hard predictions.
const oneHot = (c: number): number[] => [0, 1, 2].map((k) => (k === c ? 1 : 0));
const yTrueOneHot = yTrue.map(oneHot);
const yPredOneHot = yPred.map(oneHot);

// ## 2 · The table
const rows: Array<[string, number, string]> = [
  ['accuracy', accuracyScore(yTrue, yPred), 'fraction of studies classified right'],
  ['precision (macro)', precisionScore(yTrue, yPred, { average: 'macro' }), ''],
  ['precision (weighted)', precisionScore(yTrue, yPred, { average: 'weighted' }), ''],
  ['recall (macro)', recallScore(yTrue, yPred, { average: 'macro' }), ''],
  ['recall (weighted)', recallScore(yTrue, yPred, { average: 'weighted' }), ''],
  ['F1 (macro)', f1Score(yTrue, yPred, { average: 'macro' }), ''],
  ['F1 (weighted)', f1Score(yTrue, yPred, { average: 'weighted' }), ''],
  ['Hamming loss (one-hot)', hammingLoss(yTrueOneHot, yPredOneHot), '= 2/3 x error rate'],
  ['Hamming score (one-hot)', hammingScore(yTrueOneHot, yPredOneHot), '= accuracy here'],
  [
    'log loss (one-hot, eps 1e-15)',
    logLoss(yTrueOneHot, yPredOneHot, { eps: 1e-15 }),
    "the paper's kind: about 34.5 x error rate",
  ],
  [
    'log loss (probabilities)',
    logLoss(yTrue, probabilities),
    'what log loss is meant to score',
  ],
  ['balanced accuracy', balancedAccuracyScore(yTrue, yPred), 'mean recall over classes'],
  ["Cohen's kappa", cohenKappaScore(yTrue, yPred), 'agreement beyond chance'],
  ['Matthews correlation', matthewsCorrcoef(yTrue, yPred), ''],
  [
    'ROC AUC (one-vs-rest, macro)',
    rocAucScore(yTrue, probabilities, { multiClass: 'ovr' }) as number,
    'ranking quality of the probabilities',
  ],
];

const errorRate = 1 - accuracyScore(yTrue, yPred);
console.log(`${studies.length} made-up studies, error rate ${errorRate.toFixed(4)}\n`);
console.log('| metric | value | note |');
console.log('|---|---:|---|');
for (const [name, value, note] of rows)
  console.log(`| ${name} | ${value.toFixed(4)} | ${note} |`);

// ## 3 · Per class: the confusion matrix and scikit-learn's text report
console.log('\nconfusion matrix (rows: truth, columns: prediction)');
confusionMatrix(yTrue, yPred).forEach((row, i) => {
  console.log(
    `  ${classNames[i].padEnd(20)} ${row.map((v) => String(v).padStart(3)).join(' ')}`,
  );
});
console.log('');
console.log(
  classificationReport(yTrue, yPred, { targetNames: classNames, digits: 3 }).text,
);
