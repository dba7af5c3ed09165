/** Jest projects 'unit' and 'integration': Node runs WebAssembly SIMD, so the kernels must be on it, never silently off. */
import { kernelPath } from '../../src/core/simd/kernels';

beforeAll(() => {
  expect(kernelPath()).toBe('wasm-simd');
});
