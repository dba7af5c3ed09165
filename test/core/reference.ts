/**
 * TensorFlow.js (CPU backend) as the independent reference, and the conversions between our layouts
 * (CHW images, [F,C,k,k] filters) and TensorFlow's (NHWC, [k,k,C,F]).
 */
import { tf } from '../helpers/tf';
import type { Padding, Tensor } from '../../src/core/types';
import { tensor } from '../../src/core/tensor';
import type { Rng } from '../../src/core/random';
import { tfPadding } from '../helpers/tf-padding';

export { tf };

/** Values exactly representable in float32, so both engines start from identical numbers. */
export function randomTensor(rng: Rng, shape: number[], scale = 1): Tensor {
  const t = tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = Math.fround(rng.normal() * scale);
  return t;
}

export function toTf(t: Tensor): tf.Tensor {
  return tf.tensor(Array.from(t.data), [...t.shape], 'float32');
}

/** [C,H,W] → [1,H,W,C]. */
export function chwToNhwc(x: tf.Tensor): tf.Tensor4D {
  return tf.expandDims(tf.transpose(x, [1, 2, 0]), 0) as tf.Tensor4D;
}

/** [1,H,W,C] → [C,H,W]. */
export function nhwcToChw(x: tf.Tensor): tf.Tensor3D {
  return tf.transpose(tf.squeeze(x, [0]), [2, 0, 1]) as tf.Tensor3D;
}

/** [F,C,k,k] → [k,k,C,F]. */
export function filtersToTf(w: tf.Tensor): tf.Tensor4D {
  return tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D;
}

/** conv2d in TensorFlow.js on our layouts: x [C,H,W], w [F,C,k,k], b [F] → [F,OH,OW]. */
export function tfConv(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, stride: number, padding: Padding): tf.Tensor3D {
  return nhwcToChw(tf.add(tf.conv2d(chwToNhwc(x), filtersToTf(w), stride, tfPadding(padding)), b));
}

/** maxPool in TensorFlow.js on [C,H,W]. */
export function tfMaxPool(x: tf.Tensor, size: number, stride: number): tf.Tensor3D {
  return nhwcToChw(tf.maxPool(chwToNhwc(x), size, stride, 'valid'));
}

/**
 * Max-norm relative error max|a − b| / max|b|: the error relative to the size of the reference values
 * (max|a − b| itself when the reference is all zeros). Element-wise relative error is meaningless for entries
 * that cancel to ~0 in float32. The lengths must agree.
 */
export function arrayRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  if (maxRef === 0) return maxDiff;
  return maxDiff / maxRef;
}

/** arrayRelativeError of a tensor against a TensorFlow.js tensor; shapes must agree exactly. */
export function relativeError(actual: Tensor, expected: tf.Tensor): number {
  expect([...actual.shape]).toEqual(expected.shape);
  return arrayRelativeError(actual.data, expected.dataSync());
}
