import { conv2d, dense, flatten, relu, softmax, tensor, crossEntropy } from '../../src/core';
import { registerCustomFunctions } from '../../src/local/engine/function-plugin';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { a1Range } from '../../src/sheet/a1-notation';
import {
  columnRange,
  denseBiasRange,
  denseToGrid,
  denseWeightsRange,
  filterBiasRange,
  filterCell,
  filtersRange,
  filtersToGrid,
  mapGridSize,
  mapRange,
  tensorToGrid,
  vectorToColumn,
  vectorToRow,
} from '../../src/sheet/layout';
import type { CellRange } from '../../src/sheet/workbook';
import { articleExample, randomTensor } from '../functions/fixtures';
import { expectClose } from '../helpers/close';

/** Writes the article example on Input / Filters sheets and a CONV2D formula on a Conv sheet. */
function buildArticleSheets() {
  const { input, weights, biases } = articleExample();
  const wb = new LocalWorkbook();
  for (const name of ['Input', 'Filters', 'Step 2 · Conv']) wb.ensureSheet(name);
  const inputRange = mapRange(3, 5, 5);
  const weightRange = filtersRange(2, 3, 3);
  const biasRange = filterBiasRange(2, 3, 3);
  wb.writeCells('Input', inputRange.row, inputRange.col, tensorToGrid(input));
  wb.writeCells('Filters', weightRange.row, weightRange.col, filtersToGrid(weights));
  wb.writeCells('Filters', biasRange.row, biasRange.col, vectorToColumn(biases));
  const formula = `=CONV2D(${a1Range('Input', inputRange)}, ${a1Range('Filters', weightRange)}, ${a1Range('Filters', biasRange)}, 2, 1)`;
  wb.writeCells('Step 2 · Conv', 4, 2, [[formula]]);
  const outRange: CellRange = { ...mapRange(2, 3, 3) };
  return { wb, input, weights, biases, outRange, formula };
}

describe('custom functions in the local formula engine', () => {
  it('spills CONV2D of the article example and recomputes when a weight cell changes', () => {
    const { wb, input, weights, biases, outRange, formula } = buildArticleSheets();
    expect(formula).toBe('=CONV2D(Input!B4:L14, Filters!B4:L10, Filters!N4:N5, 2, 1)');
    expect(wb.readValues('Step 2 · Conv', outRange)).toEqual([
      [16, 33, 28, '', 3, 5, 7],
      [69, 117, 87, '', 15, 17, 19],
      [76, 123, 88, '', 27, 29, 31],
    ]);
    // Nothing spills past the result, and only the top-left cell holds the formula (as in Google Sheets).
    expect(wb.usedSize('Step 2 · Conv')).toEqual({ rows: 6, cols: 8 });
    expect(wb.readFormulas('Step 2 · Conv', { row: 4, col: 2, rows: 2, cols: 2 })).toEqual([
      [formula, ''],
      ['', ''],
    ]);

    // Filter 1, channel 0, centre weight: 1 → 2. Filter 1 then adds channel 0 once more at every window centre.
    const cell = filterCell(3, 1, 0, 1, 1);
    wb.writeCells('Filters', cell.row, cell.col, [[2]]);
    const edited = tensor(weights.shape, Float64Array.from(weights.data));
    edited.data[27 + 4] = 2;
    expect(wb.readValues('Step 2 · Conv', outRange)).toEqual(tensorToGrid(conv2d(input, edited, biases, 2, 1)));
    expect(wb.readValues('Step 2 · Conv', { row: 4, col: 6, rows: 1, cols: 3 })).toEqual([[3 + 1, 5 + 3, 7 + 5]]);

    // A bias edit flows through too.
    const bias = filterBiasRange(2, 3, 3);
    wb.writeCells('Filters', bias.row, bias.col, [[-10]]);
    expect(wb.readValues('Step 2 · Conv', { row: 4, col: 2, rows: 1, cols: 1 })).toEqual([[6]]);
  });

  it('shows a thrown message as a #ERROR! cell whose message the workbook reads', () => {
    const { wb } = buildArticleSheets();
    wb.writeCells('Step 2 · Conv', 20, 2, [
      [
        '=CONV2D(Input!B4:L14, Filters!B4:L10, Filters!N4:N5, 0)',
        '=CONV2D(Input!B4:L14, Filters!B4:L9, Filters!N4:N5, 1, "full")',
      ],
    ]);
    expect(wb.readValues('Step 2 · Conv', { row: 20, col: 2, rows: 1, cols: 2 })).toEqual([['#ERROR!', '#ERROR!']]);
    expect(wb.readErrorMessages('Step 2 · Conv', { row: 20, col: 2, rows: 1, cols: 2 })).toEqual([
      [
        'CONV2D: stride is 0; expected a whole number ≥ 1 (cells the filter moves per step)',
        expect.stringContaining('CONV2D: filters has 6 rows; expected 2 rows of k×k blocks'),
      ],
    ]);
    // Text typed into a map cell: the spilled result turns into the error, and back once fixed.
    wb.writeCells('Input', 5, 3, [['abc']]);
    expect(wb.readErrorMessages('Step 2 · Conv', { row: 4, col: 2, rows: 1, cols: 1 })).toEqual([
      ['CONV2D: input cell (row 2, col 2) is text "abc"; every map cell must be a number'],
    ]);
    // A formula reading the errored spilled result gets the same error.
    wb.ensureSheet('ReLU');
    wb.writeCells('ReLU', 4, 2, [["=RELU('Step 2 · Conv'!B4:H6)"]]);
    expect(wb.readValues('ReLU', { row: 4, col: 2, rows: 1, cols: 1 })).toEqual([['#ERROR!']]);
    expect(wb.readErrorMessages('ReLU', { row: 4, col: 2, rows: 1, cols: 1 })[0][0]).toContain(
      'CONV2D: input cell (row 2, col 2) is text "abc"',
    );
    wb.writeCells('Input', 5, 3, [[7]]);
    expect(wb.readValues('Step 2 · Conv', { row: 4, col: 2, rows: 1, cols: 1 })).toEqual([[16]]);
    expect(wb.readValues('ReLU', { row: 4, col: 2, rows: 1, cols: 7 })).toEqual([[16, 33, 28, '', 3, 5, 7]]);
  });

  it('passes arguments as Google Sheets does: one cell as a scalar, blanks as blank, errors propagate', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    wb.writeCells('S', 1, 1, [
      [-2, null, 3],
      [0.5, -1, '=1/0'],
    ]);
    wb.writeCells('S', 4, 1, [['=RELU(A1)', '=RELU(A1:B2)']]);
    wb.writeCells('S', 7, 1, [['=RELU(A1:C2)'], [null], [null], ['=RELU(A1:B1, 2)']]);
    expect(wb.readValues('S', { row: 4, col: 1, rows: 2, cols: 3 })).toEqual([
      [0, 0, ''],
      ['', 0.5, 0],
    ]);
    expect(wb.readValues('S', { row: 7, col: 1, rows: 1, cols: 1 })).toEqual([['#DIV/0!']]);
    expect(wb.readValues('S', { row: 10, col: 1, rows: 1, cols: 1 })).toEqual([['#N/A']]);
    expect(wb.readErrorMessages('S', { row: 10, col: 1, rows: 1, cols: 1 })).toEqual([
      ['RELU: got 2 arguments; expected 1'],
    ]);
  });

  it('computes the small network through spilled ranges and nested calls, equal to the engine', () => {
    const image = randomTensor([3, 5, 5], 11, 1);
    const convW = randomTensor([2, 3, 3, 3], 12, 0.5);
    const convB = randomTensor([2], 13, 0.1);
    const conv = conv2d(image, convW, convB, 2, 1);
    const flat = flatten(relu(conv));
    const denseW = randomTensor([flat.data.length, 3], 14, 0.5);
    const denseB = randomTensor([3], 15, 0.1);
    const probs = softmax(dense(flat, denseW, denseB));

    const wb = new LocalWorkbook();
    for (const name of ['Input', 'Filters', 'Dense', 'Conv', 'ReLU', 'Flatten', 'Softmax']) wb.ensureSheet(name);
    wb.batch(() => {
      wb.writeCells('Input', 4, 2, tensorToGrid(image));
      wb.writeCells('Filters', 4, 2, filtersToGrid(convW));
      const fb = filterBiasRange(2, 3, 3);
      wb.writeCells('Filters', fb.row, fb.col, vectorToColumn(convB));
      const dw = denseWeightsRange(18, 3);
      const db = denseBiasRange(18, 3);
      wb.writeCells('Dense', dw.row, dw.col, denseToGrid(denseW));
      wb.writeCells('Dense', db.row, db.col, vectorToRow(denseB));
      wb.writeCells('Dense', 1, 1, [[2, 'Elon Musk', 'Jeff Bezos', 'Jon Snow']]); // channels cell, class names
      const convRange = mapRange(2, 3, 3);
      wb.writeCells('Conv', 4, 2, [
        [
          `=CONV2D(Input!${a1Range(null, mapRange(3, 5, 5))}, Filters!${a1Range(null, filtersRange(2, 3, 3))}, Filters!${a1Range(null, fb)}, 2, 1)`,
        ],
      ]);
      wb.writeCells('ReLU', 4, 2, [[`=RELU(Conv!${a1Range(null, convRange)})`]]);
      // The channel count comes from a cell, read when the formula is entered.
      wb.writeCells('Flatten', 4, 2, [[`=FLATTENMAPS(ReLU!${a1Range(null, convRange)}, Dense!A1)`]]);
      wb.writeCells('Softmax', 4, 2, [
        [
          `=SOFTMAX(DENSE(Flatten!${a1Range(null, columnRange(18))}, Dense!${a1Range(null, dw)}, Dense!${a1Range(null, db)}))`,
        ],
      ]);
      wb.writeCells('Softmax', 8, 2, [
        [
          '=CROSSENTROPY(B4:B6, "Jon Snow", TRANSPOSE(Dense!B1:D1))',
          '=KLDIV({0;0;1}, B4:B6)',
          '=PREDICT(B4:B6, Dense!B1:D1)',
        ],
      ]);
    });
    expectClose(wb.readValues('Conv', mapRange(2, 3, 3)), tensorToGrid(conv), 1e-12);
    expectClose(wb.readValues('Flatten', columnRange(18)), vectorToColumn(flat), 1e-12);
    expectClose(wb.readValues('Softmax', columnRange(3)), vectorToColumn(probs), 1e-12);
    const [ce, kl, predicted] = wb.readValues('Softmax', { row: 8, col: 2, rows: 1, cols: 3 })[0];
    expect(Math.abs((ce as number) - crossEntropy(probs, 2))).toBeLessThanOrEqual(1e-12);
    expect(Math.abs((kl as number) - crossEntropy(probs, 2))).toBeLessThanOrEqual(1e-12);
    const best = probs.data.indexOf(Math.max(...probs.data));
    expect(predicted).toBe(['Elon Musk', 'Jeff Bezos', 'Jon Snow'][best]);
    expect(mapGridSize(2, 3, 3)).toEqual({ rows: 3, cols: 7 });
  });

  it('explains a result whose size changed after the formula was entered', () => {
    const wb = new LocalWorkbook();
    wb.ensureSheet('S');
    wb.writeCells('S', 1, 1, [
      [1, 2, '', 5, 6],
      [3, 4, '', 7, 8],
      [2, null, null, null, null],
    ]);
    wb.writeCells('S', 5, 1, [['=FLATTENMAPS(A1:E2, A3)']]);
    expect(wb.readValues('S', { row: 5, col: 1, rows: 8, cols: 1 })).toEqual([[1], [2], [3], [4], [5], [6], [7], [8]]);
    // As one map of 2×5 the grid would flatten to 10 cells (and fail on the blank gap); the 8 reserved cells
    // cannot hold a different size, so the message says to enter the formula again.
    wb.writeCells('S', 3, 1, [[1]]);
    expect(wb.readErrorMessages('S', { row: 5, col: 1, rows: 1, cols: 1 })[0][0]).toBe(
      'FLATTENMAPS: input cell (row 1, col 3) is blank; every map cell must be a number',
    );
    wb.writeCells('S', 1, 3, [[0], [0]]);
    expect(wb.readErrorMessages('S', { row: 5, col: 1, rows: 1, cols: 1 })[0][0]).toBe(
      'FLATTENMAPS: the result is now 10×1 but 8×1 cells were reserved when the formula was entered; an argument that sets the size changed, so enter the formula again',
    );
    wb.writeCells('S', 5, 1, [['=FLATTENMAPS(A1:E2, A3)']]);
    expect(wb.readValues('S', { row: 5, col: 1, rows: 10, cols: 1 })).toEqual([
      [1],
      [2],
      [0],
      [5],
      [6],
      [3],
      [4],
      [0],
      [7],
      [8],
    ]);
  });

  it('registers once, for every workbook', () => {
    registerCustomFunctions();
    registerCustomFunctions();
    const a = new LocalWorkbook();
    const b = new LocalWorkbook();
    for (const wb of [a, b]) {
      wb.ensureSheet('S');
      wb.writeCells('S', 1, 1, [['=SOFTMAX({0;0})']]);
      expect(wb.readValues('S', { row: 1, col: 1, rows: 2, cols: 1 })).toEqual([[0.5], [0.5]]);
    }
  });
});
