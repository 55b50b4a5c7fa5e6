import { open } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { FeaturesError } from './errors.js';

type H5Module = typeof import('h5wasm');
type H5Group = InstanceType<H5Module['Group']>;
type H5Dataset = InstanceType<H5Module['Dataset']>;

let h5Loading: Promise<H5Module> | undefined;

async function loadH5wasm(): Promise<H5Module> {
  h5Loading ??= (async () => {
    const h5 = (await import('h5wasm/node')) as unknown as H5Module & {
      default?: H5Module;
    };
    const module = h5.default ?? h5;
    await module.ready;
    return module;
  })();
  return h5Loading;
}

function stringList(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return value.length > 0 ? [value] : [];
  return Array.from(value as ArrayLike<unknown>, (v) =>
    v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v),
  );
}

interface FileLayer {
  readonly name: string;
  readonly weightNames: string[];
  readonly group: H5Group;
}

function listFileLayers(root: H5Group): FileLayer[] {
  const names = stringList(root.attrs['layer_names']?.value);
  const layers: FileLayer[] = [];
  for (const name of names) {
    const group = root.get(name) as H5Group | null;
    if (group === null) continue;
    const weightNames = stringList(group.attrs['weight_names']?.value);
    if (weightNames.length > 0) layers.push({ name, weightNames, group });
  }
  return layers;
}

const hdf5Signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether a file starts with the HDF5 signature (at 0, or after a 512-byte-multiple user
 *  block, as the HDF5 file format specification allows; checked up to 2048). */
async function looksLikeHdf5(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(2056);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return [0, 512, 1024, 2048].some(
      (at) => at + 8 <= bytesRead && hdf5Signature.every((b, i) => head[at + i] === b),
    );
  } finally {
    await handle.close();
  }
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function readDataset(file: FileLayer, weightName: string, path: string): H5Dataset {
  const dataset = file.group.get(weightName) as H5Dataset | null;
  if (dataset === null) {
    throw new FeaturesError(
      'FEATURES_WEIGHTS_MISMATCH',
      `The weights file ${path} names '${weightName}' in layer '${file.name}' but holds no ` +
        `such dataset; the file is not in Keras's weights layout.`,
    );
  }
  return dataset;
}

/**
 * Reads a Keras weights file (`model.save_weights(...h5)` or the Keras Applications
 * `_notop.h5` files) into a model, layer by layer. Layers are paired by name when every
 * weighted layer of the model has a namesake in the file, else in order, as Keras's
 * `load_weights` pairs them; every weight's shape is checked before any is set.
 *
 * The layout read is Keras's HDF5 weights format: a root attribute `layer_names`, one
 * group per layer with a `weight_names` attribute, one dataset per weight at
 * `<layer>/<weight name>` (optionally under a `model_weights` group, as `model.save`
 * writes).
 *
 * @param model - The model to fill.
 * @param path - The `.h5` file.
 * @throws {FeaturesError} `FEATURES_WEIGHTS_READ_FAILED` when the file cannot be read;
 *   `FEATURES_WEIGHTS_MISMATCH` naming the first layer whose weights do not fit.
 */
export async function loadH5Weights(model: LayersModel, path: string): Promise<void> {
  const h5 = await loadH5wasm();
  let file: InstanceType<H5Module['File']>;
  try {
    if (!(await looksLikeHdf5(path))) throw new Error('no HDF5 signature');
    file = new h5.File(path, 'r');
  } catch (error) {
    throw new FeaturesError(
      'FEATURES_WEIGHTS_READ_FAILED',
      `Could not open the weights file ${path} as HDF5; check the path and that it is a Keras .h5 file.`,
      { cause: error },
    );
  }

  try {
    const nested = file.get('model_weights') as H5Group | null;
    const root: H5Group = nested ?? file;
    const fileLayers = listFileLayers(root);
    const modelLayers = model.layers.filter((l) => l.weights.length > 0);
    const byName = new Map(fileLayers.map((l) => [l.name, l]));
    const pairByName = modelLayers.every((l) => byName.has(l.name));

    if (!pairByName && fileLayers.length !== modelLayers.length) {
      const first = modelLayers.find((l, i) => fileLayers[i]?.name !== l.name);
      throw new FeaturesError(
        'FEATURES_WEIGHTS_MISMATCH',
        `The weights file ${path} has ${fileLayers.length} layers with weights, the model ` +
          `'${model.name}' has ${modelLayers.length}; the first layer that does not fit is ` +
          `'${first?.name ?? modelLayers[0]?.name}'. Use a file saved from the same architecture.`,
      );
    }

    const updates: Array<[(typeof modelLayers)[number], tf.Tensor[]]> = [];
    modelLayers.forEach((layer, index) => {
      const source = pairByName ? byName.get(layer.name)! : fileLayers[index];
      if (source.weightNames.length !== layer.weights.length) {
        throw new FeaturesError(
          'FEATURES_WEIGHTS_MISMATCH',
          `Layer '${layer.name}' has ${layer.weights.length} weights but layer ` +
            `'${source.name}' of ${path} has ${source.weightNames.length}; the file does not fit this model.`,
        );
      }
      const values = layer.weights.map((weight, j) => {
        const dataset = readDataset(source, source.weightNames[j], path);
        const found = dataset.shape ?? [];
        const expected = weight.shape as number[];
        if (found.length !== expected.length || found.some((d, k) => d !== expected[k])) {
          throw new FeaturesError(
            'FEATURES_WEIGHTS_MISMATCH',
            `Layer '${layer.name}' weight '${weight.originalName}' has shape ` +
              `${shapeText(expected)} but '${source.name}/${source.weightNames[j]}' in ${path} ` +
              `has ${shapeText(found)}; the file does not fit this model (check the backbone name).`,
          );
        }
        return Float32Array.from(dataset.value as ArrayLike<number>);
      });
      updates.push([
        layer,
        values.map((v, j) => tf.tensor(v, layer.weights[j].shape as number[])),
      ]);
    });

    for (const [layer, tensors] of updates) {
      layer.setWeights(tensors);
      tf.dispose(tensors);
    }
  } catch (error) {
    if (error instanceof FeaturesError) throw error;
    throw new FeaturesError(
      'FEATURES_WEIGHTS_READ_FAILED',
      `Reading the weights in ${path} failed; the file may be damaged or not in Keras's layout.`,
      { cause: error },
    );
  } finally {
    file.close();
  }
}
