import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { LayersModel } from '@tensorflow/tfjs-layers';

import type { Backbone } from '../backbone.js';
import { FeaturesError } from '../errors.js';
import { readKerasGraph, type KerasGraph, type KerasGraphLayer } from './keras-graph.js';
import {
  batchNormParameters,
  convertLayer,
  CONVOLUTION_CLASSES,
  readLayerWeights,
  zeroPadding,
  type OnnxValue,
} from './keras-layer-converters.js';
import { OnnxGraphBuilder, ONNX_OPSET } from './onnx-graph-builder.js';

/**
 * Version of the exporter's output; part of the model cache key so a change re-exports.
 */
export const ONNX_EXPORT_FORMAT_VERSION = 1;

/** What {@link exportOnnx} and {@link exportOnnxBytes} accept. */
export type OnnxExportSource = Backbone | LayersModel;

/** Options for {@link exportOnnxBytes} and {@link exportOnnx}. */
export interface OnnxExportOptions {
  /**
   * Fold each batch normalisation into the convolution before it when that convolution
   * has no activation and no other reader; otherwise emit ONNX `BatchNormalization`.
   * @default true
   */
  readonly foldBatchNorm?: boolean;
}

/** An exported model in memory and what the export did. */
export interface OnnxExport {
  /** The `.onnx` file (an ONNX `ModelProto`, opset 13). */
  readonly bytes: Uint8Array;
  /** The graph input's name; its shape is `[batch, height, width, channels]` (NHWC). */
  readonly inputName: string;
  /** The graph output's name; rank-4 outputs are NHWC as in Keras. */
  readonly outputName: string;
  /** Number of ONNX nodes by operator type. */
  readonly operatorCounts: Readonly<Record<string, number>>;
  /** Number of batch normalisations folded into the preceding convolution. */
  readonly foldedBatchNorms: number;
  /** Number of zero paddings folded into the next convolution's `pads`. */
  readonly foldedZeroPaddings: number;
}

/**
 * Translates a TensorFlow.js layers model (a calvaria backbone or any functional or
 * sequential model made of the layers listed in the remarks) into an ONNX model with the
 * same weights. The input stays NHWC, as in TensorFlow.js, and is transposed once to
 * NCHW, the layout of ONNX's `Conv`; rank-4 outputs are transposed back.
 *
 * @param source - A backbone or a layers model with one input and one output.
 * @param options - Whether to fold batch normalisations.
 * @returns The model bytes and a summary.
 * @throws {@link FeaturesError} `FEATURES_ONNX_UNSUPPORTED_LAYER` naming the first layer
 *   that has no ONNX mapping.
 * @remarks Mapped layers: InputLayer, Conv2D, DepthwiseConv2D, SeparableConv2D,
 * BatchNormalization, Activation (linear, relu, relu6, sigmoid, tanh, elu, selu,
 * softplus, softmax, swish), ReLU, Add, Multiply, Concatenate, MaxPooling2D,
 * AveragePooling2D, ZeroPadding2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten,
 * Dense, Dropout, SpatialDropout2D and calvaria's ResidualScale. Limitation:
 * channels-last data only, one input and one output, no shared layers.
 */
export function exportOnnxBytes(
  source: OnnxExportSource,
  options: OnnxExportOptions = {},
): OnnxExport {
  const model = isBackbone(source) ? source.model : source;
  const graph = readKerasGraph(model);
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    throw new FeaturesError(
      'FEATURES_ONNX_UNSUPPORTED_LAYER',
      `Model "${model.name}" has ${graph.inputs.length} inputs and ${graph.outputs.length} ` +
        'outputs; the ONNX exporter handles one of each.',
    );
  }

  const builder = new OnnxGraphBuilder();
  const state = convertGraph(model, graph, builder, options.foldBatchNorm ?? true);

  const inputLayer = graph.layers.find((layer) => layer.name === graph.inputs[0].layer);
  const inputShape = (inputLayer?.config.batchInputShape as (number | null)[]).map(
    (size, i) => (i === 0 ? null : size),
  );
  let output = state.values.get(refKey(graph.outputs[0]));
  if (!output)
    throw new Error(`internal: output ${graph.outputs[0].layer} was not converted`);
  if (output.shape.length === 4) {
    const name = builder.addNode(
      'Transpose',
      [output.name],
      `${graph.outputs[0].layer}/nhwc`,
      {
        perm: { ints: [0, 2, 3, 1] },
      },
    );
    output = { name, shape: output.shape };
  }

  const bytes = builder.serialize({
    graphName: model.name,
    inputs: [{ name: state.inputName, shape: inputShape }],
    outputs: [{ name: output.name, shape: [null, ...output.shape.slice(1)] }],
    producerVersion: `onnx-export-${ONNX_EXPORT_FORMAT_VERSION}`,
    docString:
      `Exported by @calvaria/features from the TensorFlow.js model "${model.name}" ` +
      `(opset ${ONNX_OPSET}); input NHWC, already preprocessed.`,
    metadata: exportMetadata(source),
  });
  return {
    bytes,
    inputName: state.inputName,
    outputName: output.name,
    operatorCounts: builder.operatorCounts(),
    foldedBatchNorms: state.foldedBatchNorms,
    foldedZeroPaddings: state.foldedZeroPaddings,
  };
}

/**
 * Exports a backbone or layers model to an `.onnx` file (see {@link exportOnnxBytes} ).
 * The file is written under a temporary name and renamed, so readers never see half a
 * model.
 *
 * @param source - A backbone or a layers model.
 * @param filePath - Where to write the model; missing folders are created.
 * @param options - Export options.
 * @returns The export summary (without re-reading the file).
 * @throws {@link FeaturesError} `FEATURES_ONNX_UNSUPPORTED_LAYER` for an unmapped layer.
 */
export async function exportOnnx(
  source: OnnxExportSource,
  filePath: string,
  options: OnnxExportOptions = {},
): Promise<OnnxExport> {
  const exported = exportOnnxBytes(source, options);
  await mkdir(path.dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, exported.bytes);
  await rename(temporary, filePath);
  return exported;
}

/**
 * Tells a backbone from a bare layers model.
 * @param source - Either.
 * @returns Whether it is a backbone.
 */
export function isBackbone(source: OnnxExportSource): source is Backbone {
  return 'model' in source && 'featureSize' in source && 'weights' in source;
}

function exportMetadata(source: OnnxExportSource): Record<string, string> {
  if (!isBackbone(source))
    return { 'calvaria.export_format': String(ONNX_EXPORT_FORMAT_VERSION) };
  return {
    'calvaria.export_format': String(ONNX_EXPORT_FORMAT_VERSION),
    'calvaria.backbone': source.name,
    'calvaria.input_shape': source.inputShape.join('x'),
    'calvaria.pooling': source.pooling,
    'calvaria.preprocessing': source.preprocessing,
    'calvaria.weights_kind': source.weights.kind,
    'calvaria.weights_sha256': source.weights.sha256,
  };
}

interface ConversionState {
  readonly values: Map<string, OnnxValue>;
  inputName: string;
  foldedBatchNorms: number;
  foldedZeroPaddings: number;
}

function refKey(ref: { layer: string; nodeIndex: number; tensorIndex: number }): string {
  return `${ref.layer}:${ref.nodeIndex}:${ref.tensorIndex}`;
}

function convertGraph(
  model: LayersModel,
  graph: KerasGraph,
  builder: OnnxGraphBuilder,
  foldBatchNorm: boolean,
): ConversionState {
  const state: ConversionState = {
    values: new Map(),
    inputName: '',
    foldedBatchNorms: 0,
    foldedZeroPaddings: 0,
  };
  const byName = new Map(graph.layers.map((layer) => [layer.name, layer]));
  const outputLayers = new Set(graph.outputs.map((ref) => ref.layer));
  const soleConsumer = (name: string): KerasGraphLayer | undefined => {
    const readers = graph.consumers.get(name) ?? [];
    return readers.length === 1 && !outputLayers.has(name)
      ? byName.get(readers[0])
      : undefined;
  };
  const absorbed = new Set<string>();

  for (const layer of graph.layers) {
    if (absorbed.has(layer.name)) continue;
    const key = refKey({ layer: layer.name, nodeIndex: 0, tensorIndex: 0 });

    if (layer.className === 'InputLayer') {
      const shape = layer.config.batchInputShape as (number | null)[];
      state.inputName = builder.uniqueName(layer.name);
      const name =
        shape.length === 4
          ? builder.addNode('Transpose', [state.inputName], `${layer.name}/nchw`, {
              perm: { ints: [0, 3, 1, 2] },
            })
          : state.inputName;
      state.values.set(key, { name, shape });
      continue;
    }

    const inputs = layer.inputs.map((ref) => {
      const value = state.values.get(refKey(ref));
      if (!value)
        throw new Error(`internal: ${ref.layer} not converted before ${layer.name}`);
      return value;
    });
    const tfLayer = model.getLayer(layer.name);
    const outputShape = tfLayer.outputShape as (number | null)[];

    const reader = soleConsumer(layer.name);
    if (
      layer.className === 'ZeroPadding2D' &&
      reader &&
      CONVOLUTION_CLASSES.includes(reader.className) &&
      reader.config.padding === 'valid' &&
      !inputs[0].pendingPads
    ) {
      const [[top, bottom], [left, right]] = zeroPadding(layer.config.padding);
      state.values.set(key, {
        ...inputs[0],
        shape: outputShape,
        pendingPads: [top, bottom, left, right],
      });
      state.foldedZeroPaddings++;
      continue;
    }

    let foldedBatchNorm;
    if (
      foldBatchNorm &&
      CONVOLUTION_CLASSES.includes(layer.className) &&
      isLinearActivation(layer.config.activation) &&
      reader?.className === 'BatchNormalization' &&
      [-1, 3].includes(Number(reader.config.axis ?? -1))
    ) {
      foldedBatchNorm = batchNormParameters({
        name: reader.name,
        config: reader.config,
        weights: readLayerWeights(model.getLayer(reader.name)),
      });
    }

    const value = convertLayer({
      builder,
      name: layer.name,
      className: layer.className,
      config: layer.config,
      inputs,
      outputShape,
      weights: readLayerWeights(tfLayer),
      foldedBatchNorm,
    });
    state.values.set(key, value);
    if (foldedBatchNorm && reader) {
      absorbed.add(reader.name);
      state.values.set(
        refKey({ layer: reader.name, nodeIndex: 0, tensorIndex: 0 }),
        value,
      );
      state.foldedBatchNorms++;
    }
  }
  return state;
}

function isLinearActivation(activation: unknown): boolean {
  return activation === undefined || activation === null || activation === 'linear';
}
