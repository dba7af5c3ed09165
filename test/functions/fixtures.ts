/**
 * Inputs and a comparison shared by the custom-function tests: the functions called directly
 * (test/functions) and the same functions computed by the local formula engine (test/local).
 */
import { createRng, tensor } from '../../src/core';
import type { Tensor } from '../../src/core/types';

/** The article's worked example: a 5×5×3 picture, two 3×3×3 filters of 1s and 0s, stride 2, padding 1. */
export function articleExample(): { input: Tensor; weights: Tensor; biases: Tensor } {
  // Channel 0 counts 1..25 row by row, channel 1 is all 1s, channel 2 holds the row number (0..4).
  const input = tensor([3, 5, 5]);
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      input.data[y * 5 + x] = 5 * y + x + 1;
      input.data[25 + y * 5 + x] = 1;
      input.data[50 + y * 5 + x] = y;
    }
  }
  // Filter 0: all 1s on channel 0, 0s elsewhere. Filter 1: a single 1 in the centre of every channel.
  const weights = tensor([2, 3, 3, 3]);
  for (let i = 0; i < 9; i++) weights.data[i] = 1;
  for (let c = 0; c < 3; c++) weights.data[27 + c * 9 + 4] = 1;
  return { input, weights, biases: tensor([2], [0, 1]) };
}

/** Seeded standard-normal numbers × `scale`. */
export function randomTensor(shape: number[], seed: number, scale = 1): Tensor {
  const rng = createRng(seed);
  const t = tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal() * scale;
  return t;
}
