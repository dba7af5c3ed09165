import type { Tensor } from '../types';
import type { SimdKernels } from './kernels';
import { allocate, f64, mark, release } from './wasm-heap';

/**
 * The dense layer of several pictures on the kernels (src/core/simd/kernels.wat, dense_blocks): the weights go
 * into the module's memory once, with the classes padded to a multiple of 8, and each vector is multiplied
 * there. The sums run in dense.ts's order, so the logits are dense's exactly.
 */
export function denseInKernels(
  kernels: SimdKernels,
  vectors: readonly Tensor[],
  weights: Tensor,
  bias: Tensor,
): Float64Array[] {
  const [inputs, classes] = weights.shape;
  const blocks = Math.ceil(classes / 8);
  const width = 8 * blocks;
  const top = mark();
  try {
    const wAt = allocate(kernels, inputs * width);
    const xAt = allocate(kernels, inputs);
    const yAt = allocate(kernels, width);
    const memory = f64(kernels);
    const w = weights.data;
    if (width === classes) memory.set(w, wAt / 8);
    else
      // The padding columns' products reach only the padding outputs, which are dropped.
      for (let i = 0, from = 0, to = wAt / 8; i < inputs; i++, to += width)
        for (let k = 0; k < classes; k++) memory[to + k] = w[from++];
    return vectors.map((vector) => {
      memory.set(vector.data, xAt / 8);
      memory.set(bias.data, yAt / 8);
      kernels.dense_blocks(xAt, wAt, inputs, blocks, yAt);
      return memory.slice(yAt / 8, yAt / 8 + classes);
    });
  } finally {
    release(top);
  }
}
