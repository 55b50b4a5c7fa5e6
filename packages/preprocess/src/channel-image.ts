/**
 * A multi-channel image as a CNN consumes it: `Float32Array` data in height x width x
 * channel (HWC) order, values scaled to [0, 1]. `toChannels` makes it from `Image2D`
 * slices, and the backbones in `@calvaria/features` take it as input.
 *
 * The value of channel `c` at column `x`, row `y` is `data[(y * width + x) * channels +
 * c]`.
 */
export interface ChannelImage {
  /** Values in HWC order, `height * width * channels` long. */
  readonly data: Float32Array;
  /** Number of columns. */
  readonly width: number;
  /** Number of rows. */
  readonly height: number;
  /** Number of channels (3 for an ImageNet backbone). */
  readonly channels: number;
}
