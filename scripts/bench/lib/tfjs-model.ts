/** The same network as a ModelSpec, written with TensorFlow.js ops on NHWC batches (the reference engine). */
import * as tf from '@tensorflow/tfjs';
import type { Example, ModelParams, ModelSpec } from '../../../src/core/types';
import { paramList } from '../../../src/core/model';
import { tfPadding } from '../../../test/helpers/tf-padding';

export interface TfjsModel {
  readonly variables: tf.Variable[];
  /** Logits of a batch (images NHWC 0–255). */
  logits(images: tf.Tensor4D): tf.Tensor2D;
  /** Mean cross-entropy of a batch (images NHWC 0–255, one-hot labels). */
  loss(images: tf.Tensor4D, oneHot: tf.Tensor2D): tf.Scalar;
}

export function tfjsModel(spec: ModelSpec, params: ModelParams): TfjsModel {
  const variables = paramList(params).map((t) => tf.variable(tf.tensor(Array.from(t.data), [...t.shape])));
  // Filters [F,C,k,k] → [k,k,C,F] inside the graph, so gradients flow to variables in our layout.
  const logits = (images: tf.Tensor4D): tf.Tensor2D => {
    let x: tf.Tensor4D = tf.mul(images, spec.inputScale);
    spec.blocks.forEach((block, i) => {
      const filters = tf.transpose(variables[2 * i], [2, 3, 1, 0]) as tf.Tensor4D;
      x = tf.relu(
        tf.add(tf.conv2d(x, filters, block.stride, tfPadding(block.padding)), variables[2 * i + 1]),
      ) as tf.Tensor4D;
      if (block.pool) x = tf.maxPool(x, block.pool.size, block.pool.stride, 'valid');
    });
    // Flatten in CHW order, as the engine does.
    const flat = tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [x.shape[0], -1]) as tf.Tensor2D;
    return tf.add(tf.matMul(flat, variables[variables.length - 2]), variables[variables.length - 1]);
  };
  return {
    variables,
    logits,
    loss: (images, oneHot) => tf.losses.softmaxCrossEntropy(oneHot, logits(images)) as tf.Scalar,
  };
}

/** Examples as one NHWC image batch and one-hot labels. */
export function tfjsBatch(examples: readonly Example[], classes: number): { images: tf.Tensor4D; oneHot: tf.Tensor2D } {
  const [c, h, w] = examples[0].image.shape;
  const chw = tf.tensor4d(
    examples.flatMap((e) => Array.from(e.image.data)),
    [examples.length, c, h, w],
  );
  return {
    images: tf.transpose(chw, [0, 2, 3, 1]),
    oneHot: tf
      .oneHot(
        examples.map((e) => e.label),
        classes,
      )
      .toFloat() as tf.Tensor2D,
  };
}
