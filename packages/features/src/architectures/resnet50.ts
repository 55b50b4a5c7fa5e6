import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Pooling } from '../backbone.js';
import { KerasGraph } from './keras-graph.js';

const epsilon = 1.001e-5;

function block(
  g: KerasGraph,
  x: SymbolicTensor,
  filters: number,
  stride: number,
  convShortcut: boolean,
  name: string,
): SymbolicTensor {
  let shortcut = x;
  if (convShortcut) {
    shortcut = g.conv(x, 4 * filters, 1, { strides: stride, name: `${name}_0_conv` });
    shortcut = g.batchNorm(shortcut, { epsilon, name: `${name}_0_bn` });
  }

  let y = g.conv(x, filters, 1, { strides: stride, name: `${name}_1_conv` });
  y = g.batchNorm(y, { epsilon, name: `${name}_1_bn` });
  y = g.relu(y, `${name}_1_relu`);
  y = g.conv(y, filters, 3, { padding: 'same', name: `${name}_2_conv` });
  y = g.batchNorm(y, { epsilon, name: `${name}_2_bn` });
  y = g.relu(y, `${name}_2_relu`);
  y = g.conv(y, 4 * filters, 1, { name: `${name}_3_conv` });
  y = g.batchNorm(y, { epsilon, name: `${name}_3_bn` });

  const sum = g.add([shortcut, y], `${name}_add`);
  return g.relu(sum, `${name}_out`);
}

function stack(
  g: KerasGraph,
  x: SymbolicTensor,
  filters: number,
  blocks: number,
  stride: number,
  name: string,
): SymbolicTensor {
  let y = block(g, x, filters, stride, true, `${name}_block1`);
  for (let i = 2; i <= blocks; i++)
    y = block(g, y, filters, 1, false, `${name}_block${i}`);
  return y;
}

/**
 * ResNet50 v1 without its top, as `keras.applications.resnet.ResNet50` builds it: He et
 * al. 2016, "Deep Residual Learning for Image Recognition" (50-layer bottleneck variant),
 * with the stride on the first 1x1 convolution of each block and batch-norm epsilon
 * 1.001e-5.
 *
 * @param inputShape - Height, width, channels; height and width at least 32.
 * @param pooling - The global pooling at the end.
 * @returns The model, named `resnet50`, with Keras's layer names.
 */
export function buildResNet50(
  inputShape: readonly [number, number, number],
  pooling: Pooling,
): LayersModel {
  const g = new KerasGraph();
  const input = g.input(inputShape);

  let x = g.zeroPad(input, 3, 'conv1_pad');
  x = g.conv(x, 64, 7, { strides: 2, name: 'conv1_conv' });
  x = g.batchNorm(x, { epsilon, name: 'conv1_bn' });
  x = g.relu(x, 'conv1_relu');
  x = g.zeroPad(x, 1, 'pool1_pad');
  x = g.maxPool(x, 2, 'valid', 'pool1_pool');

  x = stack(g, x, 64, 3, 1, 'conv2');
  x = stack(g, x, 128, 4, 2, 'conv3');
  x = stack(g, x, 256, 6, 2, 'conv4');
  x = stack(g, x, 512, 3, 2, 'conv5');

  const output = g.globalPool(x, pooling, true);
  return tfl.model({ inputs: input, outputs: output, name: 'resnet50' });
}
