/**
 * A model too big for Google Sheets is refused from its spec, before any sheet is written; the estimate is
 * the one the code builds with (each sheet at least a new Google sheet's 1000 × 26).
 */
import { defaultSpec, initParams, smallSpec, tensor } from '../../src/core';
import type { ModelSpec } from '../../src/core/types';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { buildModel } from '../../src/sheet/whole-model';
import { assertModelFitsSpreadsheet, modelCells, modelSheetExtents } from '../../src/sheet/model-size';
import { modelSheetNames } from '../../src/sheet/sheet-names';
import { sheetGridCells } from '../../src/sheet/sheet-limits';

function built(spec: ModelSpec): LocalWorkbook {
  const workbook = new LocalWorkbook();
  buildModel(workbook, spec, initParams(spec, 1), tensor([spec.input.channels, spec.input.height, spec.input.width]), {
    mode: 'values',
    seed: 1,
    label: -1,
  });
  return workbook;
}

test('every sheet a build writes (colour or grey) is covered, and each written block lies inside its estimated extent', () => {
  const grey: ModelSpec = { ...smallSpec(), input: { ...smallSpec().input, channels: 1 } };
  for (const spec of [smallSpec(), defaultSpec(), grey]) {
    const extents = modelSheetExtents(spec);
    expect(extents.map((e) => e.sheet)).toEqual(modelSheetNames(spec));
    const workbook = built(spec);
    for (const { sheet, rows, cols } of extents) {
      const used = workbook.usedSize(sheet);
      expect([sheet, used.rows <= rows, used.cols <= cols]).toEqual([sheet, true, true]);
    }
    expect(modelCells(spec)).toBe(extents.reduce((sum, e) => sum + sheetGridCells(e.rows, e.cols), 0));
  }
  // The default model takes about a ninth of a spreadsheet.
  expect(modelCells(defaultSpec())).toBe(1_142_332);
});

test('a model needing more than 10 million cells is refused before anything is written, saying what to change', () => {
  const spec: ModelSpec = {
    ...defaultSpec(),
    blocks: [{ filters: 4096, kernel: 3, stride: 1, padding: 'same', pool: null }],
  };
  expect(() => assertModelFitsSpreadsheet(spec)).toThrow(
    /^This model's sheets would take about [\d,]+ cells; a Google spreadsheet holds at most 10,000,000\. Use fewer filters/,
  );
  const workbook = new LocalWorkbook();
  expect(() =>
    buildModel(workbook, spec, initParams(spec, 1), tensor([3, 28, 28]), { mode: 'values', seed: 1, label: -1 }),
  ).toThrow('would take about');
  expect(workbook.sheetNames()).toEqual([]);
});

test('a sheet wider than 18,278 columns is refused, naming the widest sheet', () => {
  const spec: ModelSpec = { ...smallSpec(), input: { channels: 3, height: 5, width: 18_300 } };
  // The Input sheet lays the 3 maps out 2 across: 2 × 18,300 + 1 gap + 5 columns around them.
  expect(() => assertModelFitsSpreadsheet(spec)).toThrow(
    'This model\'s "Input" sheet would need 36606 columns; a Google sheet has at most 18278. Use fewer filters or a smaller input picture.',
  );
});
