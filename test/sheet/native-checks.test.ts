/**
 * Native mode computes with plain formulas, and SUMPRODUCT reads text and blank cells as 0. So each block
 * people type into (R, G, B, the filters, the dense weights) carries a check in row 3, and while one fails the
 * logits, probabilities and loss show its message instead of a number. All computed by the real local formula
 * engine; once the cell is fixed, every sheet must equal a forward pass of src/core again.
 */
import { cloneParams, forward, smallSpec, tensor } from '../../src/core';
import type { ModelSpec, Tensor } from '../../src/core/types';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { buildModel, runForward } from '../../src/sheet/whole-model';
import { denseWeightsRange, filterCell, mapCell } from '../../src/sheet/layout';
import { CHANNEL_SHEETS, DENSE_SHEET, filtersSheet } from '../../src/sheet/sheet-names';
import { defaultTwin } from './call-count-fixture';
import { LABEL, buildOnEngine, expectSheetsMatchCore, readColumn, seededImage, seededParams } from './model-fixture';

const spec = smallSpec();
const OK = 'Check: OK';

/** Where the small model's checks are: row 3, one blank column right of each block (5 pixels wide, filters' biases in N, 3 classes). */
const CHECK_CELLS: Record<string, { row: number; col: number }> = {
  R: { row: 3, col: 8 },
  G: { row: 3, col: 8 },
  B: { row: 3, col: 8 },
  'Conv1 filters': { row: 3, col: 16 },
  'Dense weights': { row: 3, col: 6 },
};
/** The Logits sheet's gathering of every check (D3). */
const STATUS_CELL = { row: 3, col: 4 };

function valueAt(workbook: LocalWorkbook, sheet: string, at: { row: number; col: number }): unknown {
  return workbook.readValues(sheet, { ...at, rows: 1, cols: 1 })[0][0];
}

/** The failing block's check shows `message`, the others pass, and no result downstream is a number. */
function expectRefused(workbook: LocalWorkbook, failing: string, message: string): void {
  for (const [sheet, at] of Object.entries(CHECK_CELLS)) {
    expect({ sheet, check: valueAt(workbook, sheet, at) }).toEqual({ sheet, check: sheet === failing ? message : OK });
  }
  expect(valueAt(workbook, 'Logits', STATUS_CELL)).toBe(message);
  const column = (sheet: string, col: number): unknown[] =>
    workbook.readValues(sheet, { row: 4, col, rows: 3, cols: 1 }).map((row) => row[0]);
  expect(column('Logits', 2)).toEqual([message, message, message]);
  expect(column('Softmax', 2)).toEqual([message, message, message]);
  expect(column('Softmax', 4)).toEqual(['', '', '']);
  // Distance, cross-entropy, KL divergence and the predicted class.
  expect(workbook.readValues('Loss', { row: 4, col: 7, rows: 1, cols: 4 })[0]).toEqual([
    message,
    message,
    message,
    message,
  ]);
}

/** Every check passes and every sheet equals src/core's forward pass of these weights and this picture. */
function expectComputed(workbook: LocalWorkbook, params: ReturnType<typeof seededParams>, image: Tensor): void {
  for (const [sheet, at] of Object.entries(CHECK_CELLS))
    expect({ sheet, check: valueAt(workbook, sheet, at) }).toEqual({ sheet, check: OK });
  expect(valueAt(workbook, 'Logits', STATUS_CELL)).toBe(OK);
  expectSheetsMatchCore(workbook, spec, forward(spec, params, image), LABEL);
}

test('built as written, every check passes and the sheets equal src/core', () => {
  const { workbook, params, image } = buildOnEngine(spec, 'native');
  expectComputed(workbook, params, image);
});

test('text or a blank in a filter weight or bias: the filters check says what to type where, the results show it until fixed', () => {
  const { workbook, params, image } = buildOnEngine(spec, 'native');
  const before = readColumn(workbook, 'Softmax', 3).data;
  // Filter 2, channel B, kernel row 1, column 2 → K8.
  const weight = filterCell(3, 1, 2, 0, 1);
  workbook.writeCells(filtersSheet(0), weight.row, weight.col, [['0,4']]);
  const notNumbers = (n: number): string =>
    `Conv1 filters: weights and biases that are not numbers (text, blank or an error): ${n} of 56. ` +
    'Type a number in each cell of the 3×3 blocks in B4:L10 and of the biases in N4:N5.';
  expectRefused(workbook, 'Conv1 filters', notNumbers(1));
  // A cleared bias counts too.
  workbook.writeCells(filtersSheet(0), 5, 14, [['']]);
  expectRefused(workbook, 'Conv1 filters', notNumbers(2));

  workbook.writeCells(filtersSheet(0), 5, 14, [[params.conv[0].bias.data[1]]]);
  workbook.writeCells(filtersSheet(0), weight.row, weight.col, [[0.4]]);
  const edited = cloneParams(params);
  edited.conv[0].weights.data[((1 * 3 + 2) * 3 + 0) * 3 + 1] = 0.4;
  expectComputed(workbook, edited, image);
  // The fixed weight is used: the prediction moved from the one built.
  expect(
    Math.max(...Array.from(before, (p, k) => Math.abs(p - readColumn(workbook, 'Softmax', 3).data[k]))),
  ).toBeGreaterThan(1e-6);
});

test('text in a dense weight, then a number in the row between weights and biases', () => {
  const { workbook, params, image } = buildOnEngine(spec, 'native');
  const dense = denseWeightsRange(18, 3);
  // Flattened value 7's weight for class 2 → C10.
  workbook.writeCells(DENSE_SHEET, dense.row + 6, dense.col + 1, [['x']]);
  expectRefused(
    workbook,
    'Dense weights',
    'Dense weights: weights and biases that are not numbers (text, blank or an error): 1 of 57. ' +
      'Type a number in each cell of B4:D21 and of the biases in B23:D23.',
  );
  workbook.writeCells(DENSE_SHEET, dense.row + 6, dense.col + 1, [[-0.9]]);
  workbook.writeCells(DENSE_SHEET, 22, 3, [[0.3]]);
  expectRefused(
    workbook,
    'Dense weights',
    'Dense weights: a cell that must stay empty holds something (row 22, between the weights and the biases). Move it back into its block, or delete it.',
  );
  workbook.writeCells(DENSE_SHEET, 22, 3, [['']]);
  const edited = cloneParams(params);
  edited.dense.weights.data[6 * 3 + 1] = -0.9;
  expectComputed(workbook, edited, image);
});

test('a pixel that is text, blank, or outside 0–255', () => {
  const { workbook, params, image } = buildOnEngine(spec, 'native');
  // Green channel, row 3, column 4 → E6.
  const pixel = mapCell(1, 5, 5, 0, 2, 3);
  const notNumber =
    'G: pixels that are not numbers (text, blank or an error): 1 of 25. Type a number from 0 to 255 in each cell of B4:F8.';
  workbook.writeCells(CHANNEL_SHEETS[1], pixel.row, pixel.col, [['bright']]);
  expectRefused(workbook, 'G', notNumber);
  workbook.writeCells(CHANNEL_SHEETS[1], pixel.row, pixel.col, [['']]);
  expectRefused(workbook, 'G', notNumber);

  workbook.writeCells(CHANNEL_SHEETS[1], pixel.row, pixel.col, [[300]]);
  const green = Array.from(image.data.subarray(25, 50));
  green[2 * 5 + 3] = 300;
  expectRefused(
    workbook,
    'G',
    `G: a pixel in B4:F8 is outside 0–255 (smallest ${Math.min(...green)}, largest 300). Type values from 0 to 255.`,
  );

  workbook.writeCells(CHANNEL_SHEETS[1], pixel.row, pixel.col, [[201]]);
  const picture = tensor(image.shape, Float64Array.from(image.data));
  picture.data[25 + 2 * 5 + 3] = 201;
  expectComputed(workbook, params, picture);
});

test('a check cell someone emptied stops the results too, and says how to get it back', () => {
  const { workbook } = buildOnEngine(spec, 'native');
  workbook.writeCells(filtersSheet(0), 3, 16, [['']]);
  const message = 'Conv1 filters: its check in P3 is empty; run Build model to write it again.';
  expect(valueAt(workbook, 'Logits', STATUS_CELL)).toBe(message);
  expect(workbook.readValues('Softmax', { row: 4, col: 2, rows: 3, cols: 1 })).toEqual([
    [message],
    [message],
    [message],
  ]);
});

test('a weight moved into a gap of a second block is found, on a spec with several gap rows and columns', () => {
  const twin: ModelSpec = defaultTwin;
  const workbook = new LocalWorkbook();
  const params = seededParams(twin, 3);
  const image = seededImage(twin, 4);
  buildModel(workbook, twin, params, image, { mode: 'native', seed: 3, label: 0 });
  // Conv2: 6 filters × 4 channels of 2×2 → weights B4:L20, biases N4:N9, check P3.
  const check = (): unknown => valueAt(workbook, filtersSheet(1), { row: 3, col: 16 });
  const probabilities = (): Float64Array => readColumn(workbook, 'Softmax', 2).data;
  expect(check()).toBe(OK);
  const expected = forward(twin, params, image).probabilities.data;
  expect(Array.from(probabilities())).toEqual(Array.from(expected).map((p) => expect.closeTo(p, 9)));

  // Filter 4, channel 3, last weight moved one row down, into the gap row between filters 4 and 5.
  const from = filterCell(2, 3, 2, 1, 1);
  workbook.writeCells(filtersSheet(1), from.row, from.col, [['']]);
  workbook.writeCells(filtersSheet(1), from.row + 1, from.col, [
    [params.conv[1].weights.data[((3 * 4 + 2) * 2 + 1) * 2 + 1]],
  ]);
  const message =
    'Conv2 filters: a cell that must stay empty holds something (the blank rows and columns between the 2×2 blocks in B4:L20, column M, or below the biases). ' +
    'Move it back into its block, or delete it.';
  expect(check()).toBe(message);
  expect(workbook.readValues('Softmax', { row: 4, col: 2, rows: 2, cols: 1 })).toEqual([[message], [message]]);

  workbook.writeCells(filtersSheet(1), from.row, from.col, [
    [params.conv[1].weights.data[((3 * 4 + 2) * 2 + 1) * 2 + 1]],
  ]);
  workbook.writeCells(filtersSheet(1), from.row + 1, from.col, [['']]);
  expect(check()).toBe(OK);
  expect(Array.from(probabilities())).toEqual(Array.from(expected).map((p) => expect.closeTo(p, 9)));
});

test('hundreds of gap rows: the check splits COUNTA into calls of at most 255 ranges and still finds the last gap', () => {
  const wide: ModelSpec = {
    input: { channels: 3, height: 2, width: 2 },
    inputScale: 1 / 255,
    blocks: [{ filters: 300, kernel: 1, stride: 1, padding: 'valid', pool: null }],
    classes: ['a', 'b'],
  };
  const workbook = new LocalWorkbook();
  buildModel(workbook, wide, seededParams(wide, 1), seededImage(wide, 2), { mode: 'native', seed: 1, label: -1 });
  // 300 filters of 1×1 → weights B4:F602, biases H4:H303, check J3.
  const at = { row: 3, col: 10 };
  const formula = workbook.readFormulas(filtersSheet(0), { ...at, rows: 1, cols: 1 })[0][0];
  const calls = [...formula.matchAll(/COUNTA\(([^)]*)\)/g)].map((m) => m[1].split(',').length);
  expect(calls.length).toBeGreaterThan(1);
  expect(Math.max(...calls)).toBeLessThanOrEqual(255);
  expect(valueAt(workbook, filtersSheet(0), at)).toBe(OK);
  // The gap row between filters 299 and 300.
  workbook.writeCells(filtersSheet(0), 4 + 2 * 299 - 1, 4, [[1]]);
  expect(valueAt(workbook, filtersSheet(0), at)).toMatch(/^Conv1 filters: a cell that must stay empty holds something/);
});

describe.each(['custom', 'values'] as const)('%s mode', (mode) => {
  test('the blocks carry the same checks; text in a weight shows there, and Run forward pass names the cell', () => {
    const { workbook } = buildOnEngine(spec, mode);
    for (const [sheet, at] of Object.entries(CHECK_CELLS))
      expect({ sheet, check: valueAt(workbook, sheet, at) }).toEqual({ sheet, check: OK });
    const before = workbook.readValues('Softmax', { row: 4, col: 2, rows: 3, cols: 1 });
    workbook.writeCells(DENSE_SHEET, 10, 3, [['x']]);
    expect(valueAt(workbook, DENSE_SHEET, CHECK_CELLS[DENSE_SHEET])).toMatch(
      /^Dense weights: weights and biases that are not numbers .*: 1 of 57\./,
    );
    expect(() => runForward(workbook)).toThrow(
      'Sheet "Dense weights" cell C10 (weight of flattened value 7 for class 2) holds text "x"; type a number there.',
    );
    if (mode === 'values') {
      // The refused pass wrote nothing: the sheets still hold the numbers of the weights as built.
      expect(workbook.readValues('Softmax', { row: 4, col: 2, rows: 3, cols: 1 })).toEqual(before);
    } else {
      // DENSE refuses the text itself, so the probabilities are an error, not a number.
      expect(
        workbook
          .readValues('Softmax', { row: 4, col: 2, rows: 3, cols: 1 })
          .flat()
          .every((v) => typeof v === 'string' && v.startsWith('#')),
      ).toBe(true);
    }
  });
});
