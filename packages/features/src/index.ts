export type { FeatureEngine, FeatureEngineName, FeatureEngineChoice } from './engine.js';
export { FeaturesError } from './errors.js';
export type { FeaturesErrorCode } from './errors.js';
export type {
  Backbone,
  BackboneName,
  InputPreprocessing,
  Pooling,
  WeightsInfo,
  WeightsKind,
} from './backbone.js';
export { createBackbone } from './create-backbone.js';
export type { CreateBackboneOptions, WeightsSource } from './create-backbone.js';
export { backboneSpecs } from './backbone-specs.js';
export type { BackboneSpec } from './backbone-specs.js';
export { ResidualScale } from './residual-scale.js';
export type { ResidualScaleConfig } from './residual-scale.js';
export { imagenetWeightsFile, defaultCacheDir } from './imagenet-weights.js';
export type { ImagenetWeightsOptions } from './imagenet-weights.js';
export { loadH5Weights } from './weights-h5.js';
export { loadTfjsFolderWeights } from './weights-tfjs-folder.js';
export { fileSystemIO } from './model-folder-io.js';
export { seededUniform, seededWeightValues, setSeededWeights } from './seeded-weights.js';
export { hashWeights } from './weights-hash.js';
export { preprocessInput, imagenetMeanBgr } from './input-preprocessing.js';
export { selectBackend } from './backend.js';
export type { BackendPreference, TfjsBackendName } from './backend.js';
export { createTfjsEngine } from './tfjs-engine.js';
export { createTfjsWorkerEngine } from './tfjs-worker-engine.js';
export type { TfjsWorkerEngineOptions } from './tfjs-worker-engine.js';
export { resolveEngine } from './resolve-engine.js';
export type { ResolveEngineOptions } from './resolve-engine.js';
export { extractFeatures } from './extract-features.js';
export type {
  ExtractFeaturesOptions,
  ExtractionProgress,
  FeatureSet,
  ImageSource,
} from './extract-features.js';
export { saveFeatures, loadFeatures } from './feature-files.js';
export type { SaveFeaturesOptions, LoadedFeatures } from './feature-files.js';
export { encodeNpy, decodeNpy } from './npy.js';
export { createCnnClassifier } from './cnn-classifier.js';
export type {
  CnnClassifier,
  CnnClassifierOptions,
  FreezeSpec,
  HeadLayerSpec,
  OptimizerName,
} from './cnn-classifier.js';
export { NadamOptimizer } from './nadam-optimizer.js';
export { trainCnn } from './train-cnn.js';
export { predictCnn } from './predict-cnn.js';
export type { CnnPredictions, PredictCnnOptions } from './predict-cnn.js';
export type {
  EarlyStoppingOptions,
  EpochLogs,
  LabelledImages,
  TrainCnnOptions,
  TrainingHistory,
} from './train-cnn.js';
export {
  exportOnnx,
  exportOnnxBytes,
  ONNX_EXPORT_FORMAT_VERSION,
} from './onnx/export-onnx.js';
export type {
  OnnxExport,
  OnnxExportOptions,
  OnnxExportSource,
} from './onnx/export-onnx.js';
export { createOnnxEngine } from './onnx/onnx-engine.js';
export type { OnnxEngineOptions } from './onnx/onnx-engine.js';
export { cachedOnnxModel, onnxModelFileName } from './onnx/onnx-model-cache.js';
export { loadOnnxRuntime, isOnnxRuntimeAvailable } from './onnx/onnx-runtime-loader.js';
export { SUPPORTED_LAYER_CLASSES } from './onnx/keras-layer-converters.js';
