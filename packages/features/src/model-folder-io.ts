import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { FeaturesError } from './errors.js';

const modelFile = 'model.json';
const weightsFile = 'weights.bin';

/**
 * An IO handler that saves and loads a TensorFlow.js layers model as a folder on the file
 * system (`model.json` plus weight shards, the format `tfjs.converters` writes), without
 * `@tensorflow/tfjs-node`. Pass it to `model.save()` or `tf.loadLayersModel()`.
 *
 * @param folder - The folder; created on save.
 * @returns The handler.
 * @throws {FeaturesError} `FEATURES_WEIGHTS_READ_FAILED` on load when a file is missing.
 */
export function fileSystemIO(folder: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weightData =
        artifacts.weightData === undefined
          ? new ArrayBuffer(0)
          : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [
          { paths: [`./${weightsFile}`], weights: artifacts.weightSpecs ?? [] },
        ],
        ...(artifacts.trainingConfig === undefined
          ? {}
          : { trainingConfig: artifacts.trainingConfig }),
        ...(artifacts.userDefinedMetadata === undefined
          ? {}
          : { userDefinedMetadata: artifacts.userDefinedMetadata }),
      };
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, weightsFile), new Uint8Array(weightData));
      await writeFile(path.join(folder, modelFile), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const json = await readModelJson(folder);
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffer = await readShards(folder, manifest);
        return [specs, buffer];
      });
    },
  };
}

/**
 * Reads a layers-model folder's `model.json`.
 *
 * @param folder - The folder.
 * @returns The parsed JSON.
 * @throws {FeaturesError} `FEATURES_WEIGHTS_READ_FAILED` when it is missing or not JSON.
 */
export async function readModelJson(folder: string): Promise<tf.io.ModelJSON> {
  const file = path.join(folder, modelFile);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    throw new FeaturesError(
      'FEATURES_WEIGHTS_READ_FAILED',
      `Could not read ${file}; a TensorFlow.js layers-model folder holds model.json and its ` +
        `weight shards.`,
      { cause: error },
    );
  }
}

/**
 * Reads and joins the weight shards a manifest names, in order.
 *
 * @param folder - The folder holding `model.json`.
 * @param manifest - Its `weightsManifest`.
 * @returns All weight bytes, concatenated.
 * @throws {FeaturesError} `FEATURES_WEIGHTS_READ_FAILED` when a shard is missing.
 */
export async function readShards(
  folder: string,
  manifest: tf.io.WeightsManifestConfig,
): Promise<ArrayBuffer> {
  const parts: ArrayBuffer[] = [];
  for (const group of manifest) {
    for (const shard of group.paths) {
      const file = path.join(folder, shard);
      try {
        const bytes = await readFile(file);
        parts.push(
          bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
        );
      } catch (error) {
        throw new FeaturesError(
          'FEATURES_WEIGHTS_READ_FAILED',
          `The weight shard ${file} named in model.json could not be read; copy the whole model folder.`,
          { cause: error },
        );
      }
    }
  }
  return tf.io.CompositeArrayBuffer.join(parts);
}
