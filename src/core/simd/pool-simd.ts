import type { SimdKernels } from './kernels';
import { allocate, f64 } from './wasm-heap';

/**
 * The 2×2 max pool moved by 2 (the default network's), raised to `floor`, of maps [channels, height, width]
 * that lie in the kernels' memory (a view of it, as winogradBatchForward hands them over): maxPool's numbers,
 * without its branches (src/core/simd/kernels.wat, max_pool2). Returns the pooled maps as a new array.
 */
export function maxPool2InKernels(
  kernels: SimdKernels,
  maps: Float64Array,
  channels: number,
  height: number,
  width: number,
  floor: number,
): Float64Array {
  if (maps.buffer !== kernels.memory.buffer)
    throw new Error("maxPool2InKernels: the maps are not in the kernels' memory");
  const size = channels * Math.floor(height / 2) * Math.floor(width / 2);
  // Allocating may grow the memory, which moves it: take the maps' offset first.
  const x = maps.byteOffset;
  const out = allocate(kernels, size);
  kernels.max_pool2(x, channels, height, width, out, floor);
  return f64(kernels).slice(out / 8, out / 8 + size);
}
