import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from './backbone.js';
import type { FeatureEngine, FeatureEngineName } from './engine.js';
import { selectBackend, type BackendPreference } from './backend.js';

const engineNames: Record<string, FeatureEngineName> = {
  tensorflow: 'tfjs-node',
  wasm: 'tfjs-wasm',
  cpu: 'tfjs-cpu',
};

/**
 * Makes a {@link FeatureEngine} that runs a backbone's TensorFlow.js model on the backend
 * {@link selectBackend} picks. Every batch's tensors are freed before `run` resolves.
 *
 * @param backbone - The backbone to run.
 * @param backend - Which TensorFlow.js backend to use; `'auto'` picks the fastest
 *   present.
 * @returns The engine; its `name` says which backend runs it.
 * @throws {FeaturesError} `FEATURES_BACKEND_UNAVAILABLE` when the backend cannot start.
 */
export async function createTfjsEngine(
  backbone: Backbone,
  backend: BackendPreference = 'auto',
): Promise<FeatureEngine> {
  const active = await selectBackend(backend);
  const [height, width, channels] = backbone.inputShape;

  return {
    name: engineNames[active] ?? 'tfjs-cpu',
    async run(batch: Float32Array, count: number): Promise<Float32Array> {
      const output = tf.tidy(() => {
        const input = tf.tensor4d(batch, [count, height, width, channels], 'float32');
        return backbone.model.predict(input) as tf.Tensor;
      });
      try {
        return (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
    },
    async dispose(): Promise<void> {
      // The model belongs to the backbone; the engine holds no tensors between batches.
    },
  };
}
