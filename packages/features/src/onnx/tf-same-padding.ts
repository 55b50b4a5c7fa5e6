/**
 * The padding TensorFlow adds for `padding: 'same'` along one spatial axis: the output
 * has `ceil(size / stride)` positions, the total padding is whatever makes the last
 * window fit, and an odd total puts the extra row or column at the end (TensorFlow's
 * "Padding" notes in the `tf.nn.convolution` documentation).
 * @param size - Input length along the axis.
 * @param kernel - Kernel (or pool window) length.
 * @param stride - Stride along the axis.
 * @param dilation - Dilation rate along the axis (1 for pooling).
 * @returns Padding before and after.
 */
export function tfSamePadding(
  size: number,
  kernel: number,
  stride: number,
  dilation = 1,
): [before: number, after: number] {
  const outputSize = Math.ceil(size / stride);
  const effectiveKernel = (kernel - 1) * dilation + 1;
  const total = Math.max((outputSize - 1) * stride + effectiveKernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
