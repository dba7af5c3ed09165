/**
 * A model as TensorFlow.js Layers files (model.json + weights.bin), loadable with tf.loadLayersModel and
 * convertible to Keras with the tensorflowjs converter: a Sequential of Rescaling (the input scale),
 * per block [ZeroPadding2D] Conv2D(ReLU) [MaxPooling2D], then Flatten, Dense and Softmax. Weights are
 * channels-last (see layouts.ts) and float32; the class names are the model's user-defined metadata.
 */
import { layerShapes } from '../core/spec';
import type { PortableModel } from './portable-model';
import { assertPortable, float32Bytes } from './portable-model';
import { denseRowsToChannelsLast, filtersToHwio } from './layouts';

export const TFJS_WEIGHTS_FILE = 'weights.bin';
export const TFJS_MODEL_FILE = 'model.json';
/** The key of the class names in userDefinedMetadata. */
export const CLASSES_METADATA_KEY = 'classes';

export interface TfjsFiles {
  /** The text of model.json. */
  readonly modelJson: string;
  readonly weightsBin: Uint8Array;
}

interface LayerJson {
  readonly class_name: string;
  readonly config: Record<string, unknown>;
}

interface WeightSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32';
}

const ZEROS = { class_name: 'Zeros', config: {} };
const GLOROT = {
  class_name: 'VarianceScaling',
  config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null },
};
/** What Keras writes for a layer with a kernel and a bias: Conv2D and Dense share it. */
const WEIGHTS_CONFIG = {
  use_bias: true,
  kernel_initializer: GLOROT,
  bias_initializer: ZEROS,
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
};

export function exportTfjs(model: PortableModel, name = 'sheet_cnn'): TfjsFiles {
  assertPortable('exportTfjs', model);
  const { spec, params } = model;
  const shapes = layerShapes(spec);
  const { channels, height, width } = spec.input;
  const layers: LayerJson[] = [
    {
      class_name: 'Rescaling',
      config: {
        name: 'rescaling',
        trainable: false,
        dtype: 'float32',
        batch_input_shape: [null, height, width, channels],
        scale: spec.inputScale,
        offset: 0,
      },
    },
  ];
  const weights: WeightSpec[] = [];
  const values: Float64Array[] = [];
  spec.blocks.forEach((block, i) => {
    const n = i + 1;
    // A numeric padding, even 0, is written as its own layer so that importing gives back the same spec.
    if (typeof block.padding === 'number') {
      const p = block.padding;
      layers.push({
        class_name: 'ZeroPadding2D',
        config: {
          name: `padding${n}`,
          trainable: true,
          padding: [
            [p, p],
            [p, p],
          ],
          data_format: 'channels_last',
        },
      });
    }
    layers.push({
      class_name: 'Conv2D',
      config: {
        name: `conv${n}`,
        trainable: true,
        filters: block.filters,
        kernel_size: [block.kernel, block.kernel],
        strides: [block.stride, block.stride],
        padding: block.padding === 'same' ? 'same' : 'valid',
        data_format: 'channels_last',
        dilation_rate: [1, 1],
        activation: 'relu',
        ...WEIGHTS_CONFIG,
      },
    });
    const conv = params.conv[i];
    const inChannels = conv.weights.shape[1];
    weights.push({
      name: `conv${n}/kernel`,
      shape: [block.kernel, block.kernel, inChannels, block.filters],
      dtype: 'float32',
    });
    weights.push({ name: `conv${n}/bias`, shape: [block.filters], dtype: 'float32' });
    values.push(filtersToHwio(conv.weights), conv.bias.data);
    if (block.pool) {
      const { size, stride } = block.pool;
      layers.push({
        class_name: 'MaxPooling2D',
        config: {
          name: `pool${n}`,
          trainable: true,
          pool_size: [size, size],
          strides: [stride, stride],
          padding: 'valid',
          data_format: 'channels_last',
        },
      });
    }
  });
  const classes = spec.classes.length;
  const lastMaps = shapes.blocks[shapes.blocks.length - 1].pool;
  layers.push({ class_name: 'Flatten', config: { name: 'flatten', trainable: true } });
  layers.push({
    class_name: 'Dense',
    config: {
      name: 'dense',
      trainable: true,
      units: classes,
      activation: 'linear',
      ...WEIGHTS_CONFIG,
    },
  });
  layers.push({ class_name: 'Softmax', config: { name: 'softmax', trainable: true, axis: -1 } });
  weights.push({ name: 'dense/kernel', shape: [shapes.flat[0], classes], dtype: 'float32' });
  weights.push({ name: 'dense/bias', shape: [classes], dtype: 'float32' });
  values.push(denseRowsToChannelsLast(params.dense.weights, lastMaps), params.dense.bias.data);

  const modelJson = {
    format: 'layers-model',
    generatedBy: 'Sheet CNN',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name, layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights }],
    userDefinedMetadata: { [CLASSES_METADATA_KEY]: [...spec.classes] },
  };
  return { modelJson: JSON.stringify(modelJson, null, 1), weightsBin: float32Bytes(values) };
}
