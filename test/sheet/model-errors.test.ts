/**
 * What people can do to a model workbook by hand — text in a weight cell, a deleted sheet, a block moved or
 * of the wrong size, a bad pixel, a bad Model sheet — must give a message that names the place and the fix.
 */
import { filtersToGrid, filterCell, denseWeightsRange, mapCell } from '../../src/sheet/layout';
import { forward, lossReadings, smallSpec, tensor } from '../../src/core';
import { readModel, runForward, buildModel } from '../../src/sheet/whole-model';
import { writeParams } from '../../src/sheet/weight-sheets';
import { writeLabel } from '../../src/sheet/model-sheet';
import { DENSE_SHEET, MODEL_SHEET, filtersSheet } from '../../src/sheet/sheet-names';
import { buildOnEngine, seededImage, seededParams } from './model-fixture';

const spec = smallSpec();

test('text in a filter weight cell names the sheet, the A1 cell and says to type a number', () => {
  const { workbook } = buildOnEngine(spec, 'custom');
  const cell = filterCell(3, 1, 0, 1, 2); // filter 2, channel R, row 2, column 3 → D9
  workbook.writeCells(filtersSheet(0), cell.row, cell.col, [['0,5']]);
  expect(() => readModel(workbook)).toThrow(
    'Sheet "Conv1 filters" cell D9 (filter 2, channel R, weight row 2 col 3) holds text "0,5"; type a number there.',
  );
});

test('text in a dense weight cell and a blank bias are reported the same way', () => {
  const { workbook } = buildOnEngine(spec, 'native');
  const dense = denseWeightsRange(18, 3);
  workbook.writeCells(DENSE_SHEET, dense.row + 17, dense.col + 1, [[true]]);
  expect(() => readModel(workbook)).toThrow(
    'Sheet "Dense weights" cell C21 (weight of flattened value 18 for class 2) holds the logical value TRUE; type a number there.',
  );
  workbook.writeCells(DENSE_SHEET, dense.row + 17, dense.col + 1, [[0.5]]);
  workbook.writeCells(DENSE_SHEET, 23, 4, [['']]);
  expect(() => readModel(workbook)).toThrow(
    'Sheet "Dense weights" cell D23 (bias of class 3) is blank, but the model expects a number there ' +
      '(18 × 3 weights (one column per class) in B4:D21, biases in B23:D23); type a number, or run Build model to rebuild the sheets.',
  );
});

test('a formula error in a weight cell is named as an error', () => {
  const { workbook } = buildOnEngine(spec, 'values');
  workbook.writeCells(filtersSheet(0), 4, 14, [['=1/0']]);
  expect(() => readModel(workbook)).toThrow(
    'Sheet "Conv1 filters" cell N4 (bias of filter 1) holds the error #DIV/0!; type a number there.',
  );
});

test('a deleted sheet says which one and to run Build model', () => {
  const { workbook } = buildOnEngine(spec, 'values');
  workbook.deleteSheet(DENSE_SHEET);
  expect(() => readModel(workbook)).toThrow(
    'The sheet "Dense weights" is missing; run Build model to create the model sheets again.',
  );
  workbook.deleteSheet(MODEL_SHEET);
  expect(() => readModel(workbook)).toThrow(
    'The sheet "Model" is missing; run Build model to create the model sheets again.',
  );
});

test('runForward names a missing step sheet too', () => {
  const { workbook } = buildOnEngine(spec, 'values');
  workbook.deleteSheet('ReLU1');
  expect(() => runForward(workbook)).toThrow('The sheet "ReLU1" is missing; run Build model');
});

test('filters of the wrong shape (2×2 kernels where the spec says 3×3) are reported as a shape problem', () => {
  const { workbook } = buildOnEngine(spec, 'custom');
  workbook.clearSheet(filtersSheet(0));
  const small = tensor(
    [2, 3, 2, 2],
    Array.from({ length: 24 }, (_, i) => i / 10 + 0.1),
  );
  workbook.writeCells(filtersSheet(0), 4, 2, filtersToGrid(small));
  // In the 2×2 layout E4 holds filter 1, channel G, first weight (index 4 → 0.5); in the 3×3 layout it is a gap.
  expect(() => readModel(workbook)).toThrow(
    'Sheet "Conv1 filters" has 0.5 in E4, where the model expects a blank cell (2 filters × 3 channels of 3×3 weights in B4:L10, biases in N4:N5); ' +
      'the block has the wrong shape for the spec on the Model sheet. Move the numbers back into that layout, or run Build model to rebuild the sheets.',
  );
});

test('a dense block with a column too many (a class added by hand) is a shape problem', () => {
  const { workbook } = buildOnEngine(spec, 'native');
  workbook.writeCells(
    DENSE_SHEET,
    4,
    5,
    Array.from({ length: 18 }, () => [0.1]),
  );
  expect(() => readModel(workbook)).toThrow(
    /^Sheet "Dense weights" has 0.1 in E4, where the model expects a blank cell \(18 × 3 weights/,
  );
});

test('a pixel outside 0–255 or not a number stops the forward pass with the cell named', () => {
  const { workbook } = buildOnEngine(spec, 'values');
  const pixel = mapCell(1, 5, 5, 0, 2, 3);
  workbook.writeCells('G', pixel.row, pixel.col, [[300]]);
  expect(() => runForward(workbook)).toThrow(
    'Sheet "G" cell E6 (pixel row 3, column 4) holds 300; input pixels are 0–255; type a value in that range.',
  );
  workbook.writeCells('G', pixel.row, pixel.col, [['bright']]);
  expect(() => runForward(workbook)).toThrow(
    'Sheet "G" cell E6 (pixel row 3, column 4) holds text "bright"; type a number there.',
  );
});

test('a bad Model sheet: unknown mode, label that is not a class, broken spec', () => {
  const { workbook } = buildOnEngine(spec, 'values');
  workbook.writeCells(MODEL_SHEET, 5, 2, [['formulas']]);
  expect(() => readModel(workbook)).toThrow(
    'Model!B5 holds "formulas", which is not a formula mode; type custom, native or values',
  );
  workbook.writeCells(MODEL_SHEET, 5, 2, [['Native']]);
  expect(readModel(workbook).mode).toBe('native');

  workbook.writeCells(MODEL_SHEET, 4, 2, [['Jon']]);
  expect(() => readModel(workbook)).toThrow(
    'Model!B4 holds "Jon", which is not one of the classes (Elon Musk, Jeff Bezos, Jon Snow); type one of them exactly',
  );
  workbook.writeCells(MODEL_SHEET, 4, 2, [['jon snow']]);
  expect(readModel(workbook).label).toBe(2);

  workbook.writeCells(MODEL_SHEET, 7, 2, [['{"input": 5']]);
  expect(() => readModel(workbook)).toThrow(
    'Model!B7 does not hold a model spec in JSON; run Build model to write the spec again',
  );
  workbook.writeCells(MODEL_SHEET, 7, 2, [
    [JSON.stringify({ ...spec, classes: undefined, blocks: [{ ...spec.blocks[0], stride: 0 }] })],
  ]);
  expect(() => readModel(workbook)).toThrow(
    /^Model!B7 holds a spec that does not work: model spec block 1: stride is 0; expected a whole number ≥ 1; run Build model/,
  );
});

test('no label: the Loss sheet says so in the formula modes, and the label can be set afterwards', () => {
  for (const mode of ['custom', 'native'] as const) {
    const { workbook } = buildOnEngine(spec, mode, -1);
    expect(workbook.readValues('Loss', { row: 4, col: 7, rows: 1, cols: 3 })).toEqual([
      ['no label', 'no label', 'no label'],
    ]);
    expect(runForward(workbook).prediction.loss).toBeUndefined();
    writeLabel(workbook, spec.classes, 0);
    const readings = workbook.readValues('Loss', { row: 4, col: 7, rows: 1, cols: 3 })[0];
    expect(readings.every((v) => typeof v === 'number' && v > 0)).toBe(true);
    expect(readings[1]).toBeCloseTo(runForward(workbook).prediction.loss?.crossEntropy ?? NaN, 9);
  }
});

test('a label typed with other case and spaces around it scores that class on the Loss sheet, as reading the model does', () => {
  for (const mode of ['custom', 'native'] as const) {
    const { workbook, params, image } = buildOnEngine(spec, mode, -1);
    workbook.writeCells(MODEL_SHEET, 4, 2, [['  jeff BEZOS ']]);
    expect(workbook.readValues('Loss', { row: 4, col: 3, rows: 3, cols: 1 })).toEqual([[0], [1], [0]]);
    const expected = lossReadings(forward(spec, params, image).probabilities, 1).crossEntropy;
    expect(workbook.readValues('Loss', { row: 4, col: 8, rows: 1, cols: 1 })[0][0]).toBeCloseTo(expected, 9);
    expect(runForward(workbook).prediction.loss?.crossEntropy).toBeCloseTo(expected, 9);
  }
});

test('build and write refuse mismatched inputs before touching the workbook', () => {
  const { workbook } = buildOnEngine(spec, 'values');
  const params = seededParams(spec, 1);
  const wrongImage = tensor([3, 6, 5]);
  expect(() => buildModel(workbook, spec, params, wrongImage, { mode: 'custom', seed: 1, label: 0 })).toThrow(
    'buildModel: image has shape [3, 6, 5]; expected [3, 5, 5]',
  );
  expect(() => buildModel(workbook, spec, params, seededImage(spec, 1), { mode: 'custom', seed: 1, label: 3 })).toThrow(
    'buildModel: label 3 is not a class; give -1 for no label or 0 to 2',
  );
  const otherSpec = { ...spec, classes: ['a', 'b'] };
  expect(() => writeParams(workbook, otherSpec, params)).toThrow(
    'writeParams: dense.weights has shape [18, 3]; expected [18, 2]',
  );
});

test('a huge weight that rounds the true class probability to 0: values mode and Run forward pass give the finite loss', () => {
  const { workbook } = buildOnEngine(spec, 'values');
  // Dense weights all 0 and biases 1000, 0.5, −0.25: the logits are the biases, p = (1, 0, 0) in doubles, and
  // −ln p(Jon Snow) = 1000.25 (see test/core/loss.test.ts), as is the KL divergence to the one-hot target.
  workbook.writeCells(DENSE_SHEET, 4, 2, [
    ...Array.from({ length: 18 }, () => [0, 0, 0]),
    ['', '', ''],
    [1000, 0.5, -0.25],
  ]);
  const result = runForward(workbook);
  expect(result.prediction.loss).toEqual({ crossEntropy: 1000.25, distance: Math.SQRT2, klDivergence: 1000.25 });
  expect(workbook.readValues('Loss', { row: 4, col: 7, rows: 1, cols: 4 })).toEqual([
    [Math.SQRT2, 1000.25, 1000.25, 'Elon Musk'],
  ]);
  // The label's KL term t·ln(t ÷ p) is that same finite number.
  expect(workbook.readValues('Loss', { row: 4, col: 5, rows: 3, cols: 1 })).toEqual([[0], [0], [1000.25]]);
});
