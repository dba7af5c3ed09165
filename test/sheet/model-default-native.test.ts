/**
 * The default network in native mode: about 62,000 plain formulas (SUMPRODUCT over clipped windows, MAX,
 * EXP, LN) computed by the real local formula engine. One build serves every check, because building is
 * the slow part.
 */
import { cloneParams, defaultSpec, forward, tensor } from '../../src/core';
import { denseWeightsRange, filterCell, mapCell } from '../../src/sheet/layout';
import { readModel, runForward } from '../../src/sheet/whole-model';
import { CountingWorkbook } from '../../src/sheet/counting-workbook';
import { countCalls, defaultTwin } from './call-count-fixture';
import { CHANNEL_SHEETS, DENSE_SHEET, filtersSheet } from '../../src/sheet/sheet-names';
import { LABEL, buildOnEngine, expectSheetsMatchCore, readColumn } from './model-fixture';
import { expectClose } from '../helpers/close';
import { recordMeasurement } from '../helpers/measurements';

const spec = defaultSpec();

test('default model, native mode: every sheet equals src/core, and edits recompute', () => {
  const { workbook, params, image, buildMs, buildCalls } = buildOnEngine(spec, 'native');
  // The same Workbook calls as a smaller network of the same structure (see call-counts.test.ts).
  const twin = countCalls(defaultTwin, 'native');
  expect(buildCalls.counts()).toEqual(twin.build.counts());
  expect(buildCalls.countsBySheet()).toEqual(twin.build.countsBySheet());
  const forwardCalls = new CountingWorkbook(workbook);
  runForward(forwardCalls);
  expect(forwardCalls.countsBySheet()).toEqual(twin.forward.countsBySheet());
  expectSheetsMatchCore(workbook, spec, forward(spec, params, image), LABEL);
  expect(readModel(workbook).params).toEqual(params);

  const edited = cloneParams(params);
  const picture = tensor(image.shape, Float64Array.from(image.data));
  const start = Date.now();
  // Block 1, filter 7, channel B, kernel row 1, column 1: its map, and everything after it, recomputes.
  const cell = filterCell(3, 6, 2, 0, 0);
  workbook.writeCells(filtersSheet(0), cell.row, cell.col, [[-0.8]]);
  edited.conv[0].weights.data[(6 * 3 + 2) * 9] = -0.8;
  const dense = denseWeightsRange(3136, 3);
  workbook.writeCells(DENSE_SHEET, dense.row + 2500, dense.col + 1, [[1.1]]);
  edited.dense.weights.data[2500 * 3 + 1] = 1.1;
  const pixel = mapCell(1, 28, 28, 0, 0, 27);
  workbook.writeCells(CHANNEL_SHEETS[1], pixel.row, pixel.col, [[7]]);
  picture.data[28 * 28 + 27] = 7;
  const editMs = Date.now() - start;

  const acts = forward(spec, edited, picture);
  expectClose(readColumn(workbook, 'Softmax', 3).data, acts.probabilities.data, 1e-9, 'probabilities after edits');
  expectSheetsMatchCore(workbook, spec, acts, LABEL);
  expect(readModel(workbook).params).toEqual(edited);
  recordMeasurement(
    `default model, native mode: build ${buildMs} ms (${buildCalls.total()} Workbook calls, ${buildCalls.elapsedMs()} ms inside the engine), ` +
      `three edits recomputed in ${editMs} ms; forward pass ${forwardCalls.total()} calls`,
  );
});
