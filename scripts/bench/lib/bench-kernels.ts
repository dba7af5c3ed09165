/**
 * The kernels a benchmark section runs on: the host's (WebAssembly SIMD under Node), or the JavaScript loops with
 * BENCH_KERNELS=javascript. One path per process: V8 optimises the code both paths share for the first path a
 * process runs, which slows the other (the loops trained 4,100–5,900 pictures in a 25-s call after the SIMD
 * path had run in the same process, 9,256–9,960 alone).
 */
import { kernelPath, useKernels } from '../../../src/core';
import type { KernelPath } from '../../../src/core';

/** Runs `measure` on the section's kernels (which it is given) and leaves the choice at 'auto' afterwards. */
export async function onBenchKernels<T>(measure: (kernels: KernelPath) => T | Promise<T>): Promise<T> {
  const forced = process.env.BENCH_KERNELS === 'javascript';
  useKernels(forced ? 'javascript' : 'auto');
  try {
    return await measure(kernelPath());
  } finally {
    useKernels('auto');
  }
}
