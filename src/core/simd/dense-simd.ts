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

/**
 * dVector[i] = Σ_k weights[i, k] · dOut[k] for each dOut, summed in k order from 0 (the numbers of dense.ts's
 * pass over the weights): one product for all of them on the kernels, weights · [dOut₀ dOut₁ …] (mm_ab: the
 * weights as they are, rows padded to 4; one dOut per column, padded to 4), whose column n is dOutₙ's gradient.
 */
export function inputGradientsInKernels(
  kernels: SimdKernels,
  weights: Tensor,
  dOuts: readonly Tensor[],
): Float64Array[] {
  const [inputs, classes] = weights.shape;
  const [rows, columns] = [Math.ceil(inputs / 4) * 4, Math.ceil(dOuts.length / 4) * 4];
  const top = mark();
  try {
    const wAt = allocate(kernels, rows * classes);
    const dyAt = allocate(kernels, classes * columns);
    const productAt = allocate(kernels, rows * columns);
    const memory = f64(kernels);
    const [dy, product] = [dyAt / 8, productAt / 8];
    // The padding (rows past the inputs, columns past the dOuts) only reaches products not read.
    memory.set(weights.data, wAt / 8);
    dOuts.forEach((dOut, n) => {
      for (let k = 0; k < classes; k++) memory[dy + k * columns + n] = dOut.data[k];
    });
    kernels.mm_ab(rows, columns, classes, wAt, dyAt, productAt);
    return dOuts.map((_, n) => {
      const dVector = new Float64Array(inputs);
      for (let i = 0, from = product + n; i < inputs; i++, from += columns) dVector[i] = memory[from];
      return dVector;
    });
  } finally {
    release(top);
  }
}

/** Pictures per product in addOuterProductsInKernels: a batch of 64 × the default network's 3,136 inputs is 1.6 MB. */
const OUTER_PRODUCT_PICTURES = 64;

/**
 * dW [inputs, classes] += Σ_n xs[n] ⊗ dys[n], as the product dYᵀ·X on the kernels (mm_ab: dY's classes as rows,
 * padded to 4; X one picture per row, padded to 4 columns), whose sums run over n in order from 0; then added,
 * transposed, into dW. Larger batches go in products of OUTER_PRODUCT_PICTURES pictures, each added in turn.
 */
export function addOuterProductsInKernels(
  kernels: SimdKernels,
  xs: readonly Float64Array[],
  dys: readonly Float64Array[],
  dW: Float64Array,
): void {
  for (let start = 0; start < xs.length; start += OUTER_PRODUCT_PICTURES) {
    const end = Math.min(xs.length, start + OUTER_PRODUCT_PICTURES);
    addOuterProductsOnce(kernels, xs.slice(start, end), dys.slice(start, end), dW);
  }
}

function addOuterProductsOnce(
  kernels: SimdKernels,
  xs: readonly Float64Array[],
  dys: readonly Float64Array[],
  dW: Float64Array,
): void {
  const [count, inputs, classes] = [xs.length, xs[0].length, dys[0].length];
  const rows = Math.ceil(classes / 4) * 4;
  const columns = Math.ceil(inputs / 4) * 4;
  const top = mark();
  try {
    const dyAt = allocate(kernels, rows * count);
    const xAt = allocate(kernels, count * columns);
    const productAt = allocate(kernels, rows * columns);
    const memory = f64(kernels);
    const [dy, x, product] = [dyAt / 8, xAt / 8, productAt / 8];
    // The padding (dY's rows past the classes, X's columns past the inputs) only reaches products not read.
    for (let k = 0; k < classes; k++) for (let n = 0; n < count; n++) memory[dy + k * count + n] = dys[n][k];
    xs.forEach((vector, n) => memory.set(vector, x + n * columns));
    kernels.mm_ab(rows, columns, count, dyAt, xAt, productAt);
    for (let k = 0; k < classes; k++)
      for (let i = 0, from = product + k * columns; i < inputs; i++) dW[i * classes + k] += memory[from + i];
  } finally {
    release(top);
  }
}
