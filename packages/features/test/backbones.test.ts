import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  FeaturesError,
  ResidualScale,
  backboneSpecs,
  createBackbone,
} from '@calvaria/features';

/** Keras Applications' figures (model.count_params() without the top, output width), also
 *  recomputed independently by tools/golden/features-torch.py from its own layer graph. */
const keras = [
  { name: 'resnet50', parameters: 23_587_712, width: 2048, sizePx: 32 },
  { name: 'xception', parameters: 20_861_480, width: 2048, sizePx: 71 },
  { name: 'inceptionV3', parameters: 21_802_784, width: 2048, sizePx: 75 },
  { name: 'inceptionResNetV2', parameters: 54_336_736, width: 1536, sizePx: 75 },
] as const;

describe('backbone architectures', () => {
  for (const k of keras) {
    it(`builds ${k.name} with Keras's ${k.parameters.toLocaleString('en')} parameters and a ${k.width}-wide output`, async () => {
      const backbone = await createBackbone(k.name, {
        weights: 'random',
        inputShape: [k.sizePx, k.sizePx, 3],
        pooling: 'max',
      });
      try {
        expect(backbone.model.countParams()).toBe(k.parameters);
        expect(backboneSpecs[k.name].parameterCount).toBe(k.parameters);
        expect(backbone.model.outputs[0].shape).toEqual([null, k.width]);
        expect(backbone.featureSize).toBe(k.width);
        expect(backbone.model.layers.at(-1)?.getClassName()).toBe('GlobalMaxPooling2D');
      } finally {
        backbone.dispose();
      }
    });
  }

  it('names layers as Keras does', async () => {
    // Layer names from keras/applications/resnet.py, inception_v3.py, inception_resnet_v2.py.
    const resnet = await createBackbone('resnet50', {
      weights: 'random',
      inputShape: [32, 32, 3],
    });
    const names = resnet.model.layers.map((l) => l.name);
    expect(names.slice(0, 7)).toEqual([
      'input_1',
      'conv1_pad',
      'conv1_conv',
      'conv1_bn',
      'conv1_relu',
      'pool1_pad',
      'pool1_pool',
    ]);
    expect(names).toContain('conv4_block6_out');
    expect(names.at(-1)).toBe('avg_pool');
    resnet.dispose();

    const irv2 = await createBackbone('inceptionResNetV2', {
      weights: 'random',
      inputShape: [75, 75, 3],
    });
    const irv2Names = irv2.model.layers.map((l) => l.name);
    expect(irv2Names).toEqual(
      expect.arrayContaining(['mixed_5b', 'block35_10_ac', 'block8_10']),
    );
    expect(irv2Names.slice(-3)).toEqual([
      'conv_7b_bn',
      'conv_7b_ac',
      'global_average_pooling2d',
    ]);
    const scale = irv2.model.getLayer('block17_3');
    expect(scale).toBeInstanceOf(ResidualScale);
    expect(scale.getConfig()).toMatchObject({ scale: 0.1, name: 'block17_3' });
    irv2.dispose();
  });

  it('rejects an input smaller than Keras allows', async () => {
    await expect(
      createBackbone('xception', { weights: 'random', inputShape: [64, 64, 3] }),
    ).rejects.toMatchObject({ code: 'FEATURES_INVALID_ARGUMENT' });
    await expect(
      createBackbone('vgg16' as never, { weights: 'random' }),
    ).rejects.toBeInstanceOf(FeaturesError);
  });
});

describe('ResidualScale', () => {
  it('computes x + branch * scale', () => {
    // Hand derivation: 1 + 10 * 0.17 = 2.7, 2 + 20 * 0.17 = 5.4.
    const layer = new ResidualScale({ scale: 0.17 });
    const out = layer.apply([tf.tensor([1, 2]), tf.tensor([10, 20])]) as tf.Tensor;
    expect(Array.from(out.dataSync())).toEqual([
      Math.fround(1 + Math.fround(10 * 0.17)),
      Math.fround(2 + Math.fround(20 * 0.17)),
    ]);
    out.dispose();
  });

  it('is registered for serialisation as ResidualScale', () => {
    const registry = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(registry['ResidualScale']?.[0]).toBe(ResidualScale);
  });
});
