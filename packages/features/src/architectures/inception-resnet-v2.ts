import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Pooling } from '../backbone.js';
import { KerasGraph } from './keras-graph.js';

interface ConvBnOptions {
  readonly strides?: number;
  readonly padding?: 'same' | 'valid';
  readonly relu?: boolean;
  readonly useBias?: boolean;
  readonly name?: string;
}

function convBn(
  g: KerasGraph,
  x: SymbolicTensor,
  filters: number,
  kernel: number | [number, number],
  o: ConvBnOptions = {},
): SymbolicTensor {
  const useBias = o.useBias ?? false;
  let y = g.conv(x, filters, kernel, {
    strides: o.strides ?? 1,
    padding: o.padding ?? 'same',
    useBias,
    ...(o.name === undefined ? {} : { name: o.name }),
  });
  if (!useBias) {
    y = g.batchNorm(y, {
      scale: false,
      ...(o.name === undefined ? {} : { name: `${o.name}_bn` }),
    });
  }
  if (o.relu ?? true) y = g.relu(y, o.name === undefined ? undefined : `${o.name}_ac`);
  return y;
}

type BlockType = 'block35' | 'block17' | 'block8';

function residualBlock(
  g: KerasGraph,
  x: SymbolicTensor,
  scale: number,
  type: BlockType,
  index: number,
  relu = true,
): SymbolicTensor {
  let branches: SymbolicTensor[];
  if (type === 'block35') {
    const b0 = convBn(g, x, 32, 1);
    let b1 = convBn(g, x, 32, 1);
    b1 = convBn(g, b1, 32, 3);
    let b2 = convBn(g, x, 32, 1);
    b2 = convBn(g, b2, 48, 3);
    b2 = convBn(g, b2, 64, 3);
    branches = [b0, b1, b2];
  } else if (type === 'block17') {
    const b0 = convBn(g, x, 192, 1);
    let b1 = convBn(g, x, 128, 1);
    b1 = convBn(g, b1, 160, [1, 7]);
    b1 = convBn(g, b1, 192, [7, 1]);
    branches = [b0, b1];
  } else {
    const b0 = convBn(g, x, 192, 1);
    let b1 = convBn(g, x, 192, 1);
    b1 = convBn(g, b1, 224, [1, 3]);
    b1 = convBn(g, b1, 256, [3, 1]);
    branches = [b0, b1];
  }

  const name = `${type}_${index}`;
  const mixed = g.concat(branches, `${name}_mixed`);
  const channels = x.shape[3] as number;
  const up = convBn(g, mixed, channels, 1, {
    relu: false,
    useBias: true,
    name: `${name}_conv`,
  });
  const sum = g.residualScale(x, up, scale, name);
  return relu ? g.relu(sum, `${name}_ac`) : sum;
}

/**
 * Inception-ResNet-v2 without its top, as
 * `keras.applications.inception_resnet_v2.InceptionResNetV2` builds it: Szegedy et al.
 * 2016, "Inception-v4, Inception-ResNet and the Impact of Residual Connections on
 * Learning", with residual branches scaled by 0.17, 0.1 and 0.2 ({@link ResidualScale}).
 *
 * @param inputShape - Height, width, channels; height and width at least 75.
 * @param pooling - The global pooling at the end.
 * @returns The model, named `inception_resnet_v2`, with Keras's layer names.
 */
export function buildInceptionResNetV2(
  inputShape: readonly [number, number, number],
  pooling: Pooling,
): LayersModel {
  const g = new KerasGraph();
  const input = g.input(inputShape);

  let x = convBn(g, input, 32, 3, { strides: 2, padding: 'valid' });
  x = convBn(g, x, 32, 3, { padding: 'valid' });
  x = convBn(g, x, 64, 3);
  x = g.maxPool(x, 2, 'valid');
  x = convBn(g, x, 80, 1, { padding: 'valid' });
  x = convBn(g, x, 192, 3, { padding: 'valid' });
  x = g.maxPool(x, 2, 'valid');

  const a0 = convBn(g, x, 96, 1);
  let a1 = convBn(g, x, 48, 1);
  a1 = convBn(g, a1, 64, 5);
  let a2 = convBn(g, x, 64, 1);
  a2 = convBn(g, a2, 96, 3);
  a2 = convBn(g, a2, 96, 3);
  const aPool = convBn(g, g.avgPoolSame(x), 64, 1);
  x = g.concat([a0, a1, a2, aPool], 'mixed_5b');

  for (let i = 1; i <= 10; i++) x = residualBlock(g, x, 0.17, 'block35', i);

  const r0 = convBn(g, x, 384, 3, { strides: 2, padding: 'valid' });
  let r1 = convBn(g, x, 256, 1);
  r1 = convBn(g, r1, 256, 3);
  r1 = convBn(g, r1, 384, 3, { strides: 2, padding: 'valid' });
  x = g.concat([r0, r1, g.maxPool(x, 2, 'valid')], 'mixed_6a');

  for (let i = 1; i <= 20; i++) x = residualBlock(g, x, 0.1, 'block17', i);

  let s0 = convBn(g, x, 256, 1);
  s0 = convBn(g, s0, 384, 3, { strides: 2, padding: 'valid' });
  let s1 = convBn(g, x, 256, 1);
  s1 = convBn(g, s1, 288, 3, { strides: 2, padding: 'valid' });
  let s2 = convBn(g, x, 256, 1);
  s2 = convBn(g, s2, 288, 3);
  s2 = convBn(g, s2, 320, 3, { strides: 2, padding: 'valid' });
  x = g.concat([s0, s1, s2, g.maxPool(x, 2, 'valid')], 'mixed_7a');

  for (let i = 1; i <= 9; i++) x = residualBlock(g, x, 0.2, 'block8', i);
  x = residualBlock(g, x, 1, 'block8', 10, false);

  x = convBn(g, x, 1536, 1, { name: 'conv_7b' });

  const output = g.globalPool(x, pooling, false);
  return tfl.model({ inputs: input, outputs: output, name: 'inception_resnet_v2' });
}
