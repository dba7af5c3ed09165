/** Jest project 'unit-javascript': the same maths tests with the JavaScript kernels forced. */
import { kernelPath, useKernels } from '../../src/core/simd/kernels';

beforeAll(() => {
  useKernels('javascript');
  expect(kernelPath()).toBe('javascript');
});
