import type { SimdKernels } from './kernels';
import { allocate, f64, i32 } from './wasm-heap';

/*
 * The 2×2 max pool moved by 2 (the default network's) of maps [channels, height, width] that lie in the kernels'
 * memory (a view of it, as winogradBatchForward hands them over): maxPool's numbers, without its branches
 * (src/core/simd/kernels.wat, max_pool2 and max_pool2_relu_argmax). Results come back as new arrays.
 */

/** The maps' byte offset (allocating may grow the memory, which moves it, so kernels take offsets). */
function offsetInKernels(op: string, kernels: SimdKernels, maps: Float64Array): number {
  if (maps.buffer !== kernels.memory.buffer) throw new Error(`${op}: the maps are not in the kernels' memory`);
  return maps.byteOffset;
}

const pooledSize = (channels: number, height: number, width: number): number =>
  channels * Math.floor(height / 2) * Math.floor(width / 2);

/** The pooled maps, each maximum raised to `floor` (classifying: nothing else is kept). */
export function maxPool2InKernels(
  kernels: SimdKernels,
  maps: Float64Array,
  channels: number,
  height: number,
  width: number,
  floor: number,
): Float64Array {
  const x = offsetInKernels('maxPool2InKernels', kernels, maps);
  const size = pooledSize(channels, height, width);
  const out = allocate(kernels, size);
  kernels.max_pool2(x, channels, height, width, out, floor);
  return f64(kernels).slice(out / 8, out / 8 + size);
}

/**
 * maxPoolWithArgmax(maps, 2, 2, 0) of finite maps (training keeps the winners for the backward pass): the
 * pooled maps and each window's winner (index into `maps`).
 */
export function maxPool2ReluWithArgmaxInKernels(
  kernels: SimdKernels,
  maps: Float64Array,
  channels: number,
  height: number,
  width: number,
): { out: Float64Array; argmax: Int32Array } {
  const x = offsetInKernels('maxPool2ReluWithArgmaxInKernels', kernels, maps);
  const size = pooledSize(channels, height, width);
  // One value more of each: the kernel's last window of an odd row may write there. Its reads reach at most two
  // doubles past the maps, into these buffers.
  const out = allocate(kernels, size + 1);
  const winners = allocate(kernels, Math.ceil((size + 1) / 2)); // 32-bit integers, in doubles' room
  kernels.max_pool2_relu_argmax(x, channels, height, width, out, winners);
  return {
    out: f64(kernels).slice(out / 8, out / 8 + size),
    argmax: i32(kernels).slice(winners / 4, winners / 4 + size),
  };
}
