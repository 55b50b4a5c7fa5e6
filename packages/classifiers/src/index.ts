export { ClassifierError, type ClassifierErrorCode } from './classifier-error.js';
export type {
  Classifier,
  FitOptions,
  FitProgress,
  SerializedModel,
} from './classifier.js';
export type { FeatureInput, FeatureMatrix } from './feature-matrix.js';
export type { BoostTree } from './boost-tree.js';
export type { ForestTree } from './forest-tree.js';
export { LabelEncoder, compareLabels, type Label } from './label-encoder.js';
export { LabelBinarizer } from './label-binarizer.js';
export { SeededRandom } from './random.js';
export {
  GradientBoostingClassifier,
  type GradientBoostingFitOptions,
  type GradientBoostingParams,
  type ImportanceType,
} from './gradient-boosting.js';
export { RandomForestClassifier, type RandomForestParams } from './random-forest.js';
export { LinearSVC, type LinearSVCParams } from './linear-svc.js';
export {
  resolveSamplingStrategy,
  type SamplingKind,
  type SamplingStrategy,
} from './sampling-strategy.js';
export {
  CombinedSampler,
  RandomOverSampler,
  RandomUnderSampler,
  type CombinedSamplerOptions,
  type Resampled,
  type ResamplerOptions,
} from './resamplers.js';
export {
  stratifiedGroupKFold,
  trainValTestSplitByGroup,
  type Fold,
  type GroupSplitOptions,
  type StratifiedGroupKFoldOptions,
  type TrainValTestSplit,
} from './group-splits.js';
