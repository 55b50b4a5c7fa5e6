/**
 * Reorders a Keras convolution kernel `[kh, kw, in, out]` into ONNX's `[out, in, kh,
 * kw]`, multiplying output channel `o` by `scale[o]` when a batch normalisation is folded
 * in.
 * @param kernel - The Keras kernel values, row-major.
 * @param shape - `[kh, kw, in, out]`.
 * @param scale - Optional per-output-channel factor.
 * @returns The ONNX weight tensor values.
 */
export function convKernelToOnnx(
  kernel: Float32Array,
  shape: readonly number[],
  scale?: Float64Array,
): Float32Array {
  const [kh, kw, cin, cout] = shape;
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < cin; i++) {
        const src = ((y * kw + x) * cin + i) * cout;
        for (let o = 0; o < cout; o++) {
          const value = kernel[src + o];
          out[((o * cin + i) * kh + y) * kw + x] = scale ? value * scale[o] : value;
        }
      }
    }
  }
  return out;
}

/**
 * Reorders a Keras depthwise kernel `[kh, kw, in, multiplier]` into the weight of an ONNX
 * grouped convolution with `group = in`: `[in * multiplier, 1, kh, kw]`, where output
 * channel `c * multiplier + m` is input channel `c`'s `m`-th filter, as in TensorFlow's
 * `depthwise_conv2d`.
 * @param kernel - The Keras kernel values.
 * @param shape - `[kh, kw, in, multiplier]`.
 * @param scale - Optional per-output-channel factor (a folded batch normalisation).
 * @returns The ONNX weight tensor values.
 */
export function depthwiseKernelToOnnx(
  kernel: Float32Array,
  shape: readonly number[],
  scale?: Float64Array,
): Float32Array {
  const [kh, kw, cin, multiplier] = shape;
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let c = 0; c < cin; c++) {
        for (let m = 0; m < multiplier; m++) {
          const o = c * multiplier + m;
          const value = kernel[((y * kw + x) * cin + c) * multiplier + m];
          out[(o * kh + y) * kw + x] = scale ? value * scale[o] : value;
        }
      }
    }
  }
  return out;
}

/**
 * A batch normalisation's inference-time parameters; absent gamma or beta mean 1 and 0.
 */
export interface BatchNormParameters {
  readonly gamma?: Float32Array;
  readonly beta?: Float32Array;
  readonly movingMean: Float32Array;
  readonly movingVariance: Float32Array;
  readonly epsilon: number;
}

/**
 * Folds an inference-mode batch normalisation into the affine layer before it: `gamma *
 * (w.x + b - mean) / sqrt(var + eps) + beta` is `(s w).x + (s (b - mean) + beta)` with `s
 * = gamma / sqrt(var + eps)` (Ioffe and Szegedy 2015, eq. in section 3; the usual conv-BN
 * folding). Computed in float64, rounded once.
 * @param bn - The batch normalisation.
 * @param bias - The preceding layer's bias, or `undefined` for none.
 * @returns The per-channel weight scale and the new bias.
 */
export function foldBatchNorm(
  bn: BatchNormParameters,
  bias: Float32Array | undefined,
): { scale: Float64Array; bias: Float32Array } {
  const channels = bn.movingMean.length;
  const scale = new Float64Array(channels);
  const folded = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const gamma = bn.gamma ? bn.gamma[c] : 1;
    const beta = bn.beta ? bn.beta[c] : 0;
    scale[c] = gamma / Math.sqrt(bn.movingVariance[c] + bn.epsilon);
    folded[c] = scale[c] * ((bias ? bias[c] : 0) - bn.movingMean[c]) + beta;
  }
  return { scale, bias: folded };
}
