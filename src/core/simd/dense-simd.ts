import type { Tensor } from '../types';
import type { SimdKernels } from './kernels';
import { allocate, f64, mark, release } from './wasm-heap';

/**
 * The dense layer of several pictures on the kernels (src/core/simd/kernels.wat, dense_blocks): the weights are
 * copied into the module's memory once and each vector is multiplied there, eight classes at a time. The sums
 * run in dense.ts's order, so the logits are dense's exactly.
 */
export function denseInKernels(
  kernels: SimdKernels,
  vectors: readonly Tensor[],
  weights: Tensor,
  bias: Tensor,
): Float64Array[] {
  const [inputs, classes] = weights.shape;
  const blocks = Math.ceil(classes / 8);
  const top = mark();
  try {
    // 8 doubles beyond the weights: the last row's final block reads up to 7 past its end (into padding outputs).
    const wAt = allocate(kernels, inputs * classes + 8);
    const xAt = allocate(kernels, inputs);
    const yAt = allocate(kernels, 8 * blocks);
    const memory = f64(kernels);
    memory.set(weights.data, wAt / 8);
    return vectors.map((vector) => {
      memory.set(vector.data, xAt / 8);
      memory.set(bias.data, yAt / 8);
      kernels.dense_blocks(xAt, wAt, inputs, classes, blocks, yAt);
      return memory.slice(yAt / 8, yAt / 8 + classes);
    });
  } finally {
    release(top);
  }
}
