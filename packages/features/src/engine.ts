/**
 * What runs a backbone: TensorFlow.js (on its node, wasm or pure-JS backend) or ONNX
 * Runtime. The backbone definition does not depend on the engine; an engine is made from
 * a backbone and then fed batches that have already been through the backbone's input
 * preprocessing.
 */
export interface FeatureEngine {
  /** Which engine and backend ran, as reported in results: `'tfjs-node'`, `'tfjs-wasm'`,
   *  `'tfjs-cpu'` or `'onnx'`. */
  readonly name: FeatureEngineName;
  /**
   * Runs the backbone on one batch.
   * @param batch - `count` preprocessed inputs in NHWC order, float32.
   * @param count - Number of images in the batch.
   * @returns The `count x featureSize` feature matrix, row-major.
   */
  run(batch: Float32Array, count: number): Promise<Float32Array>;
  /** Frees what the engine holds (tensors, sessions, workers). */
  dispose(): Promise<void>;
}

/** The names an engine reports. */
export type FeatureEngineName = 'tfjs-node' | 'tfjs-wasm' | 'tfjs-cpu' | 'onnx';

/** What a caller may ask for: a named engine kind, `'auto'` (the fastest present), or an
 *  engine object of its own. */
export type FeatureEngineChoice = 'tfjs' | 'onnx' | 'auto' | FeatureEngine;
