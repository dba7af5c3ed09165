/**
 * Explain this cell in the add-on: the server over the SpreadsheetApp fake (GoogleWorkbook and the Google
 * selection), a cell clicked in the spreadsheet, the sidebar's poll and "Show its inputs". The poll costs one
 * SpreadsheetApp call while the selection stays; an explanation costs a fixed handful of block reads.
 */
import { smallSpec } from '../../src/core';
import { GoogleWorkbook } from '../../src/addon/google-workbook';
import { googleSelection } from '../../src/addon/google-selection';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { createServer } from '../../src/server';
import { buildModel } from '../../src/sheet/whole-model';
import { mapCell } from '../../src/sheet/layout';
import { convSheet, INPUT_SHEET } from '../../src/sheet/sheet-names';
import { createFakeAppsScript } from '../helpers/apps-script-fakes';
import { seededImage, seededParams } from '../sheet/model-fixture';

function spreadsheetWithModel(): { fake: ReturnType<typeof createFakeAppsScript>; local: LocalWorkbook } {
  const local = new LocalWorkbook();
  const spec = smallSpec();
  buildModel(local, spec, seededParams(spec, 4), seededImage(spec, 5), { mode: 'native', seed: 4, label: 1 });
  return { fake: createFakeAppsScript({ backing: local }), local };
}

function serverOver(fake: ReturnType<typeof createFakeAppsScript>): ReturnType<typeof createServer> {
  const spreadsheet = fake.spreadsheetApp.spreadsheet;
  return createServer({
    workbook: new GoogleWorkbook(spreadsheet, fake.spreadsheetApp),
    lock: fake.lock,
    now: () => Date.now(),
    userName: () => '',
    selection: googleSelection(spreadsheet),
  });
}

test('the clicked cell is explained once; polling the same selection costs one getCurrentCell', () => {
  const { fake, local } = spreadsheetWithModel();
  const at = mapCell(2, 3, 3, 0, 1, 1);
  fake.spreadsheetApp.spreadsheet.clickCell(convSheet(0), at.row, at.col);

  fake.recorder.reset();
  const first = serverOver(fake).explainSelection('');
  expect(first.key).toBe('Conv1!C5');
  expect(first.explanation?.kind).toBe('conv');
  expect(first.explanation?.value).toBe(local.readValues(convSheet(0), { ...at, rows: 1, cols: 1 })[0][0]);
  // Reads: the Model sheet, the cell, the input grid, the filter's blocks, its bias — one getValues each.
  expect(fake.recorder.named('getValues')).toHaveLength(5);
  expect(fake.recorder.named('setValues')).toHaveLength(0);

  fake.recorder.reset();
  expect(serverOver(fake).explainSelection(first.key)).toEqual({ key: first.key, explanation: null });
  expect(fake.recorder.calls.map((c) => `${c.object}.${c.method}`)).toEqual(['Spreadsheet.getCurrentCell']);
});

test('"Show its inputs" activates the input sheet and selects the windows as one RangeList; the new current cell is returned', () => {
  const { fake } = spreadsheetWithModel();
  const at = mapCell(2, 3, 3, 1, 0, 0);
  fake.spreadsheetApp.spreadsheet.clickCell(convSheet(0), at.row, at.col);
  const server = serverOver(fake);
  const explanation = server.explainSelection('').explanation;
  expect(explanation?.highlight).toEqual({ sheet: INPUT_SHEET, ranges: ['B4:D6', 'H4:J6', 'B10:D12'] });

  fake.recorder.reset();
  const key = server.showCells(explanation?.highlight ?? { sheet: '', ranges: [] });
  expect(fake.recorder.calls.filter((c) => c.method === 'activate').map((c) => [c.object, c.sheet, ...c.args])).toEqual(
    [
      ['Sheet', INPUT_SHEET],
      ['RangeList', INPUT_SHEET, ['B4:D6', 'H4:J6', 'B10:D12']],
    ],
  );
  // Whichever cell Google makes current, the sidebar is told, so its poll does not jump to it.
  expect(key).toBe(`${INPUT_SHEET}!B10`);
  expect(server.explainSelection(key).explanation).toBeNull();
});

test('bad requests and a cell that cannot be explained get clear messages', () => {
  const { fake, local } = spreadsheetWithModel();
  const server = serverOver(fake);
  expect(server.explainSelection('')).toEqual({ key: '', explanation: null });
  expect(() => server.showCells({ sheet: 'Nope', ranges: ['B4'] })).toThrow('There is no sheet named "Nope"');
  expect(() => server.showCells({ sheet: INPUT_SHEET, ranges: ['4B'] })).toThrow(
    'Block 1 ("4B") is not an A1 block such as B4 or B4:D6.',
  );
  expect(() => server.showCells({ sheet: INPUT_SHEET, ranges: [] })).toThrow('The blocks to show has 0 entries');
  expect(() => server.explainSelection(7 as unknown as string)).toThrow('The cell shown so far must be text');

  local.writeCells('Conv1 filters', 4, 2, [['x']]);
  fake.spreadsheetApp.spreadsheet.clickCell(convSheet(0), 4, 2);
  const answer = server.explainSelection('');
  expect(answer.explanation).toBeNull();
  expect(answer.error).toBe(
    '\'Conv1 filters\'!B4 holds text "x"; type a number there (or run the forward pass) to explain this cell.',
  );

  const cli = createServer({ workbook: local, lock: fake.lock, now: () => 0, userName: () => '' });
  expect(() => cli.explainSelection('')).toThrow('There is no spreadsheet on screen here');
});
