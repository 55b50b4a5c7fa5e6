import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { FeaturesError } from './errors.js';
import { readModelJson, readShards } from './model-folder-io.js';

/**
 * Copies the weights of a TensorFlow.js layers-model folder into a model, matched by
 * weight name (`layer/role`) with shapes checked before any is set.
 *
 * @param model - The model to fill.
 * @param folder - The folder with `model.json` and its shards.
 * @throws {FeaturesError} `FEATURES_WEIGHTS_READ_FAILED` when the folder cannot be read;
 *   `FEATURES_WEIGHTS_MISMATCH` naming the first layer whose weights are absent or
 *   misshapen.
 */
export async function loadTfjsFolderWeights(
  model: LayersModel,
  folder: string,
): Promise<void> {
  const json = await readModelJson(folder);
  const buffer = await readShards(folder, json.weightsManifest);
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const named = tf.io.decodeWeights(buffer, specs);

  try {
    const updates: Array<[(typeof model.layers)[number], tf.Tensor[]]> = [];
    for (const layer of model.layers) {
      if (layer.weights.length === 0) continue;
      const values = layer.weights.map((weight) => {
        const found = named[weight.originalName];
        const expected = weight.shape as number[];
        if (found === undefined) {
          throw new FeaturesError(
            'FEATURES_WEIGHTS_MISMATCH',
            `Layer '${layer.name}' needs weight '${weight.originalName}', which ${folder} ` +
              `does not hold; the folder was saved from another architecture.`,
          );
        }
        if (found.shape.join(',') !== expected.join(',')) {
          throw new FeaturesError(
            'FEATURES_WEIGHTS_MISMATCH',
            `Layer '${layer.name}' weight '${weight.originalName}' has shape [${expected.join(', ')}] ` +
              `but ${folder} holds [${found.shape.join(', ')}]; the folder does not fit this model.`,
          );
        }
        return found;
      });
      updates.push([layer, values]);
    }
    for (const [layer, values] of updates) layer.setWeights(values);
  } finally {
    tf.dispose(Object.values(named));
  }
}
