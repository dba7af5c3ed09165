import type { SimdKernels } from './kernels';

/*
 * The JavaScript-facing side of the SIMD products: operands are copied into the module's memory with their
 * shapes padded to the kernels' register blocks, and the result copied back. Padded rows and columns of the
 * operands only reach padded outputs, which are dropped, so only the padding of a summed dimension is zeroed.
 */

let view: Float64Array | null = null;

/** A Float64Array over the module's memory holding at least `doubles` values (growing it when needed). */
function heap(kernels: SimdKernels, doubles: number): Float64Array {
  const { memory } = kernels;
  const needed = doubles * 8;
  if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
  if (view === null || view.buffer !== memory.buffer) view = new Float64Array(memory.buffer);
  return view;
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

/** Copies `rows` rows of `width` values into rows of stride `dstStride`, zeroing the rest of each row. */
function copyRowsZeroPadded(
  src: Float64Array,
  srcOff: number,
  dst: Float64Array,
  dstOff: number,
  dstStride: number,
  rows: number,
  width: number,
): void {
  copyRows(src, srcOff, width, dst, dstOff, dstStride, rows, width);
  if (dstStride !== width)
    for (let r = 0; r < rows; r++) dst.fill(0, dstOff + r * dstStride + width, dstOff + (r + 1) * dstStride);
}

/** C = A·B as gemm.ts's matMul, on the SIMD kernel. */
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
): void {
  const mPad = roundUp(m, 4);
  const nPad = roundUp(n, 4);
  // Offsets stay even (16-byte aligned vectors).
  const bAt = roundUp(mPad * depth, 2);
  const cAt = bAt + depth * nPad;
  const memory = heap(kernels, cAt + mPad * nPad);
  memory.set(a.subarray(aOff, aOff + m * depth), 0);
  copyRows(b, bOff, n, memory, bAt, nPad, depth, n);
  kernels.mm_ab(mPad, nPad, depth, 0, bAt * 8, cAt * 8);
  copyRows(memory, cAt, nPad, c, cOff, n, m, n);
}

/** C = A·Bᵀ as gemm.ts's matMulTransposed, on the SIMD kernel. */
export function simdMatMulTransposed(
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
  const mPad = roundUp(m, 4);
  const nPad = roundUp(n, 2);
  const dPad = roundUp(depth, 2);
  const bAt = mPad * dPad;
  const cAt = bAt + nPad * dPad;
  const memory = heap(kernels, cAt + mPad * nPad);
  copyRowsZeroPadded(a, aOff, memory, 0, dPad, m, depth);
  copyRowsZeroPadded(b, bOff, memory, bAt, dPad, n, depth);
  kernels.mm_abt(mPad, nPad, dPad, 0, bAt * 8, cAt * 8);
  copyRows(memory, cAt, nPad, c, cOff, n, m, n);
}
