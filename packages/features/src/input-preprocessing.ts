import type { ChannelImage } from '@calvaria/preprocess';
import type { InputPreprocessing } from './backbone.js';
import { FeaturesError } from './errors.js';

/**
 * The ImageNet channel means Keras's `'caffe'` mode subtracts, in BGR order, on the 0-255
 * scale (`keras.applications.imagenet_utils._preprocess_numpy_input`).
 */
export const imagenetMeanBgr: readonly [number, number, number] = [
  103.939, 116.779, 123.68,
];

/**
 * Applies Keras's `preprocess_input` to images whose channels are in [0, 1], writing them
 * into an NHWC batch. A [0, 1] value `v` stands for `255 * v` on Keras's 0-255 scale, so:
 * `'caffe'` (ResNet50) gives `255 * v - mean` with channels reordered RGB to BGR; `'tf'`
 * (Xception, Inception-v3, Inception-ResNet-v2) gives `255 * v / 127.5 - 1 = 2v - 1`.
 *
 * @param images - Images with `channels === 3` (RGB) and the backbone's height and width.
 * @param mode - The Keras mode.
 * @param target - The batch to write into, at least `images.length * h * w * 3` long;
 *   a new one when omitted.
 * @returns The batch.
 * @throws {FeaturesError} `FEATURES_INPUT_MISMATCH` when an image is not 3-channel or its
 *   size differs from the first image's.
 */
export function preprocessInput(
  images: readonly ChannelImage[],
  mode: InputPreprocessing,
  target?: Float32Array,
): Float32Array {
  const first = images[0];
  const pixels = first === undefined ? 0 : first.width * first.height;
  const out = target ?? new Float32Array(images.length * pixels * 3);

  images.forEach((image, index) => {
    if (
      image.channels !== 3 ||
      image.width !== first.width ||
      image.height !== first.height
    ) {
      throw new FeaturesError(
        'FEATURES_INPUT_MISMATCH',
        `Image ${index} is ${image.width}x${image.height}x${image.channels}; every image ` +
          `must be ${first.width}x${first.height}x3 (use @calvaria/preprocess to make 3 channels).`,
      );
    }
    const data = image.data;
    const offset = index * pixels * 3;
    if (mode === 'caffe') {
      for (let p = 0; p < pixels * 3; p += 3) {
        out[offset + p] = data[p + 2] * 255 - imagenetMeanBgr[0];
        out[offset + p + 1] = data[p + 1] * 255 - imagenetMeanBgr[1];
        out[offset + p + 2] = data[p] * 255 - imagenetMeanBgr[2];
      }
    } else {
      for (let p = 0; p < pixels * 3; p++) out[offset + p] = (data[p] * 255) / 127.5 - 1;
    }
  });
  return out;
}
