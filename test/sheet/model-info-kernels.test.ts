/**
 * The model information the sidebar receives names the kernels the server trains on, which the Build panel's
 * training estimate is for: WebAssembly SIMD under Node, the JavaScript loops where they are forced (as on a
 * host without WebAssembly SIMD).
 */
import { useKernels } from '../../src/core';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { readModelInfo } from '../../src/sheet/model-sheet';

afterEach(() => useKernels('auto'));

test('trainingKernels follows the path the engine runs', () => {
  const workbook = new LocalWorkbook();
  expect(readModelInfo(workbook).trainingKernels).toBe('wasm-simd');
  useKernels('javascript');
  expect(readModelInfo(workbook).trainingKernels).toBe('javascript');
});
