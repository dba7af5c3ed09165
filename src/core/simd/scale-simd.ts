import type { SimdKernels } from './kernels';
import { f64, mark, placeSideBySide, release } from './wasm-heap';

/**
 * into[n][i] = arrays[n][i] · factor for every array, in the kernels (copied in, multiplied two at a time, copied
 * out): JavaScript's products exactly, where a JavaScript loop over a picture's pixels took several times longer.
 */
export function scaleInKernels(
  kernels: SimdKernels,
  arrays: readonly Float64Array[],
  factor: number,
  into: readonly Float64Array[],
): void {
  const top = mark();
  try {
    const { at, total } = placeSideBySide(kernels, arrays);
    kernels.scale(at, total, factor);
    let offset = at / 8;
    into.forEach((to, n) => {
      to.set(f64(kernels).subarray(offset, offset + arrays[n].length));
      offset += arrays[n].length;
    });
  } finally {
    release(top);
  }
}
