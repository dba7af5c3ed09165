import type { SimdKernels } from './kernels';
import { allocate, f64, mark, release } from './wasm-heap';

/**
 * maxMagnitude over several arrays at once (src/core/winograd-range.ts), in the kernels: copied in (a native
 * copy) and measured two doubles at a time. NaN counts as infinite, as there.
 */
export function maxMagnitudeInKernels(kernels: SimdKernels, arrays: readonly Float64Array[]): number {
  const total = arrays.reduce((sum, a) => sum + a.length, 0);
  const top = mark();
  try {
    const at = allocate(kernels, total);
    const memory = f64(kernels);
    let offset = at / 8;
    for (const a of arrays) {
      memory.set(a, offset);
      offset += a.length;
    }
    const max = kernels.max_abs(at, total);
    return Number.isNaN(max) ? Infinity : max;
  } finally {
    release(top);
  }
}
