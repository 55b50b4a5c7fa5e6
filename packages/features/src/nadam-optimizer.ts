import * as tf from '@tensorflow/tfjs-core';

/**
 * Nadam, Adam with Nesterov momentum: Dozat 2016, "Incorporating Nesterov Momentum into
 * Adam", with the momentum schedule `beta1 * (1 - 0.5 * 0.96^(0.004 t))` as Keras's
 * `keras.optimizers.Nadam` implements it (TensorFlow.js has no Nadam).
 */
export class NadamOptimizer extends tf.Optimizer {
  /** The registered class name. */
  static get className(): string {
    return 'Nadam';
  }

  private readonly firstMoments = new Map<string, tf.Variable>();
  private readonly secondMoments = new Map<string, tf.Variable>();
  private momentumSchedule = 1;

  /**
   * @param learningRate - Step size; Keras's default is 0.001.
   * @param beta1 - First-moment decay; default 0.9.
   * @param beta2 - Second-moment decay; default 0.999.
   * @param epsilon - Added to the denominator; Keras's default 1e-7.
   */
  constructor(
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    super();
  }

  /**
   * Applies one Nadam step to each named variable.
   * @param variableGradients - Gradients by variable name.
   */
  applyGradients(
    variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[],
  ): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor] as const)
      : Object.entries(variableGradients);
    const t = this.iterations + 1;
    const { beta1, beta2 } = this;
    const cacheT = beta1 * (1 - 0.5 * Math.pow(0.96, t * 0.004));
    const cacheNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * 0.004));
    const scheduleNew = this.momentumSchedule * cacheT;
    const scheduleNext = scheduleNew * cacheNext;
    this.momentumSchedule = scheduleNew;

    tf.tidy(() => {
      for (const [name, gradient] of entries) {
        const variable = tf.engine().registeredVariables[name];
        if (variable === undefined || gradient == null) continue;
        let m = this.firstMoments.get(name);
        let v = this.secondMoments.get(name);
        if (m === undefined || v === undefined) {
          m = tf.variable(tf.zerosLike(variable), false);
          v = tf.variable(tf.zerosLike(variable), false);
          this.firstMoments.set(name, m);
          this.secondMoments.set(name, v);
        }
        const mT = tf.add(tf.mul(m, beta1), tf.mul(gradient, 1 - beta1));
        const vT = tf.add(tf.mul(v, beta2), tf.mul(tf.square(gradient), 1 - beta2));
        const gPrime = tf.div(gradient, 1 - scheduleNew);
        const mPrime = tf.div(mT, 1 - scheduleNext);
        const vPrime = tf.div(vT, 1 - Math.pow(beta2, t));
        const mBar = tf.add(tf.mul(gPrime, 1 - cacheT), tf.mul(mPrime, cacheNext));
        const step = tf.div(
          tf.mul(mBar, this.learningRate),
          tf.add(tf.sqrt(vPrime), this.epsilon),
        );
        variable.assign(tf.sub(variable, step));
        m.assign(mT);
        v.assign(vT);
      }
    });
    this.incrementIterations();
  }

  /** Frees the moment estimates. */
  override dispose(): void {
    for (const m of this.firstMoments.values()) m.dispose();
    for (const v of this.secondMoments.values()) v.dispose();
    this.firstMoments.clear();
    this.secondMoments.clear();
  }

  /** @returns The iteration count (moments are not serialised). */
  override async getWeights(): Promise<{ name: string; tensor: tf.Tensor }[]> {
    return [await this.saveIterations()];
  }

  /** @param weightValues - As {@link NadamOptimizer.getWeights} returns them. */
  override async setWeights(
    weightValues: { name: string; tensor: tf.Tensor }[],
  ): Promise<void> {
    await this.extractIterations(weightValues);
  }

  /** @returns The hyperparameters. */
  getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }
}
