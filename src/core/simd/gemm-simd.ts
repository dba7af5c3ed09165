import type { SimdKernels } from './kernels';
import { f64, mark, reserve } from './wasm-heap';
import { scratch, ScratchSlot } from '../scratch';

/*
 * The JavaScript-facing side of the SIMD products: operands are copied into the module's memory with their
 * shapes padded to the kernel's register blocks, and the result copied back. Padded rows and columns of the
 * operands only reach padded outputs, which are dropped, and no summed dimension is padded.
 * The operands go above the top of the memory's stack (wasm-heap.ts), leaving a batched pass's buffers intact.
 */

/** The first double above the stack's top, with the memory holding at least `doubles` values from there. */
function heap(kernels: SimdKernels, doubles: number): number {
  const base = mark() / 8;
  reserve(kernels, (base + doubles) * 8);
  return base;
}

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/** Copies `rows` rows of `width` values between row strides srcStride and dstStride. */
function copyRows(
  src: Float64Array,
  srcOff: number,
  srcStride: number,
  dst: Float64Array,
  dstOff: number,
  dstStride: number,
  rows: number,
  width: number,
): void {
  if (srcStride === width && dstStride === width) {
    dst.set(src.subarray(srcOff, srcOff + rows * width), dstOff);
    return;
  }
  for (let r = 0; r < rows; r++)
    dst.set(src.subarray(srcOff + r * srcStride, srcOff + r * srcStride + width), dstOff + r * dstStride);
}

/**
 * C = A·B as gemm.ts's matMul, or with `transposedB` C = A·Bᵀ as its matMulTransposed (B, n×depth, goes into
 * memory transposed, or see transposedProduct), on the one kernel.
 */
export function simdMatMul(
  kernels: SimdKernels,
  m: number,
  n: number,
  depth: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
  transposedB: boolean,
): void {
  if (transposedB && m * (depth + n) < n * depth) {
    transposedProduct(kernels, m, n, depth, a, aOff, b, bOff, c, cOff);
    return;
  }
  const mPad = roundUp(m, 4);
  const nPad = roundUp(n, 4);
  // Offsets stay even (16-byte aligned vectors).
  const base = heap(kernels, roundUp(mPad * depth, 2) + depth * nPad + mPad * nPad);
  const bAt = base + roundUp(mPad * depth, 2);
  const cAt = bAt + depth * nPad;
  const memory = f64(kernels);
  memory.set(a.subarray(aOff, aOff + m * depth), base);
  if (!transposedB) copyRows(b, bOff, n, memory, bAt, nPad, depth, n);
  else
    for (let j = 0; j < n; j++) {
      const from = bOff + j * depth;
      for (let k = 0, to = bAt + j; k < depth; k++, to += nPad) memory[to] = b[from + k];
    }
  kernels.mm_ab(mPad, nPad, depth, base * 8, bAt * 8, cAt * 8);
  copyRows(memory, cAt, nPad, c, cOff, n, m, n);
}

/**
 * C = A·Bᵀ as (B·Aᵀ)ᵀ: A and C are transposed instead of B, fewer values to move when B is the larger operand
 * (a convolution's weight gradient, whose B is the unrolled input). Each output is the same sum of the same
 * products in the same order, so the numbers are the same.
 */
function transposedProduct(
  kernels: SimdKernels,
  m: number,
  n: number,
  depth: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
): void {
  // B·Aᵀ transposes A, the smaller operand, so this call takes simdMatMul's general path.
  const product = scratch(ScratchSlot.TransposedProduct, n * m);
  simdMatMul(kernels, n, m, depth, b, bOff, a, aOff, product, 0, true);
  for (let i = 0; i < m; i++) {
    const to = cOff + i * n;
    for (let j = 0, from = i; j < n; j++, from += m) c[to + j] = product[from];
  }
}
