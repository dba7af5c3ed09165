import type { SimdKernels } from './kernels';
import { mark, placeSideBySide, release } from './wasm-heap';

/**
 * maxMagnitude over several arrays at once (src/core/winograd-range.ts), in the kernels: copied in (a native
 * copy) and measured two doubles at a time. NaN counts as infinite, as there.
 */
export function maxMagnitudeInKernels(kernels: SimdKernels, arrays: readonly Float64Array[]): number {
  const top = mark();
  try {
    const { at, total } = placeSideBySide(kernels, arrays);
    const max = kernels.max_abs(at, total);
    return Number.isNaN(max) ? Infinity : max;
  } finally {
    release(top);
  }
}
