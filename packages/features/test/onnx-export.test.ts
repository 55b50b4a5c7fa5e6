import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { readFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  exportOnnx,
  exportOnnxBytes,
  FeaturesError,
  ResidualScale,
  selectBackend,
  setSeededWeights,
} from '@calvaria/features';

const { onnx } = onnxProto;

type Layer = { apply: (x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => unknown };
const call = (layer: Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) =>
  layer.apply(x) as tfl.SymbolicTensor;

/** Largest absolute difference over the largest reference magnitude. */
function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return difference / scale;
}

/** A fixed, non-trivial input: a smooth pattern with both signs. */
function fixedInput(count: number, shape: readonly number[]): Float32Array {
  const size = count * shape.reduce((a, b) => a * b, 1);
  return Float32Array.from(
    { length: size },
    (_, i) => Math.sin(i * 0.37) + 0.5 * Math.cos(i * 0.011),
  );
}

async function onnxOutput(bytes: Uint8Array, input: Float32Array, dims: number[]) {
  const session = await ort.InferenceSession.create(bytes);
  const results = await session.run({
    [session.inputNames[0]]: new ort.Tensor('float32', input, dims),
  });
  const output = results[session.outputNames[0]];
  await session.release();
  return { data: output.data as Float32Array, dims: [...output.dims] };
}

function tfjsOutput(model: tfl.LayersModel, input: Float32Array, dims: number[]) {
  return tf.tidy(() => {
    const output = model.predict(tf.tensor(input, dims)) as tf.Tensor;
    return { data: output.dataSync() as Float32Array, dims: output.shape };
  });
}

/** Checks that ONNX Runtime reproduces TensorFlow.js on a batch of two fixed inputs. */
async function expectSameOutputs(model: tfl.LayersModel, foldBatchNorm = true) {
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const dims = [2, ...inputShape];
  const input = fixedInput(2, inputShape);
  const expected = tfjsOutput(model, input, dims);
  const exported = exportOnnxBytes(model, { foldBatchNorm });
  const actual = await onnxOutput(exported.bytes, input, dims);
  expect(actual.dims).toEqual(expected.dims);
  expect(maxRelativeError(actual.data, expected.data)).toBeLessThan(1e-5);
  return exported;
}

/** A functional model over one input, with seeded non-trivial weights (BN statistics too). */
function seededModel(
  inputShape: number[],
  body: (x: tfl.SymbolicTensor) => tfl.SymbolicTensor,
  seed = 3,
): tfl.LayersModel {
  const input = tfl.input({ shape: inputShape, name: 'image' });
  const model = tfl.model({ inputs: input, outputs: body(input) });
  setSeededWeights(model, seed);
  return model;
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('exportOnnxBytes', () => {
  // Every expected output below comes from running the same model in TensorFlow.js; the
  // tolerance, 1e-5 of the largest output, is float32 rounding over a few layers.

  it('maps Conv2D with bias, stride and valid padding, and a fused ReLU activation', async () => {
    await expectSameOutputs(
      seededModel([9, 11, 3], (x) =>
        call(
          tfl.layers.conv2d({
            filters: 5,
            kernelSize: 3,
            strides: 2,
            activation: 'relu',
            name: 'c',
          }),
          x,
        ),
      ),
    );
  });

  it("maps Conv2D without bias and 'same' padding with asymmetric pads and dilation", async () => {
    // An even input with stride 2 pads one more row and column at the end, as TensorFlow does.
    await expectSameOutputs(
      seededModel([10, 8, 3], (x) => {
        const strided = call(
          tfl.layers.conv2d({
            filters: 4,
            kernelSize: 3,
            strides: 2,
            padding: 'same',
            useBias: false,
          }),
          x,
        );
        return call(
          tfl.layers.conv2d({
            filters: 3,
            kernelSize: 3,
            dilationRate: 2,
            padding: 'same',
          }),
          strided,
        );
      }),
    );
  });

  it('maps SeparableConv2D (with a depth multiplier) and DepthwiseConv2D', async () => {
    await expectSameOutputs(
      seededModel([7, 7, 4], (x) => {
        const separable = call(
          tfl.layers.separableConv2d({
            filters: 6,
            kernelSize: 3,
            padding: 'same',
            depthMultiplier: 2,
          }),
          x,
        );
        return call(
          tfl.layers.depthwiseConv2d({
            kernelSize: 3,
            strides: 2,
            depthMultiplier: 2,
            useBias: true,
          }),
          separable,
        );
      }),
    );
  });

  it('folds a batch normalisation into the convolution before it, and keeps others explicit', async () => {
    const model = seededModel([8, 8, 3], (x) => {
      const conv = call(
        tfl.layers.conv2d({ filters: 4, kernelSize: 3, useBias: false }),
        x,
      );
      const folded = call(
        tfl.layers.batchNormalization({ epsilon: 1.001e-5, scale: false }),
        conv,
      );
      const relu = call(tfl.layers.activation({ activation: 'relu' }), folded);
      return call(tfl.layers.batchNormalization({ epsilon: 1e-3 }), relu);
    });
    const folded = await expectSameOutputs(model);
    expect(folded.foldedBatchNorms).toBe(1);
    expect(folded.operatorCounts.BatchNormalization).toBe(1);

    const explicit = await expectSameOutputs(model, false);
    expect(explicit.foldedBatchNorms).toBe(0);
    expect(explicit.operatorCounts.BatchNormalization).toBe(2);
  });

  it('does not fold a batch normalisation when the convolution output has another reader', async () => {
    const exported = await expectSameOutputs(
      seededModel([6, 6, 3], (x) => {
        const conv = call(tfl.layers.conv2d({ filters: 3, kernelSize: 1 }), x);
        const normalised = call(tfl.layers.batchNormalization({}), conv);
        return call(tfl.layers.add({}), [conv, normalised]);
      }),
    );
    expect(exported.foldedBatchNorms).toBe(0);
  });

  it('maps Add of two and of three inputs, Multiply and Concatenate on the channel axis', async () => {
    await expectSameOutputs(
      seededModel([5, 5, 2], (x) => {
        const a = call(tfl.layers.conv2d({ filters: 3, kernelSize: 1 }), x);
        const b = call(tfl.layers.conv2d({ filters: 3, kernelSize: 1 }), x);
        const c = call(tfl.layers.conv2d({ filters: 3, kernelSize: 1 }), x);
        const sum2 = call(tfl.layers.add({}), [a, b]);
        const sum3 = call(tfl.layers.add({}), [a, b, c]);
        const product = call(tfl.layers.multiply({}), [a, c]);
        return call(tfl.layers.concatenate({ axis: -1 }), [sum2, sum3, product, x]);
      }),
    );
  });

  it("maps max and average pooling, 'same' average pooling excluding the padded cells", async () => {
    await expectSameOutputs(
      seededModel([9, 9, 3], (x) => {
        const maxSame = call(
          tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
          x,
        );
        const avgSame = call(
          tfl.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }),
          maxSame,
        );
        const maxValid = call(tfl.layers.maxPooling2d({ poolSize: 2 }), avgSame);
        return call(
          tfl.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'valid' }),
          maxValid,
        );
      }),
    );
  });

  it('folds ZeroPadding2D into a valid convolution and keeps it as Pad before pooling', async () => {
    const exported = await expectSameOutputs(
      seededModel([8, 8, 3], (x) => {
        const padded = call(
          tfl.layers.zeroPadding2d({
            padding: [
              [3, 2],
              [1, 0],
            ],
          }),
          x,
        );
        const conv = call(
          tfl.layers.conv2d({ filters: 4, kernelSize: 7, strides: 2 }),
          padded,
        );
        const relu = call(tfl.layers.activation({ activation: 'relu' }), conv);
        const padded2 = call(tfl.layers.zeroPadding2d({ padding: 1 }), relu);
        return call(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2 }), padded2);
      }),
    );
    expect(exported.foldedZeroPaddings).toBe(1);
    expect(exported.operatorCounts.Pad).toBe(1);
  });

  it('maps global average and max pooling to rank-2 features', async () => {
    for (const pooling of ['avg', 'max'] as const) {
      await expectSameOutputs(
        seededModel([6, 7, 3], (x) => {
          const conv = call(tfl.layers.conv2d({ filters: 8, kernelSize: 3 }), x);
          return pooling === 'avg'
            ? call(tfl.layers.globalAveragePooling2d({}), conv)
            : call(tfl.layers.globalMaxPooling2d({}), conv);
        }),
      );
    }
  });

  it('maps Flatten in channels-last order, Dense, Dropout and a softmax head', async () => {
    await expectSameOutputs(
      seededModel([4, 3, 2], (x) => {
        const flat = call(tfl.layers.flatten({}), x);
        const hidden = call(tfl.layers.dense({ units: 7, activation: 'relu' }), flat);
        const dropped = call(tfl.layers.dropout({ rate: 0.5 }), hidden);
        return call(tfl.layers.dense({ units: 3, activation: 'softmax' }), dropped);
      }),
    );
  });

  it('maps the activations linear, sigmoid, tanh, elu, selu, softplus, relu6 and ReLU(maxValue)', async () => {
    await expectSameOutputs(
      seededModel([4, 4, 3], (x) => {
        let y = call(
          tfl.layers.conv2d({ filters: 3, kernelSize: 1, activation: 'linear' }),
          x,
        );
        for (const activation of [
          'sigmoid',
          'tanh',
          'elu',
          'selu',
          'softplus',
          'relu6',
        ] as const) {
          const branch = call(tfl.layers.activation({ activation }), y);
          y = call(tfl.layers.conv2d({ filters: 3, kernelSize: 1 }), branch);
        }
        return call(tfl.layers.reLU({ maxValue: 0.5 }), y);
      }),
    );
  });

  it("maps calvaria's ResidualScale (x + scale * branch, Inception-ResNet)", async () => {
    const exported = await expectSameOutputs(
      seededModel([5, 5, 4], (x) => {
        const branch = call(
          tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }),
          x,
        );
        const scaled = call(new ResidualScale({ scale: 0.17, name: 'block35_1' }), [
          x,
          branch,
        ]);
        return call(tfl.layers.activation({ activation: 'relu' }), scaled);
      }),
    );
    expect(exported.operatorCounts.Mul).toBe(1);
  });

  it('exports a Sequential model as a chain', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3 }),
        tfl.layers.batchNormalization({}),
        tfl.layers.globalAveragePooling2d({}),
      ],
    });
    setSeededWeights(model, 5);
    const exported = await expectSameOutputs(model);
    expect(exported.foldedBatchNorms).toBe(1);
  });

  it('returns rank-4 outputs in NHWC order, as TensorFlow.js does', async () => {
    const exported = await expectSameOutputs(
      seededModel([5, 6, 3], (x) =>
        call(tfl.layers.conv2d({ filters: 4, kernelSize: 2 }), x),
      ),
    );
    expect(exported.operatorCounts.Transpose).toBe(2);
  });

  it('writes an ONNX ModelProto, opset 13, with an NHWC input of symbolic batch', () => {
    const exported = exportOnnxBytes(
      seededModel([8, 8, 3], (x) => call(tfl.layers.globalAveragePooling2d({}), x)),
    );
    const model = onnx.ModelProto.decode(exported.bytes);
    expect(model.producerName).toBe('calvaria');
    expect(Number(model.opsetImport[0].version)).toBe(13);
    const input = model.graph?.input?.[0];
    expect(input?.name).toBe('image');
    const dims = input?.type?.tensorType?.shape?.dim?.map(
      (d) => d.dimParam || Number(d.dimValue),
    );
    expect(dims).toEqual(['batch', 8, 8, 3]);
  });

  it('refuses a layer class it does not map, naming the layer', () => {
    const model = seededModel([8, 8, 3], (x) =>
      call(tfl.layers.upSampling2d({ size: [2, 2], name: 'upsample_here' }), x),
    );
    let thrown: unknown;
    try {
      exportOnnxBytes(model);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FeaturesError);
    expect((thrown as FeaturesError).code).toBe('FEATURES_ONNX_UNSUPPORTED_LAYER');
    expect((thrown as FeaturesError).message).toContain('upsample_here');
  });
});

describe('exportOnnx', () => {
  it('writes the file in one piece, leaving no temporary file behind', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'calvaria-onnx-export-'));
    try {
      const model = seededModel([6, 6, 3], (x) =>
        call(tfl.layers.globalMaxPooling2d({}), x),
      );
      const file = path.join(folder, 'nested', 'model.onnx');
      const exported = await exportOnnx(model, file);
      expect(Buffer.compare(await readFile(file), exported.bytes)).toBe(0);
      expect(await readdir(path.dirname(file))).toEqual(['model.onnx']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
