/**
 * Row 2 of every step sheet says how many values go in and come out: the article's bookkeeping for its worked
 * example (5×5×3 = 75 in; 2 filters 3×3 valid → 18; "same" padding → 50; 3 filters → 75), and for the
 * default network a chain in which each step takes in what the one before gave out, counted from the
 * tensors src/core computes.
 */
import { defaultSpec, forward } from '../../src/core';
import type { ModelSpec } from '../../src/core/types';
import { modelSheetNames } from '../../src/sheet/sheet-names';
import { buildOnEngine } from './model-fixture';

function rowTwo(spec: ModelSpec, sheet: string): string {
  const { workbook } = buildOnEngine(spec, 'values');
  return String(workbook.readValues(sheet, { row: 2, col: 1, rows: 1, cols: 1 })[0][0]);
}

function article(filters: number, padding: 'valid' | 'same'): ModelSpec {
  return {
    input: { channels: 3, height: 5, width: 5 },
    inputScale: 1 / 255,
    blocks: [{ filters, kernel: 3, stride: 1, padding, pool: null }],
    classes: ['a', 'b', 'c'],
  };
}

test.each([
  [2, 'valid', 'Values: 75 in → 18 out (57 fewer clues: information lost (24% kept)).'],
  [2, 'same', 'Values: 75 in → 50 out (25 fewer clues: information lost (67% kept)).'],
  [3, 'same', 'Values: 75 in → 75 out (as many clues: information kept).'],
  [4, 'same', 'Values: 75 in → 100 out (25 more values: the clues spread over more maps (133%)).'],
] as const)('the worked example: %i filters, %s padding', (filters, padding, text) => {
  expect(rowTwo(article(filters, padding), 'Conv1').endsWith(text)).toBe(true);
});

test('the default network: every step sheet counts its values, each taking in what the step before gave out', () => {
  const spec = defaultSpec();
  const { workbook, params, image } = buildOnEngine(spec, 'values');
  const acts = forward(spec, params, image);
  const sizes: Record<string, number> = {
    Input: acts.input.data.length,
    Conv1: acts.blocks[0].conv.data.length,
    ReLU1: acts.blocks[0].relu.data.length,
    Pool1: acts.blocks[0].pool.data.length,
    Conv2: acts.blocks[1].conv.data.length,
    ReLU2: acts.blocks[1].relu.data.length,
    Pool2: acts.blocks[1].pool.data.length,
    Flatten: acts.flat.data.length,
    Logits: acts.logits.data.length,
    Softmax: acts.probabilities.data.length,
    Loss: 1,
  };
  const steps = modelSheetNames(spec).filter((name) => name in sizes);
  expect(steps).toEqual(Object.keys(sizes));
  let previous = image.data.length;
  for (const sheet of steps) {
    const text = String(workbook.readValues(sheet, { row: 2, col: 1, rows: 1, cols: 1 })[0][0]);
    const match = /Values: ([\d,]+) in → ([\d,]+) out/.exec(text);
    expect({ sheet, counts: match?.slice(1, 3).map((n) => Number(n.replace(/,/g, ''))) }).toEqual({
      sheet,
      counts: [previous, sizes[sheet]],
    });
    previous = sizes[sheet];
  }
  expect(String(workbook.readValues('Pool1', { row: 2, col: 1, rows: 1, cols: 1 })[0][0])).toContain(
    'Values: 12,544 in → 3,136 out (9,408 fewer clues: information lost (25% kept)).',
  );
});
