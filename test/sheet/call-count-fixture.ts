/**
 * Counting the Workbook calls of a build and a forward pass, and specs that share the structure of the small
 * and default networks but not their sizes (input, filters, kernel, stride, padding, pool, classes).
 */
import type { ModelSpec } from '../../src/core/types';
import type { FormulaMode } from '../../src/shared/api';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { CountingWorkbook } from '../../src/sheet/counting-workbook';
import { buildModel, runForward } from '../../src/sheet/whole-model';
import { seededImage, seededParams } from './model-fixture';

export const smallTwin: ModelSpec = {
  input: { channels: 3, height: 9, width: 7 },
  inputScale: 1 / 255,
  blocks: [{ filters: 5, kernel: 5, stride: 1, padding: 'same', pool: null }],
  classes: ['cat', 'dog', 'bird', 'fish', 'horse'],
};
export const defaultTwin: ModelSpec = {
  input: { channels: 3, height: 12, width: 10 },
  inputScale: 1 / 128,
  blocks: [
    { filters: 4, kernel: 3, stride: 1, padding: 'valid', pool: { size: 2, stride: 2 } },
    { filters: 6, kernel: 2, stride: 1, padding: 'same', pool: { size: 2, stride: 1 } },
  ],
  classes: ['left', 'right'],
};

export interface Counts {
  readonly build: CountingWorkbook;
  readonly forward: CountingWorkbook;
}

/** Counts the build and the forward pass of a model on the local engine. */
export function countCalls(spec: ModelSpec, mode: FormulaMode): Counts {
  const engine = new LocalWorkbook();
  const build = new CountingWorkbook(engine);
  buildModel(build, spec, seededParams(spec, 5), seededImage(spec, 6), { mode, seed: 5, label: 1 });
  const forward = new CountingWorkbook(engine);
  runForward(forward);
  return { build, forward };
}
