export type { FeatureEngine, FeatureEngineName, FeatureEngineChoice } from './engine.js';
