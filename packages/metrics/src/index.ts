export { MetricsError, type MetricsErrorCode } from './metrics-error.js';
export type {
  Average,
  DenseMatrix,
  Label,
  LabelVector,
  Matrix,
  Targets,
  ZeroDivision,
} from './types.js';
export { confusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix.js';
export { accuracyScore, type AccuracyOptions } from './accuracy-score.js';
export {
  precisionRecallFscoreSupport,
  type AveragedPrecisionRecallFscore,
  type PerLabelPrecisionRecallFscore,
  type PrecisionRecallFscoreSupportOptions,
  type PrecisionRecallOptions,
} from './precision-recall-fscore-support.js';
export { precisionScore } from './precision-score.js';
export { recallScore } from './recall-score.js';
export { f1Score } from './f1-score.js';
export { fbetaScore, type FbetaOptions } from './fbeta-score.js';
export {
  balancedAccuracyScore,
  type BalancedAccuracyOptions,
} from './balanced-accuracy-score.js';
export { hammingLoss } from './hamming-loss.js';
export { hammingScore } from './hamming-score.js';
export { jaccardScore } from './jaccard-score.js';
export { cohenKappaScore, type CohenKappaOptions } from './cohen-kappa-score.js';
export { matthewsCorrcoef } from './matthews-corrcoef.js';
export { FLOAT64_EPSILON, logLoss, type LogLossOptions } from './log-loss.js';
export { rocCurve, type RocCurve, type RocCurveOptions } from './roc-curve.js';
export { rocAucScore, type RocAucOptions } from './roc-auc-score.js';
export {
  classificationReport,
  type ClassificationReport,
  type ClassificationReportOptions,
  type ClassificationReportRow,
} from './classification-report.js';
