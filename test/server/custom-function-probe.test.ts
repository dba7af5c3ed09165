/**
 * The custom-function probe: in custom mode the Model sheet calls =SHEETCNN_VERSION(), and getModelInfo says
 * whether Sheets runs the custom functions in this document; setFormulaMode rebuilds in native or values
 * mode with the same weights when it does not.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GoogleWorkbook } from '../../src/addon/google-workbook';
import { createLocalHost } from '../../src/local/engine/local-host';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { createServer } from '../../src/server';
import { PROBE_ANSWER, SHEET_CNN_VERSION } from '../../src/shared/version';
import { readModel } from '../../src/sheet/whole-model';
import { PROBE_CELL, customFunctionStatus } from '../../src/sheet/model-sheet';
import { MODEL_SHEET } from '../../src/sheet/sheet-names';
import { createFakeAppsScript } from '../helpers/apps-script-fakes';
import { picture } from './server-fixture';

function throughFake() {
  const cells = new LocalWorkbook();
  cells.ensureSheet('Sheet1');
  const fake = createFakeAppsScript({ backing: cells });
  const workbook = () => new GoogleWorkbook(fake.spreadsheetApp.getActiveSpreadsheet(), fake.spreadsheetApp);
  return { fake, cells, api: () => createServer(createLocalHost(workbook())) };
}

test("the version the probe shows is package.json's", () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string };
  expect(SHEET_CNN_VERSION).toBe(pkg.version);
  expect(PROBE_ANSWER).toBe(`Sheet CNN ${pkg.version}`);
});

test('custom mode writes the probe; where the custom functions run it shows the version and the status is active', () => {
  const cells = new LocalWorkbook();
  const api = createServer(createLocalHost(cells));
  expect(api.buildModel({ specName: 'small', mode: 'custom', seed: 2 }).customFunctions).toBe('active');
  const probe = { ...PROBE_CELL, rows: 1, cols: 1 };
  expect(cells.readFormulas(MODEL_SHEET, probe)).toEqual([['=SHEETCNN_VERSION()']]);
  expect(cells.readValues(MODEL_SHEET, probe)).toEqual([[PROBE_ANSWER]]);
  expect(api.buildModel({ specName: 'small', mode: 'native', seed: 2 }).customFunctions).toBe('not used');
  expect(cells.readValues(MODEL_SHEET, probe)).toEqual([['not used (native mode)']]);
});

test('where Sheets does not run them (#NAME?), the status is inactive, and setFormulaMode rebuilds with the same weights', () => {
  const { fake, api } = throughFake();
  fake.behaviour.customFunctionsInactive = true;
  api().buildModel({ specName: 'small', mode: 'custom', seed: 4 });
  api().importImage(picture('p.png', 5, 5, 3));
  expect(api().getModelInfo().customFunctions).toBe('inactive');
  // Someone trained or edited a weight before noticing: the rebuild keeps it.
  const before = readModel(new GoogleWorkbook(fake.spreadsheetApp.getActiveSpreadsheet(), fake.spreadsheetApp));
  for (const mode of ['native', 'values'] as const) {
    const info = api().setFormulaMode(mode);
    expect(info).toMatchObject({ mode, customFunctions: 'not used', seed: 4 });
    const after = readModel(new GoogleWorkbook(fake.spreadsheetApp.getActiveSpreadsheet(), fake.spreadsheetApp));
    expect(after.params).toEqual(before.params);
  }
  // With the custom functions running again, custom mode reports them active.
  fake.behaviour.customFunctionsInactive = false;
  expect(api().setFormulaMode('custom').customFunctions).toBe('active');
});

test('a probe still loading, or showing another error, is "checking" (the sidebar asks again); outside custom mode "not used"', () => {
  expect(customFunctionStatus('custom', 'Loading...')).toBe('checking');
  expect(customFunctionStatus('custom', '#ERROR!')).toBe('checking');
  expect(customFunctionStatus('custom', '#NAME?')).toBe('inactive');
  expect(customFunctionStatus('custom', PROBE_ANSWER)).toBe('active');
  expect(customFunctionStatus('values', '')).toBe('not used');
});

test('setFormulaMode refuses an unknown mode or a missing model', () => {
  const api = createServer(createLocalHost(new LocalWorkbook()));
  expect(() => api.setFormulaMode('formulas' as never)).toThrow(
    /Formula mode is the text "formulas"; expected one of "custom", "native", "values"/,
  );
  expect(() => api.setFormulaMode('native')).toThrow('There is no model yet');
});
