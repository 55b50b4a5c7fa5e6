import type { Tensor } from '@tensorflow/tfjs-core';
import type { layers as tflLayers } from '@tensorflow/tfjs-layers';

import { FeaturesError } from '../errors.js';
import type { OnnxGraphBuilder } from './onnx-graph-builder.js';
import { tfSamePadding } from './tf-same-padding.js';
import {
  convKernelToOnnx,
  depthwiseKernelToOnnx,
  foldBatchNorm,
  type BatchNormParameters,
} from './weight-layout.js';

/** A value in the ONNX graph and its shape in Keras's (channels-last) layout. */
export interface OnnxValue {
  readonly name: string;
  /**
   * The Keras shape, batch first, `null` where unknown. Rank-4 values are NCHW in ONNX.
   */
  readonly shape: readonly (number | null)[];
  /**
   * Zero padding `[top, bottom, left, right]` still to be applied by the one consumer.
   */
  readonly pendingPads?: readonly [number, number, number, number];
}

/** What a layer converter gets: the builder, the layer, its inputs and weights. */
export interface LayerConversion {
  readonly builder: OnnxGraphBuilder;
  readonly name: string;
  readonly className: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly inputs: readonly OnnxValue[];
  /** The layer's output shape in Keras layout. */
  readonly outputShape: readonly (number | null)[];
  /** The layer's weights by Keras weight name (`kernel`, `bias`, `moving_mean`, ...). */
  readonly weights: ReadonlyMap<string, { shape: number[]; values: Float32Array }>;
  /**
   * A batch normalisation to fold into this layer's output channels, when one follows.
   */
  readonly foldedBatchNorm?: BatchNormParameters;
}

/** The Keras layer class names the exporter maps to ONNX operators. */
export const SUPPORTED_LAYER_CLASSES = [
  'InputLayer',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'BatchNormalization',
  'Activation',
  'ReLU',
  'Add',
  'Multiply',
  'Concatenate',
  'MaxPooling2D',
  'AveragePooling2D',
  'ZeroPadding2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'Flatten',
  'Dense',
  'Dropout',
  'SpatialDropout2D',
  'ResidualScale',
] as const;

/**
 * Layer classes whose output channels a following batch normalisation can be folded into.
 */
export const CONVOLUTION_CLASSES: readonly string[] = [
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
];

/**
 * Reads a layer's weights into a map keyed by Keras weight name (the part of the variable
 * name after the last `/`, e.g. `kernel`, `moving_variance`).
 * @param layer - A built tfjs-layers layer.
 * @returns The weights' shapes and values.
 */
export function readLayerWeights(
  layer: tflLayers.Layer,
): Map<string, { shape: number[]; values: Float32Array }> {
  const tensors: Tensor[] = layer.getWeights();
  const result = new Map<string, { shape: number[]; values: Float32Array }>();
  layer.weights.forEach((variable, index) => {
    const key = variable.originalName.slice(variable.originalName.lastIndexOf('/') + 1);
    const values = tensors[index].dataSync();
    result.set(key.replace(/_\d+$/, ''), {
      shape: [...variable.shape] as number[],
      values: values instanceof Float32Array ? values : Float32Array.from(values),
    });
  });
  return result;
}

/**
 * The parameters of a Keras `BatchNormalization` layer at inference.
 * @param conversion - The batch normalisation layer's conversion context.
 * @returns Gamma (when `scale`), beta (when `center`), moving mean and variance, epsilon.
 */
export function batchNormParameters(
  conversion: Pick<LayerConversion, 'weights' | 'config' | 'name'>,
): BatchNormParameters {
  const mean = conversion.weights.get('moving_mean');
  const variance = conversion.weights.get('moving_variance');
  if (!mean || !variance) {
    throw new FeaturesError(
      'FEATURES_ONNX_UNSUPPORTED_LAYER',
      `BatchNormalization "${conversion.name}" has no moving_mean/moving_variance weights; ` +
        'build the model before exporting it.',
    );
  }
  return {
    gamma: conversion.weights.get('gamma')?.values,
    beta: conversion.weights.get('beta')?.values,
    movingMean: mean.values,
    movingVariance: variance.values,
    epsilon: Number(conversion.config.epsilon ?? 1e-3),
  };
}

/**
 * Emits the ONNX nodes for one Keras layer.
 * @param conversion - The layer, its inputs and weights.
 * @returns The ONNX value holding the layer's output.
 * @throws {@link FeaturesError} `FEATURES_ONNX_UNSUPPORTED_LAYER` for a layer class or
 *   configuration the exporter does not map.
 */
export function convertLayer(conversion: LayerConversion): OnnxValue {
  const converter = converters[conversion.className];
  if (!converter) {
    throw unsupported(
      conversion,
      `its class is not one the exporter maps (${SUPPORTED_LAYER_CLASSES.join(', ')})`,
    );
  }
  return { name: converter(conversion), shape: conversion.outputShape };
}

type Converter = (conversion: LayerConversion) => string;

const converters: Record<string, Converter> = {
  Conv2D: convertConv2D,
  DepthwiseConv2D: convertDepthwiseConv2D,
  SeparableConv2D: convertSeparableConv2D,
  BatchNormalization: convertBatchNormalization,
  Activation: (c) => activation(c, input(c).name, String(c.config.activation), c.name),
  ReLU: convertReLU,
  Add: (c) => elementwise(c, c.inputs.length === 2 ? 'Add' : 'Sum'),
  Multiply: (c) => elementwise(c, 'Mul'),
  Concatenate: convertConcatenate,
  MaxPooling2D: (c) => convertPooling(c, 'MaxPool'),
  AveragePooling2D: (c) => convertPooling(c, 'AveragePool'),
  ZeroPadding2D: convertZeroPadding2D,
  GlobalAveragePooling2D: (c) => convertGlobalPooling(c, 'GlobalAveragePool'),
  GlobalMaxPooling2D: (c) => convertGlobalPooling(c, 'GlobalMaxPool'),
  Flatten: convertFlatten,
  Dense: convertDense,
  Dropout: (c) => c.builder.addNode('Identity', [input(c).name], c.name),
  SpatialDropout2D: (c) => c.builder.addNode('Identity', [input(c).name], c.name),
  ResidualScale: convertResidualScale,
};

function input(conversion: LayerConversion): OnnxValue {
  const value = conversion.inputs[0];
  if (conversion.inputs.length !== 1 || value.pendingPads) {
    throw unsupported(
      conversion,
      `it has ${conversion.inputs.length} inputs where one is expected`,
    );
  }
  return value;
}

function unsupported(
  conversion: Pick<LayerConversion, 'name' | 'className'>,
  why: string,
) {
  return new FeaturesError(
    'FEATURES_ONNX_UNSUPPORTED_LAYER',
    `Cannot export layer "${conversion.name}" (${conversion.className}) to ONNX: ${why}.`,
  );
}

function requireChannelsLast(conversion: LayerConversion): void {
  const format = conversion.config.dataFormat;
  if (format !== undefined && format !== 'channelsLast') {
    throw unsupported(
      conversion,
      `dataFormat is '${String(format)}', only 'channelsLast' is mapped`,
    );
  }
}

function pair(value: unknown, fallback: number): [number, number] {
  if (value === undefined || value === null) return [fallback, fallback];
  if (typeof value === 'number') return [value, value];
  const [a, b] = value as number[];
  return [a, b ?? a];
}

/**
 * ONNX `pads` ([top, left, bottom, right]) for a window op over a channels-last input.
 */
function windowPads(
  conversion: LayerConversion,
  value: OnnxValue,
  kernel: [number, number],
  strides: [number, number],
  dilations: [number, number],
): number[] {
  const padding = String(conversion.config.padding ?? 'valid');
  const pending = value.pendingPads ?? [0, 0, 0, 0];
  if (padding === 'valid') return [pending[0], pending[2], pending[1], pending[3]];
  if (padding !== 'same')
    throw unsupported(conversion, `padding '${padding}' is not mapped`);
  const [, height, width] = value.shape;
  if (height === null || width === null) {
    throw unsupported(conversion, "'same' padding needs a known input height and width");
  }
  const [top, bottom] = tfSamePadding(height, kernel[0], strides[0], dilations[0]);
  const [left, right] = tfSamePadding(width, kernel[1], strides[1], dilations[1]);
  return [top, left, bottom, right];
}

function weight(
  conversion: LayerConversion,
  key: string,
): { shape: number[]; values: Float32Array } {
  const found = conversion.weights.get(key);
  if (!found) throw unsupported(conversion, `its weight '${key}' is missing`);
  return found;
}

/** Adds the (possibly folded) bias and returns the bias value name, or '' for none. */
function convBias(
  conversion: LayerConversion,
  channels: number,
  bias?: Float32Array,
): string {
  if (!bias) return '';
  if (bias.length !== channels)
    throw unsupported(conversion, 'bias length differs from filters');
  return conversion.builder.addFloatTensor(`${conversion.name}/bias`, [channels], bias);
}

function foldedOrPlainBias(conversion: LayerConversion): {
  scale?: Float64Array;
  bias?: Float32Array;
} {
  const bias =
    conversion.config.useBias === false ? undefined : conversion.weights.get('bias');
  if (!conversion.foldedBatchNorm) return { bias: bias?.values };
  return foldBatchNorm(conversion.foldedBatchNorm, bias?.values);
}

function convertConv2D(conversion: LayerConversion): string {
  requireChannelsLast(conversion);
  const value = conversion.inputs[0];
  const kernel = weight(conversion, 'kernel');
  const [kh, kw, cin, cout] = kernel.shape;
  const strides = pair(conversion.config.strides, 1);
  const dilations = pair(conversion.config.dilationRate, 1);
  const { scale, bias } = foldedOrPlainBias(conversion);

  const w = conversion.builder.addFloatTensor(
    `${conversion.name}/kernel`,
    [cout, cin, kh, kw],
    convKernelToOnnx(kernel.values, kernel.shape, scale),
  );
  const b = convBias(conversion, cout, bias);
  const output = conversion.builder.addNode(
    'Conv',
    b ? [value.name, w, b] : [value.name, w],
    preActivationName(conversion),
    {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: strides },
      dilations: { ints: dilations },
      pads: { ints: windowPads(conversion, value, [kh, kw], strides, dilations) },
      group: { int: 1 },
    },
  );
  return activation(conversion, output, String(conversion.config.activation ?? 'linear'));
}

function convertDepthwiseConv2D(conversion: LayerConversion): string {
  requireChannelsLast(conversion);
  const value = conversion.inputs[0];
  const kernel = weight(conversion, 'depthwise_kernel');
  const [kh, kw, cin, multiplier] = kernel.shape;
  const strides = pair(conversion.config.strides, 1);
  const dilations = pair(conversion.config.dilationRate, 1);
  const { scale, bias } = foldedOrPlainBias(conversion);

  const w = conversion.builder.addFloatTensor(
    `${conversion.name}/depthwise_kernel`,
    [cin * multiplier, 1, kh, kw],
    depthwiseKernelToOnnx(kernel.values, kernel.shape, scale),
  );
  const b = convBias(conversion, cin * multiplier, bias);
  const output = conversion.builder.addNode(
    'Conv',
    b ? [value.name, w, b] : [value.name, w],
    preActivationName(conversion),
    {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: strides },
      dilations: { ints: dilations },
      pads: { ints: windowPads(conversion, value, [kh, kw], strides, dilations) },
      group: { int: cin },
    },
  );
  return activation(conversion, output, String(conversion.config.activation ?? 'linear'));
}

/** Keras `SeparableConv2D`: a depthwise convolution then a 1x1 pointwise one (Chollet 2017,
 *  "Xception", section 2); a folded batch normalisation goes into the pointwise part. */
function convertSeparableConv2D(conversion: LayerConversion): string {
  requireChannelsLast(conversion);
  const value = conversion.inputs[0];
  const depthwise = weight(conversion, 'depthwise_kernel');
  const pointwise = weight(conversion, 'pointwise_kernel');
  const [kh, kw, cin, multiplier] = depthwise.shape;
  const cout = pointwise.shape[3];
  const strides = pair(conversion.config.strides, 1);
  const dilations = pair(conversion.config.dilationRate, 1);
  const { scale, bias } = foldedOrPlainBias(conversion);

  const dw = conversion.builder.addFloatTensor(
    `${conversion.name}/depthwise_kernel`,
    [cin * multiplier, 1, kh, kw],
    depthwiseKernelToOnnx(depthwise.values, depthwise.shape),
  );
  const depthwiseOut = conversion.builder.addNode(
    'Conv',
    [value.name, dw],
    `${conversion.name}/depthwise`,
    {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: strides },
      dilations: { ints: dilations },
      pads: { ints: windowPads(conversion, value, [kh, kw], strides, dilations) },
      group: { int: cin },
    },
  );
  const pw = conversion.builder.addFloatTensor(
    `${conversion.name}/pointwise_kernel`,
    [cout, cin * multiplier, 1, 1],
    convKernelToOnnx(pointwise.values, pointwise.shape, scale),
  );
  const b = convBias(conversion, cout, bias);
  const output = conversion.builder.addNode(
    'Conv',
    b ? [depthwiseOut, pw, b] : [depthwiseOut, pw],
    preActivationName(conversion),
    { kernel_shape: { ints: [1, 1] }, strides: { ints: [1, 1] }, group: { int: 1 } },
  );
  return activation(conversion, output, String(conversion.config.activation ?? 'linear'));
}

/** A batch normalisation that could not be folded: ONNX `BatchNormalization` in inference
 *  mode over the channel axis. */
function convertBatchNormalization(conversion: LayerConversion): string {
  const value = input(conversion);
  const rank = value.shape.length;
  const axis = Number(conversion.config.axis ?? -1);
  if (axis !== -1 && axis !== rank - 1) {
    throw unsupported(conversion, `axis ${axis} is not the channel axis`);
  }
  const bn = batchNormParameters(conversion);
  const channels = bn.movingMean.length;
  const { builder, name } = conversion;
  const inputs = [
    value.name,
    builder.addFloatTensor(
      `${name}/gamma`,
      [channels],
      bn.gamma ?? new Float32Array(channels).fill(1),
    ),
    builder.addFloatTensor(
      `${name}/beta`,
      [channels],
      bn.beta ?? new Float32Array(channels),
    ),
    builder.addFloatTensor(`${name}/moving_mean`, [channels], bn.movingMean),
    builder.addFloatTensor(`${name}/moving_variance`, [channels], bn.movingVariance),
  ];
  return builder.addNode('BatchNormalization', inputs, name, {
    epsilon: { float: bn.epsilon },
  });
}

function convertReLU(conversion: LayerConversion): string {
  const value = input(conversion);
  const maxValue = conversion.config.maxValue;
  const slope = Number(conversion.config.negativeSlope ?? 0);
  const threshold = Number(conversion.config.threshold ?? 0);
  if (slope !== 0 || threshold !== 0) {
    throw unsupported(conversion, 'a negative slope or threshold is not mapped');
  }
  if (maxValue === null || maxValue === undefined) {
    return conversion.builder.addNode('Relu', [value.name], conversion.name);
  }
  return clip(conversion, value.name, 0, Number(maxValue), conversion.name);
}

function clip(
  conversion: LayerConversion,
  x: string,
  low: number,
  high: number,
  outputName: string,
): string {
  const { builder, name } = conversion;
  const min = builder.addFloatTensor(`${name}/clip_min`, [], Float32Array.of(low));
  const max = builder.addFloatTensor(`${name}/clip_max`, [], Float32Array.of(high));
  return builder.addNode('Clip', [x, min, max], outputName);
}

function elementwise(conversion: LayerConversion, op: 'Add' | 'Sum' | 'Mul'): string {
  if (
    conversion.inputs.length < 2 ||
    conversion.inputs.some((value) => value.pendingPads)
  ) {
    throw unsupported(conversion, 'it needs at least two inputs');
  }
  if (op === 'Mul' && conversion.inputs.length > 2) {
    let product = conversion.inputs[0].name;
    conversion.inputs.slice(1).forEach((value, index) => {
      const last = index === conversion.inputs.length - 2;
      product = conversion.builder.addNode(
        'Mul',
        [product, value.name],
        last ? conversion.name : `${conversion.name}/mul_${index}`,
      );
    });
    return product;
  }
  return conversion.builder.addNode(
    op,
    conversion.inputs.map((value) => value.name),
    conversion.name,
  );
}

/**
 * Maps a Keras axis of a channels-last tensor to the same axis of its NCHW counterpart.
 */
function onnxAxis(kerasAxis: number, rank: number): number {
  const axis = kerasAxis < 0 ? kerasAxis + rank : kerasAxis;
  if (rank !== 4) return axis;
  return [0, 2, 3, 1][axis];
}

function convertConcatenate(conversion: LayerConversion): string {
  const rank = conversion.inputs[0].shape.length;
  const axis = onnxAxis(Number(conversion.config.axis ?? -1), rank);
  return conversion.builder.addNode(
    'Concat',
    conversion.inputs.map((value) => value.name),
    conversion.name,
    { axis: { int: axis } },
  );
}

/** Keras pooling: `'same'` average pooling divides by the number of real (unpadded) inputs,
 *  as TensorFlow's `avg_pool` does, which is ONNX's `count_include_pad = 0`. */
function convertPooling(
  conversion: LayerConversion,
  op: 'MaxPool' | 'AveragePool',
): string {
  requireChannelsLast(conversion);
  let value = conversion.inputs[0];
  if (value.pendingPads)
    throw unsupported(conversion, 'zero padding cannot fold into pooling');
  const kernel = pair(conversion.config.poolSize, 2);
  const strides = pair(conversion.config.strides ?? conversion.config.poolSize, 2);
  const attributes = {
    kernel_shape: { ints: kernel },
    strides: { ints: strides },
    pads: { ints: windowPads(conversion, value, kernel, strides, [1, 1]) },
    ...(op === 'AveragePool' ? { count_include_pad: { int: 0 } } : {}),
  };
  value = conversion.inputs[0];
  return conversion.builder.addNode(op, [value.name], conversion.name, attributes);
}

function convertZeroPadding2D(conversion: LayerConversion): string {
  requireChannelsLast(conversion);
  const value = input(conversion);
  const [[top, bottom], [left, right]] = zeroPadding(conversion.config.padding);
  const pads = conversion.builder.addInt64Tensor(`${conversion.name}/pads`, [
    0,
    0,
    top,
    left,
    0,
    0,
    bottom,
    right,
  ]);
  return conversion.builder.addNode('Pad', [value.name, pads], conversion.name, {
    mode: { string: 'constant' },
  });
}

/**
 * Normalises a Keras `ZeroPadding2D` padding config to `[[top, bottom], [left, right]]`.
 * @param padding - A number, `[rows, cols]`, or `[[top, bottom], [left, right]]`.
 * @returns The four paddings.
 */
export function zeroPadding(padding: unknown): [[number, number], [number, number]] {
  if (typeof padding === 'number') {
    return [
      [padding, padding],
      [padding, padding],
    ];
  }
  const [rows, cols] = padding as (number | number[])[];
  return [pair(rows, 0), pair(cols, 0)];
}

function convertGlobalPooling(
  conversion: LayerConversion,
  op: 'GlobalAveragePool' | 'GlobalMaxPool',
): string {
  requireChannelsLast(conversion);
  const value = input(conversion);
  if (value.shape.length !== 4) throw unsupported(conversion, 'its input is not rank 4');
  const pooled = conversion.builder.addNode(op, [value.name], `${conversion.name}/pool`);
  if (conversion.outputShape.length === 4) return pooled;
  return conversion.builder.addNode('Flatten', [pooled], conversion.name, {
    axis: { int: 1 },
  });
}

/** Keras flattens channels-last, so a rank-4 NCHW value goes back to NHWC first. */
function convertFlatten(conversion: LayerConversion): string {
  const value = input(conversion);
  let source = value.name;
  if (value.shape.length === 4) {
    source = conversion.builder.addNode(
      'Transpose',
      [source],
      `${conversion.name}/nhwc`,
      {
        perm: { ints: [0, 2, 3, 1] },
      },
    );
  }
  return conversion.builder.addNode('Flatten', [source], conversion.name, {
    axis: { int: 1 },
  });
}

function convertDense(conversion: LayerConversion): string {
  const value = input(conversion);
  if (value.shape.length !== 2) throw unsupported(conversion, 'its input is not rank 2');
  const kernel = weight(conversion, 'kernel');
  const [inputs, units] = kernel.shape;
  const { builder, name } = conversion;
  const { scale, bias } = foldedOrPlainBias(conversion);
  const values = Float32Array.from(kernel.values);
  if (scale) for (let i = 0; i < values.length; i++) values[i] *= scale[i % units];
  const w = builder.addFloatTensor(`${name}/kernel`, [inputs, units], values);
  const b = bias ? builder.addFloatTensor(`${name}/bias`, [units], bias) : '';
  const output = builder.addNode(
    'Gemm',
    b ? [value.name, w, b] : [value.name, w],
    preActivationName(conversion),
  );
  return activation(conversion, output, String(conversion.config.activation ?? 'linear'));
}

/** Inception-ResNet's scaled residual: `x + scale * branch` on inputs `[x, branch]`. */
function convertResidualScale(conversion: LayerConversion): string {
  const [x, branch] = conversion.inputs;
  if (conversion.inputs.length !== 2)
    throw unsupported(conversion, 'it needs inputs [x, branch]');
  const { builder, name } = conversion;
  const scale = builder.addFloatTensor(
    `${name}/scale`,
    [],
    Float32Array.of(Number(conversion.config.scale)),
  );
  const scaled = builder.addNode('Mul', [branch.name, scale], `${name}/scaled`);
  return builder.addNode('Add', [x.name, scaled], name);
}

function isLinear(conversion: LayerConversion): boolean {
  const name = conversion.config.activation;
  return name === undefined || name === null || name === 'linear';
}

function preActivationName(conversion: LayerConversion): string {
  return isLinear(conversion) ? conversion.name : `${conversion.name}/preactivation`;
}

/**
 * Appends a Keras activation function by name.
 * @returns The activated value's name (the input itself for `'linear'`).
 */
function activation(
  conversion: LayerConversion,
  x: string,
  name: string,
  outputName = conversion.name,
): string {
  const { builder } = conversion;
  const rank = conversion.outputShape.length;
  switch (name) {
    case 'linear':
      return outputName === x ? x : builder.addNode('Identity', [x], outputName);
    case 'relu':
      return builder.addNode('Relu', [x], outputName);
    case 'relu6':
      return clip(conversion, x, 0, 6, outputName);
    case 'sigmoid':
      return builder.addNode('Sigmoid', [x], outputName);
    case 'tanh':
      return builder.addNode('Tanh', [x], outputName);
    case 'elu':
      return builder.addNode('Elu', [x], outputName, { alpha: { float: 1 } });
    case 'selu':
      return builder.addNode('Selu', [x], outputName);
    case 'softplus':
      return builder.addNode('Softplus', [x], outputName);
    case 'softmax':
      return builder.addNode('Softmax', [x], outputName, {
        axis: { int: rank === 4 ? 1 : -1 },
      });
    case 'swish': {
      const gate = builder.addNode('Sigmoid', [x], `${outputName}/gate`);
      return builder.addNode('Mul', [x, gate], outputName);
    }
    default:
      throw unsupported(conversion, `activation '${name}' is not mapped`);
  }
}
