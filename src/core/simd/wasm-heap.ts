import type { SimdKernels } from './kernels';

/*
 * The kernels' memory as a stack: a batched pass allocates its buffers (transformed inputs, products,
 * activations) on top and releases them all at the end, so buffers live across the layers of a pass and the
 * memory is reused from one pass to the next without allocating. Growing the memory replaces its buffer, so
 * views are fetched again after every allocation (f64(), f32() and i32()).
 */

let top = 0;
let doubles: Float64Array | null = null;
let ints: Int32Array | null = null;
let floats: Float32Array | null = null;

/** Makes the memory at least `bytes` long. */
export function reserve(kernels: SimdKernels, bytes: number): void {
  const { memory } = kernels;
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
}

/** Byte offset of `count` fresh doubles (16-byte aligned, contents undefined) on top of the stack. */
export function allocate(kernels: SimdKernels, count: number): number {
  const at = top;
  top += Math.ceil((count * 8) / 16) * 16;
  reserve(kernels, top);
  return at;
}

/** The arrays copied in one after another, in fresh doubles on top of the stack: the first's byte offset, the count. */
export function placeSideBySide(kernels: SimdKernels, arrays: readonly Float64Array[]): { at: number; total: number } {
  const total = arrays.reduce((sum, a) => sum + a.length, 0);
  const at = allocate(kernels, total);
  const memory = f64(kernels);
  let offset = at / 8;
  for (const a of arrays) {
    memory.set(a, offset);
    offset += a.length;
  }
  return { at, total };
}

/** The top of the stack, to give back to release(): everything allocated after it is freed. */
export function mark(): number {
  return top;
}

export function release(to: number): void {
  top = to;
}

/** Float64Array over the whole memory. */
export function f64(kernels: SimdKernels): Float64Array {
  if (doubles === null || doubles.buffer !== kernels.memory.buffer) doubles = new Float64Array(kernels.memory.buffer);
  return doubles;
}

/** Int32Array over the whole memory. */
export function i32(kernels: SimdKernels): Int32Array {
  if (ints === null || ints.buffer !== kernels.memory.buffer) ints = new Int32Array(kernels.memory.buffer);
  return ints;
}

/** Float32Array over the whole memory. */
export function f32(kernels: SimdKernels): Float32Array {
  if (floats === null || floats.buffer !== kernels.memory.buffer) floats = new Float32Array(kernels.memory.buffer);
  return floats;
}
