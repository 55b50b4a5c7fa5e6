export type { FeatureEngine, FeatureEngineName, FeatureEngineChoice } from './engine.js';
export { FeaturesError } from './errors.js';
export type { FeaturesErrorCode } from './errors.js';
