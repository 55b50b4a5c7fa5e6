import type { LayersModel } from '@tensorflow/tfjs-layers';

import { FeaturesError } from '../errors.js';

/** A reference to one output tensor of one layer call, as Keras configs spell it. */
export interface KerasTensorRef {
  readonly layer: string;
  readonly nodeIndex: number;
  readonly tensorIndex: number;
}

/** One layer of a functional model, with the tensors it is called on. */
export interface KerasGraphLayer {
  readonly name: string;
  readonly className: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly inputs: readonly KerasTensorRef[];
}

/**
 * A functional model's layers in topological order, and who reads each layer's output.
 */
export interface KerasGraph {
  readonly layers: readonly KerasGraphLayer[];
  readonly inputs: readonly KerasTensorRef[];
  readonly outputs: readonly KerasTensorRef[];
  /** Names of the layers that read each layer's output (one entry per read). */
  readonly consumers: ReadonlyMap<string, readonly string[]>;
}

/**
 * Reads the layer graph of a TensorFlow.js layers model from its serialisable config (the
 * same structure as a Keras functional model's `get_config()`): a `Sequential` model
 * becomes a chain. Shared layers (one layer called on several inputs) are refused.
 * @param model - The model.
 * @returns The graph.
 * @throws {@link FeaturesError} `FEATURES_ONNX_UNSUPPORTED_LAYER` for a layer called more
 *   than once or a config this reader does not know.
 */
export function readKerasGraph(model: LayersModel): KerasGraph {
  const config = model.getConfig() as Record<string, unknown>;
  if (!Array.isArray(config.layers)) {
    throw new FeaturesError(
      'FEATURES_ONNX_UNSUPPORTED_LAYER',
      `Model "${model.name}" has no layer list in its config; export a functional or ` +
        'sequential tfjs-layers model.',
    );
  }
  const layers =
    'inputLayers' in config ? functionalLayers(config) : sequentialLayers(model);

  const consumers = new Map<string, string[]>();
  for (const layer of layers) {
    for (const input of layer.inputs) {
      const list = consumers.get(input.layer) ?? [];
      list.push(layer.name);
      consumers.set(input.layer, list);
    }
  }
  const refs = (key: string): KerasTensorRef[] =>
    (config[key] as [string, number, number][] | undefined)?.map(toRef) ?? [];
  const inputs = 'inputLayers' in config ? refs('inputLayers') : [ref(layers[0].name)];
  const outputs =
    'outputLayers' in config
      ? refs('outputLayers')
      : [ref(layers[layers.length - 1].name)];
  return { layers: topologicalOrder(layers), inputs, outputs, consumers };
}

function functionalLayers(config: Record<string, unknown>): KerasGraphLayer[] {
  const entries = config.layers as {
    name: string;
    className: string;
    config: Record<string, unknown>;
    inboundNodes: unknown[][];
  }[];
  return entries.map((entry) => {
    if (entry.inboundNodes.length > 1) {
      throw new FeaturesError(
        'FEATURES_ONNX_UNSUPPORTED_LAYER',
        `Layer "${entry.name}" (${entry.className}) is called ${entry.inboundNodes.length} ` +
          'times; the ONNX exporter handles layers called once. Give each call its own layer.',
      );
    }
    const node = (entry.inboundNodes[0] ?? []) as [string, number, number][];
    return {
      name: entry.name,
      className: entry.className,
      config: entry.config,
      inputs: node.map(toRef),
    };
  });
}

function sequentialLayers(model: LayersModel): KerasGraphLayer[] {
  const inputName = model.inputs[0].sourceLayer.name;
  const chain: KerasGraphLayer[] = [
    {
      name: inputName,
      className: 'InputLayer',
      config: { batchInputShape: model.inputs[0].shape },
      inputs: [],
    },
  ];
  for (const layer of model.layers) {
    if (layer.name === inputName) continue;
    chain.push({
      name: layer.name,
      className: layer.getClassName(),
      config: layer.getConfig() as Record<string, unknown>,
      inputs: [ref(chain[chain.length - 1].name)],
    });
  }
  return chain;
}

function topologicalOrder(layers: KerasGraphLayer[]): KerasGraphLayer[] {
  const done = new Set<string>();
  const ordered: KerasGraphLayer[] = [];
  let pending = layers;
  while (pending.length > 0) {
    const next = pending.filter(
      (layer) => !layer.inputs.every((input) => done.has(input.layer)),
    );
    for (const layer of pending) {
      if (next.includes(layer)) continue;
      ordered.push(layer);
      done.add(layer.name);
    }
    if (next.length === pending.length) {
      throw new FeaturesError(
        'FEATURES_ONNX_UNSUPPORTED_LAYER',
        `Layer "${next[0].name}" reads a tensor no layer produces; the model config is not a ` +
          'connected graph.',
      );
    }
    pending = next;
  }
  return ordered;
}

function toRef([layer, nodeIndex, tensorIndex]: [
  string,
  number,
  number,
]): KerasTensorRef {
  return { layer, nodeIndex, tensorIndex };
}

function ref(layer: string): KerasTensorRef {
  return { layer, nodeIndex: 0, tensorIndex: 0 };
}
