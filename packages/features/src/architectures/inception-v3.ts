import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Pooling } from '../backbone.js';
import { KerasGraph } from './keras-graph.js';

function convBn(
  g: KerasGraph,
  x: SymbolicTensor,
  filters: number,
  rows: number,
  cols: number,
  o: { strides?: number; padding?: 'same' | 'valid' } = {},
): SymbolicTensor {
  const y = g.conv(x, filters, [rows, cols], {
    strides: o.strides ?? 1,
    padding: o.padding ?? 'same',
    useBias: false,
  });
  return g.relu(g.batchNorm(y, { scale: false }));
}

function blockA(g: KerasGraph, x: SymbolicTensor, poolFilters: number, name: string) {
  const b1x1 = convBn(g, x, 64, 1, 1);
  let b5x5 = convBn(g, x, 48, 1, 1);
  b5x5 = convBn(g, b5x5, 64, 5, 5);
  let b3x3dbl = convBn(g, x, 64, 1, 1);
  b3x3dbl = convBn(g, b3x3dbl, 96, 3, 3);
  b3x3dbl = convBn(g, b3x3dbl, 96, 3, 3);
  const pool = convBn(g, g.avgPoolSame(x), poolFilters, 1, 1);
  return g.concat([b1x1, b5x5, b3x3dbl, pool], name);
}

function blockC(g: KerasGraph, x: SymbolicTensor, width: number, name: string) {
  const b1x1 = convBn(g, x, 192, 1, 1);
  let b7x7 = convBn(g, x, width, 1, 1);
  b7x7 = convBn(g, b7x7, width, 1, 7);
  b7x7 = convBn(g, b7x7, 192, 7, 1);
  let b7x7dbl = convBn(g, x, width, 1, 1);
  b7x7dbl = convBn(g, b7x7dbl, width, 7, 1);
  b7x7dbl = convBn(g, b7x7dbl, width, 1, 7);
  b7x7dbl = convBn(g, b7x7dbl, width, 7, 1);
  b7x7dbl = convBn(g, b7x7dbl, 192, 1, 7);
  const pool = convBn(g, g.avgPoolSame(x), 192, 1, 1);
  return g.concat([b1x1, b7x7, b7x7dbl, pool], name);
}

function blockE(g: KerasGraph, x: SymbolicTensor, index: number) {
  const b1x1 = convBn(g, x, 320, 1, 1);
  const b3x3 = convBn(g, x, 384, 1, 1);
  const b3x3Pair = g.concat(
    [convBn(g, b3x3, 384, 1, 3), convBn(g, b3x3, 384, 3, 1)],
    `mixed9_${index}`,
  );
  let b3x3dbl = convBn(g, x, 448, 1, 1);
  b3x3dbl = convBn(g, b3x3dbl, 384, 3, 3);
  const b3x3dblPair = g.concat([
    convBn(g, b3x3dbl, 384, 1, 3),
    convBn(g, b3x3dbl, 384, 3, 1),
  ]);
  const pool = convBn(g, g.avgPoolSame(x), 192, 1, 1);
  return g.concat([b1x1, b3x3Pair, b3x3dblPair, pool], `mixed${9 + index}`);
}

/**
 * Inception-v3 without its top, as `keras.applications.inception_v3.InceptionV3` builds
 * it: Szegedy et al. 2016, "Rethinking the Inception Architecture for Computer Vision".
 * Convolutions have no bias and are followed by batch norm without scale (epsilon 1e-3).
 *
 * @param inputShape - Height, width, channels; height and width at least 75.
 * @param pooling - The global pooling at the end.
 * @returns The model, named `inception_v3`, with Keras's layer names.
 */
export function buildInceptionV3(
  inputShape: readonly [number, number, number],
  pooling: Pooling,
): LayersModel {
  const g = new KerasGraph();
  const input = g.input(inputShape);

  let x = convBn(g, input, 32, 3, 3, { strides: 2, padding: 'valid' });
  x = convBn(g, x, 32, 3, 3, { padding: 'valid' });
  x = convBn(g, x, 64, 3, 3);
  x = g.maxPool(x, 2, 'valid');
  x = convBn(g, x, 80, 1, 1, { padding: 'valid' });
  x = convBn(g, x, 192, 3, 3, { padding: 'valid' });
  x = g.maxPool(x, 2, 'valid');

  x = blockA(g, x, 32, 'mixed0');
  x = blockA(g, x, 64, 'mixed1');
  x = blockA(g, x, 64, 'mixed2');

  const b3x3 = convBn(g, x, 384, 3, 3, { strides: 2, padding: 'valid' });
  let b3x3dbl = convBn(g, x, 64, 1, 1);
  b3x3dbl = convBn(g, b3x3dbl, 96, 3, 3);
  b3x3dbl = convBn(g, b3x3dbl, 96, 3, 3, { strides: 2, padding: 'valid' });
  x = g.concat([b3x3, b3x3dbl, g.maxPool(x, 2, 'valid')], 'mixed3');

  x = blockC(g, x, 128, 'mixed4');
  x = blockC(g, x, 160, 'mixed5');
  x = blockC(g, x, 160, 'mixed6');
  x = blockC(g, x, 192, 'mixed7');

  let b3x3r = convBn(g, x, 192, 1, 1);
  b3x3r = convBn(g, b3x3r, 320, 3, 3, { strides: 2, padding: 'valid' });
  let b7x7x3 = convBn(g, x, 192, 1, 1);
  b7x7x3 = convBn(g, b7x7x3, 192, 1, 7);
  b7x7x3 = convBn(g, b7x7x3, 192, 7, 1);
  b7x7x3 = convBn(g, b7x7x3, 192, 3, 3, { strides: 2, padding: 'valid' });
  x = g.concat([b3x3r, b7x7x3, g.maxPool(x, 2, 'valid')], 'mixed8');

  x = blockE(g, x, 0);
  x = blockE(g, x, 1);

  const output = g.globalPool(x, pooling, false);
  return tfl.model({ inputs: input, outputs: output, name: 'inception_v3' });
}
