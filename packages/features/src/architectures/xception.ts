import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Pooling } from '../backbone.js';
import { KerasGraph } from './keras-graph.js';

function sepConvBn(g: KerasGraph, x: SymbolicTensor, filters: number, name: string) {
  const y = g.separableConv(x, filters, name);
  return g.batchNorm(y, { name: `${name}_bn` });
}

function residual(g: KerasGraph, x: SymbolicTensor, filters: number): SymbolicTensor {
  const y = g.conv(x, filters, 1, { strides: 2, padding: 'same', useBias: false });
  return g.batchNorm(y);
}

/**
 * Xception without its top, as `keras.applications.xception.Xception` builds it: Chollet
 * 2017, "Xception: Deep Learning with Depthwise Separable Convolutions" (entry flow,
 * eight middle-flow blocks, exit flow).
 *
 * @param inputShape - Height, width, channels; height and width at least 71.
 * @param pooling - The global pooling at the end.
 * @returns The model, named `xception`, with Keras's layer names.
 */
export function buildXception(
  inputShape: readonly [number, number, number],
  pooling: Pooling,
): LayersModel {
  const g = new KerasGraph();
  const input = g.input(inputShape);

  let x = g.conv(input, 32, 3, { strides: 2, useBias: false, name: 'block1_conv1' });
  x = g.batchNorm(x, { name: 'block1_conv1_bn' });
  x = g.relu(x, 'block1_conv1_act');
  x = g.conv(x, 64, 3, { useBias: false, name: 'block1_conv2' });
  x = g.batchNorm(x, { name: 'block1_conv2_bn' });
  x = g.relu(x, 'block1_conv2_act');

  const entry: Array<[number, number]> = [
    [2, 128],
    [3, 256],
    [4, 728],
  ];
  for (const [blockIndex, filters] of entry) {
    const shortcut = residual(g, x, filters);
    const prefix = `block${blockIndex}`;
    if (blockIndex > 2) x = g.relu(x, `${prefix}_sepconv1_act`);
    x = sepConvBn(g, x, filters, `${prefix}_sepconv1`);
    x = g.relu(x, `${prefix}_sepconv2_act`);
    x = sepConvBn(g, x, filters, `${prefix}_sepconv2`);
    x = g.maxPool(x, 2, 'same', `${prefix}_pool`);
    x = g.add([x, shortcut]);
  }

  for (let i = 0; i < 8; i++) {
    const shortcut = x;
    const prefix = `block${i + 5}`;
    for (let j = 1; j <= 3; j++) {
      x = g.relu(x, `${prefix}_sepconv${j}_act`);
      x = sepConvBn(g, x, 728, `${prefix}_sepconv${j}`);
    }
    x = g.add([x, shortcut]);
  }

  const shortcut = residual(g, x, 1024);
  x = g.relu(x, 'block13_sepconv1_act');
  x = sepConvBn(g, x, 728, 'block13_sepconv1');
  x = g.relu(x, 'block13_sepconv2_act');
  x = sepConvBn(g, x, 1024, 'block13_sepconv2');
  x = g.maxPool(x, 2, 'same', 'block13_pool');
  x = g.add([x, shortcut]);

  x = sepConvBn(g, x, 1536, 'block14_sepconv1');
  x = g.relu(x, 'block14_sepconv1_act');
  x = sepConvBn(g, x, 2048, 'block14_sepconv2');
  x = g.relu(x, 'block14_sepconv2_act');

  const output = g.globalPool(x, pooling, false);
  return tfl.model({ inputs: input, outputs: output, name: 'xception' });
}
