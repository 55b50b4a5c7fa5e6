import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Pooling } from '../backbone.js';
import { ResidualScale } from '../residual-scale.js';

type Padding = 'same' | 'valid';
type Kernel = number | [number, number];

/** Options of one convolution. */
export interface ConvOptions {
  readonly strides?: number;
  readonly padding?: Padding;
  readonly useBias?: boolean;
  readonly name?: string;
}

/**
 * Builds a functional TensorFlow.js graph the way Keras Applications do, naming unnamed
 * layers as a fresh Keras session would (`conv2d`, `conv2d_1`, ...). Weights start at
 * zero: every backbone's weights are set afterwards from a file or a seeded generator.
 */
export class KerasGraph {
  private readonly counters = new Map<string, number>();

  /** The next Keras auto-name for a layer class (`conv2d`, then `conv2d_1`, ...). */
  autoName(base: string): string {
    const count = this.counters.get(base) ?? 0;
    this.counters.set(base, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  }

  input(shape: readonly [number, number, number]): SymbolicTensor {
    return tfl.input({ shape: [...shape], name: 'input_1' });
  }

  conv(
    x: SymbolicTensor,
    filters: number,
    kernel: Kernel,
    o: ConvOptions = {},
  ): SymbolicTensor {
    return tfl.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides: o.strides ?? 1,
        padding: o.padding ?? 'valid',
        useBias: o.useBias ?? true,
        kernelInitializer: 'zeros',
        name: o.name ?? this.autoName('conv2d'),
      })
      .apply(x) as SymbolicTensor;
  }

  separableConv(x: SymbolicTensor, filters: number, name: string): SymbolicTensor {
    return tfl.layers
      .separableConv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        useBias: false,
        depthwiseInitializer: 'zeros',
        pointwiseInitializer: 'zeros',
        name,
      })
      .apply(x) as SymbolicTensor;
  }

  batchNorm(
    x: SymbolicTensor,
    o: { epsilon?: number; scale?: boolean; name?: string } = {},
  ): SymbolicTensor {
    return tfl.layers
      .batchNormalization({
        axis: 3,
        epsilon: o.epsilon ?? 1e-3,
        scale: o.scale ?? true,
        name: o.name ?? this.autoName('batch_normalization'),
      })
      .apply(x) as SymbolicTensor;
  }

  relu(x: SymbolicTensor, name?: string): SymbolicTensor {
    return tfl.layers
      .activation({ activation: 'relu', name: name ?? this.autoName('activation') })
      .apply(x) as SymbolicTensor;
  }

  add(inputs: SymbolicTensor[], name?: string): SymbolicTensor {
    return tfl.layers
      .add({ name: name ?? this.autoName('add') })
      .apply(inputs) as SymbolicTensor;
  }

  concat(inputs: SymbolicTensor[], name?: string): SymbolicTensor {
    return tfl.layers
      .concatenate({ axis: -1, name: name ?? this.autoName('concatenate') })
      .apply(inputs) as SymbolicTensor;
  }

  zeroPad(x: SymbolicTensor, pad: number, name: string): SymbolicTensor {
    return tfl.layers
      .zeroPadding2d({
        padding: [
          [pad, pad],
          [pad, pad],
        ],
        name,
      })
      .apply(x) as SymbolicTensor;
  }

  maxPool(
    x: SymbolicTensor,
    strides: number,
    padding: Padding,
    name?: string,
  ): SymbolicTensor {
    return tfl.layers
      .maxPooling2d({
        poolSize: 3,
        strides,
        padding,
        name: name ?? this.autoName('max_pooling2d'),
      })
      .apply(x) as SymbolicTensor;
  }

  avgPoolSame(x: SymbolicTensor): SymbolicTensor {
    return tfl.layers
      .averagePooling2d({
        poolSize: 3,
        strides: 1,
        padding: 'same',
        name: this.autoName('average_pooling2d'),
      })
      .apply(x) as SymbolicTensor;
  }

  residualScale(x: SymbolicTensor, branch: SymbolicTensor, scale: number, name: string) {
    return new ResidualScale({ scale, name }).apply([x, branch]) as SymbolicTensor;
  }

  /**
   * Global pooling as Keras names it: `avg_pool`/`max_pool` in ResNet, auto-names
   * elsewhere.
   */
  globalPool(x: SymbolicTensor, pooling: Pooling, resnetNames: boolean): SymbolicTensor {
    const layer =
      pooling === 'avg'
        ? tfl.layers.globalAveragePooling2d({
            name: resnetNames ? 'avg_pool' : this.autoName('global_average_pooling2d'),
          })
        : tfl.layers.globalMaxPooling2d({
            name: resnetNames ? 'max_pool' : this.autoName('global_max_pooling2d'),
          });
    return layer.apply(x) as SymbolicTensor;
  }
}
