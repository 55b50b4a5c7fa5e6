import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BackboneName, InputPreprocessing, Pooling } from './backbone.js';
import { buildInceptionResNetV2 } from './architectures/inception-resnet-v2.js';
import { buildInceptionV3 } from './architectures/inception-v3.js';
import { buildResNet50 } from './architectures/resnet50.js';
import { buildXception } from './architectures/xception.js';

/** What calvaria knows about one backbone: Keras Applications' figures and files. */
export interface BackboneSpec {
  /** Keras's default input side, in pixels. */
  readonly defaultSizePx: number;
  /** The smallest input side Keras accepts without the top. */
  readonly minSizePx: number;
  /** Length of the pooled feature vector. */
  readonly featureSize: number;
  /** Parameters without the top, as `model.count_params()` reports in Keras. */
  readonly parameterCount: number;
  /** Keras's `preprocess_input` mode for this family. */
  readonly preprocessing: InputPreprocessing;
  /** The `_notop.h5` file name Keras Applications publishes. */
  readonly imagenetFile: string;
  /** Where Keras Applications publishes it. */
  readonly imagenetUrl: string;
  /** The MD5 hash Keras checks the file against (`file_hash` in `get_file`). */
  readonly imagenetMd5: string;
  /** Builds the architecture with zero weights. */
  readonly build: (
    shape: readonly [number, number, number],
    pooling: Pooling,
  ) => LayersModel;
}

const kerasApplications = 'https://storage.googleapis.com/tensorflow/keras-applications';

/**
 * Keras Applications' figures for the four backbones: parameter counts of the models
 * without the top, minimum input sizes and the ImageNet weight files with their MD5
 * hashes, as in the Keras sources (`keras/applications/*.py`).
 */
export const backboneSpecs: Readonly<Record<BackboneName, BackboneSpec>> = {
  resnet50: {
    defaultSizePx: 224,
    minSizePx: 32,
    featureSize: 2048,
    parameterCount: 23_587_712,
    preprocessing: 'caffe',
    imagenetFile: 'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
    imagenetUrl: `${kerasApplications}/resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5`,
    imagenetMd5: '4d473c1dd8becc155b73f8504c6f6626',
    build: buildResNet50,
  },
  xception: {
    defaultSizePx: 299,
    minSizePx: 71,
    featureSize: 2048,
    parameterCount: 20_861_480,
    preprocessing: 'tf',
    imagenetFile: 'xception_weights_tf_dim_ordering_tf_kernels_notop.h5',
    imagenetUrl: `${kerasApplications}/xception/xception_weights_tf_dim_ordering_tf_kernels_notop.h5`,
    imagenetMd5: 'b0042744bf5b25fce3cb969f33bebb97',
    build: buildXception,
  },
  inceptionV3: {
    defaultSizePx: 299,
    minSizePx: 75,
    featureSize: 2048,
    parameterCount: 21_802_784,
    preprocessing: 'tf',
    imagenetFile: 'inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5',
    imagenetUrl: `${kerasApplications}/inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5`,
    imagenetMd5: 'bcbd6486424b2319ff4ef7d526e38f63',
    build: buildInceptionV3,
  },
  inceptionResNetV2: {
    defaultSizePx: 299,
    minSizePx: 75,
    featureSize: 1536,
    parameterCount: 54_336_736,
    preprocessing: 'tf',
    imagenetFile: 'inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5',
    imagenetUrl: `${kerasApplications}/inception_resnet_v2/inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5`,
    imagenetMd5: 'd19885ff4a710c122648d3b5c3b684e4',
    build: buildInceptionResNetV2,
  },
};
