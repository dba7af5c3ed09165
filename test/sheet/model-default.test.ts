/**
 * The default network (28×28×3 → conv16 → pool → conv64 → pool → 3136 → dense → 3 classes) in custom and
 * values mode on the real local formula engine. Native mode has its own file: it is the slow one.
 */
import { cloneParams, defaultSpec, forward, tensor } from '../../src/core';
import type { FormulaMode } from '../../src/shared/api';
import { denseWeightsRange, filterCell, mapCell } from '../../src/sheet/layout';
import { readModel, runForward } from '../../src/sheet/whole-model';
import { CHANNEL_SHEETS, DENSE_SHEET, filtersSheet } from '../../src/sheet/sheet-names';
import { LABEL, buildOnEngine, expectSheetsMatchCore, readColumn } from './model-fixture';
import { expectClose } from '../helpers/close';
import { recordMeasurement } from '../helpers/measurements';

const spec = defaultSpec();

describe.each(['custom', 'values'] as FormulaMode[])('default model, %s mode', (mode) => {
  test('every step sheet and the three losses equal src/core; readModel gives the weights back', () => {
    const built = buildOnEngine(spec, mode);
    recordMeasurement(`default model, ${mode} mode: build ${built.buildMs} ms`);
    expectSheetsMatchCore(built.workbook, spec, forward(spec, built.params, built.image), LABEL);
    expect(readModel(built.workbook).params).toEqual(built.params);
  });
});

test('default model, custom mode: edits to a conv2 weight, a dense weight and a pixel recompute', () => {
  const { workbook, params, image } = buildOnEngine(spec, 'custom');
  const edited = cloneParams(params);
  const picture = tensor(image.shape, Float64Array.from(image.data));

  // Block 2, filter 40, input channel 9 (Pool1 map 9), kernel row 2, column 3.
  const cell = filterCell(3, 39, 8, 1, 2);
  workbook.writeCells(filtersSheet(1), cell.row, cell.col, [[1.5]]);
  edited.conv[1].weights.data[((39 * 16 + 8) * 3 + 1) * 3 + 2] = 1.5;
  const dense = denseWeightsRange(3136, 3);
  workbook.writeCells(DENSE_SHEET, dense.row + 1000, dense.col, [[0.9]]);
  edited.dense.weights.data[1000 * 3] = 0.9;
  const pixel = mapCell(1, 28, 28, 0, 14, 20);
  workbook.writeCells(CHANNEL_SHEETS[0], pixel.row, pixel.col, [[255]]);
  picture.data[14 * 28 + 20] = 255;

  const acts = forward(spec, edited, picture);
  expectClose(readColumn(workbook, 'Softmax', 3).data, acts.probabilities.data, 1e-9, 'probabilities after edits');
  expectSheetsMatchCore(workbook, spec, acts, LABEL);
  expect(readModel(workbook).params).toEqual(edited);
  expectClose(runForward(workbook).prediction.probabilities, acts.probabilities.data, 1e-9, 'runForward');
});
