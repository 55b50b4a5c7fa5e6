import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** The serialised configuration of a {@link ResidualScale} layer. */
export interface ResidualScaleConfig {
  /** The factor applied to the residual branch. */
  readonly scale: number;
  /** The layer name (Keras names it after the block, e.g. `block35_1`). */
  readonly name?: string;
}

/**
 * The scaled residual sum of Inception-ResNet blocks, `x + branch * scale`, called on
 * `[x, branch]`: Keras's `Lambda` (later `CustomScaleLayer`) in
 * `keras.applications.inception_resnet_v2`, after Szegedy et al. 2016, "Inception-v4,
 * Inception-ResNet and the Impact of Residual Connections on Learning" (section 3.3,
 * scaling of the residuals). Registered for serialisation as class `ResidualScale`.
 */
export class ResidualScale extends tfl.layers.Layer {
  /** The registered class name. */
  static className = 'ResidualScale';

  /** The factor applied to the residual branch. */
  readonly scale: number;

  /**
   * @param config - The scale and, optionally, the layer name.
   */
  constructor(config: ResidualScaleConfig) {
    super(config.name === undefined ? {} : { name: config.name });
    this.scale = config.scale;
  }

  /**
   * @param inputShape - The shapes of `[x, branch]`.
   * @returns The shape of `x`.
   */
  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (inputShape as tfl.Shape[])[0];
  }

  /**
   * @param inputs - `[x, branch]`, of equal shape.
   * @returns `x + branch * scale`.
   */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, branch] = inputs as tf.Tensor[];
      return tf.add(x, tf.mul(branch, this.scale));
    });
  }

  /** @returns The layer configuration with `scale`. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }
}

tf.serialization.registerClass(ResidualScale);
