/**
 * A convolution's zero padding as TensorFlow.js takes it (NHWC: pad height and width only). Free of TensorFlow.js
 * itself, so the tests' reference and the benchmark's peer both use it without choosing a backend.
 */
import type { Padding } from '../../src/core/types';

export type TfPadding = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];

export function tfPadding(padding: Padding): TfPadding {
  return typeof padding === 'number'
    ? [
        [0, 0],
        [padding, padding],
        [padding, padding],
        [0, 0],
      ]
    : padding;
}
