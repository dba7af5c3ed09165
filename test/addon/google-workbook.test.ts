/**
 * GoogleWorkbook against the recording SpreadsheetApp fake, backed by the LocalWorkbook (HyperFormula), so
 * formulas really compute and the colour rules / notes / widths that reach the sheet can be read back.
 */
import { GoogleWorkbook } from '../../src/addon/google-workbook';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { PROBABILITY_COLOR, channelRule, divergingRule, probabilityRule } from '../../src/sheet/colors';
import type { ColorRule } from '../../src/sheet/workbook';
import { textCell } from '../../src/sheet/workbook';
import { createFakeAppsScript, InterpolationType, RecordedCall } from '../helpers/apps-script-fakes';

function setup(sheets: string[] = ['Data']) {
  const local = new LocalWorkbook();
  for (const name of sheets) local.ensureSheet(name);
  const fake = createFakeAppsScript({ backing: local });
  const app = fake.spreadsheetApp;
  const workbook = new GoogleWorkbook(app.getActiveSpreadsheet(), app);
  fake.recorder.reset();
  return { local, app, workbook, recorder: fake.recorder };
}

/** Calls that reach the spreadsheet (getRange only makes a handle; builders run locally in Apps Script). */
function apiCalls(calls: readonly RecordedCall[]): string[] {
  const local = new Set(['getRange', 'getSheetByName', 'getActiveSpreadsheet']);
  return calls
    .filter(
      (c) =>
        !local.has(c.method) && c.object !== 'ConditionalFormatRuleBuilder' && c.method !== 'newConditionalFormatRule',
    )
    .map((c) => `${c.object}.${c.method}`);
}

/** The sheet's size, asked the first time a call of this workbook touches a block of that sheet. */
const SIZE = ['Sheet.getMaxRows', 'Sheet.getMaxColumns'];

describe('GoogleWorkbook: values and formulas', () => {
  test('writeCells is one setValues over exactly the block, and formulas in it compute', () => {
    const { workbook, recorder, local } = setup();
    workbook.writeCells('Data', 4, 2, [
      [1, 2, '=B4+C4'],
      [3.5, null, '=SUM(B4:C5)'],
    ]);
    expect(apiCalls(recorder.calls)).toEqual([...SIZE, 'Range.setValues']);
    expect(recorder.named('setValues')[0].args[1]).toBe('Data!B4:D5');
    expect(local.readValues('Data', { row: 4, col: 2, rows: 2, cols: 3 })).toEqual([
      [1, 2, 3],
      [3.5, '', 6.5],
    ]);
  });

  test('readValues is one getValues, with blanks as empty strings; readFormulas one getFormulas', () => {
    const { workbook, recorder, local } = setup();
    local.writeCells('Data', 1, 1, [
      [5, null, '=A1*2'],
      [null, 'text', null],
    ]);
    recorder.reset();
    expect(workbook.readValues('Data', { row: 1, col: 1, rows: 3, cols: 3 })).toEqual([
      [5, '', 10],
      ['', 'text', ''],
      ['', '', ''],
    ]);
    expect(workbook.readFormulas('Data', { row: 1, col: 1, rows: 1, cols: 3 })).toEqual([['', '', '=A1*2']]);
    expect(apiCalls(recorder.calls)).toEqual([...SIZE, 'Range.getValues', 'Range.getFormulas']);
  });

  test('text that Sheets would parse as a number, boolean or formula is stored as that exact text', () => {
    const { workbook, app, local } = setup();
    const texts = ['007', 'TRUE', '+AbC/9=', '-1e3', 'Jon Snow'];
    workbook.writeCells('Data', 1, 1, [texts]);
    expect(workbook.readValues('Data', { row: 1, col: 1, rows: 1, cols: texts.length })).toEqual([texts]);
    // Written straight through SpreadsheetApp without the apostrophe, the same strings are parsed: the escape matters.
    app
      .getActiveSpreadsheet()
      .getSheetByName('Data')!
      .getRange(2, 1, 1, 2)
      .setValues([['007', 'TRUE']]);
    expect(local.readValues('Data', { row: 2, col: 1, rows: 1, cols: 2 })).toEqual([[7, true]]);
  });

  test('the number of API calls does not depend on the size of the block', () => {
    const small = setup();
    small.workbook.writeCells('Data', 4, 2, [
      [1, 2],
      [3, 4],
    ]);
    small.workbook.readValues('Data', { row: 4, col: 2, rows: 2, cols: 2 });
    const big = setup();
    // B4:Z900, as large as a new sheet holds from B4 (growing it is the next describe's subject).
    const block = Array.from({ length: 897 }, (_, r) => Array.from({ length: 25 }, (_, c) => r * 25 + c));
    big.workbook.writeCells('Data', 4, 2, block);
    expect(big.workbook.readValues('Data', { row: 4, col: 2, rows: 897, cols: 25 })).toEqual(block);
    expect(apiCalls(big.recorder.calls)).toEqual(apiCalls(small.recorder.calls));
    expect(apiCalls(big.recorder.calls)).toEqual([...SIZE, 'Range.setValues', 'Range.getValues']);
  });

  test('ragged blocks, non-finite numbers and bad ranges are refused before any call, with what to fix', () => {
    const { workbook, recorder } = setup();
    expect(() => workbook.writeCells('Data', 1, 1, [[1, 2], [3]])).toThrow(
      'writeCells on sheet "Data": row 2 has 1 cells but row 1 has 2; every row of a block must have the same length.',
    );
    expect(() => workbook.writeCells('Data', 3, 2, [[1, NaN]])).toThrow(
      'writeCells on sheet "Data": the value for C3 is NaN; only finite numbers can be written.',
    );
    expect(() => workbook.writeCells('Data', 1, 1, [[Infinity]])).toThrow('the value for A1 is Infinity');
    expect(() => workbook.readValues('Data', { row: 0, col: 1, rows: 2, cols: 2 })).toThrow(
      'readValues on sheet "Data": row 0, column 1, 2×2 is not a valid block; rows and columns start at 1',
    );
    expect(() => workbook.readFormulas('Data', { row: 1, col: 1, rows: 0, cols: 2 })).toThrow(
      'readFormulas on sheet "Data": row 1, column 1, 0×2 is not a valid block',
    );
    expect(() => workbook.setColorRules('Data', [probabilityRule([{ row: 4, col: 0, rows: 3, cols: 1 }])])).toThrow(
      'setColorRules on sheet "Data": row 4, column 0, 3×1 is not a valid block',
    );
    expect(apiCalls(recorder.calls)).toEqual([]);
  });

  test('an empty block writes nothing', () => {
    const { workbook, recorder } = setup();
    workbook.writeCells('Data', 1, 1, []);
    workbook.writeCells('Data', 1, 1, [[], []]);
    expect(apiCalls(recorder.calls)).toEqual([]);
  });
});

describe("the fake keeps SpreadsheetApp's dimension rule", () => {
  test('setValues with the wrong number of rows or columns throws the Apps Script message', () => {
    const { app } = setup();
    const range = app.getActiveSpreadsheet().getSheetByName('Data')!.getRange(1, 1, 2, 3);
    expect(() => range.setValues([[1, 2, 3]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() =>
      range.setValues([
        [1, 2, 3],
        [4, 5],
      ]),
    ).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
  });

  test('getRange is 1-based and refuses empty ranges', () => {
    const { app } = setup();
    const sheet = app.getActiveSpreadsheet().getSheetByName('Data')!;
    expect(() => sheet.getRange(0, 1, 1, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 0, 1, 1)).toThrow('The starting column of the range is too small.');
    expect(() => sheet.getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
  });

  test('a new sheet is 1000 rows × 26 columns, getRange refuses blocks past its edge, and inserting at the end grows it', () => {
    const { app, recorder } = setup();
    const sheet = app.getActiveSpreadsheet().insertSheet('New', 1);
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
    const outside = 'The coordinates of the range are outside the dimensions of the sheet.';
    expect(() => sheet.getRange(1000, 26, 1, 1)).not.toThrow();
    expect(() => sheet.getRange(999, 1, 2, 1)).not.toThrow();
    expect(() => sheet.getRange(1000, 1, 2, 1)).toThrow(outside);
    expect(() => sheet.getRange(1, 26, 1, 2)).toThrow(outside);
    expect(() => sheet.getRange(1001, 27, 1, 1)).toThrow(outside);

    sheet.insertRowsAfter(1000, 5).insertColumnsAfter(26, 94);
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1005, 120]);
    expect(() => sheet.getRange(1005, 120, 1, 1)).not.toThrow();
    expect(() => sheet.getRange(1005, 120, 2, 1)).toThrow(outside);
    // Clearing keeps the size; the size getters and the inserts are recorded calls on the sheet.
    sheet.clear();
    expect(sheet.getMaxRows()).toBe(1005);
    expect(
      recorder.calls.filter((c) => c.sheet === 'New' && c.method !== 'getRange').map((c) => [c.method, ...c.args]),
    ).toEqual([
      ['getMaxRows'],
      ['getMaxColumns'],
      ['insertRowsAfter', 1000, 5],
      ['insertColumnsAfter', 26, 94],
      ['getMaxRows'],
      ['getMaxColumns'],
      ['clear'],
      ['getMaxRows'],
    ]);
  });

  test('a sheet that already holds data is at least as large as the data', () => {
    const local = new LocalWorkbook();
    local.ensureSheet('Tall');
    local.writeCells('Tall', 1500, 30, [[1]]);
    const sheet = createFakeAppsScript({ backing: local })
      .spreadsheetApp.getActiveSpreadsheet()
      .getSheetByName('Tall')!;
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1500, 30]);
    expect(sheet.getRange(1500, 30, 1, 1).getValues()).toEqual([[1]]);
  });

  test('setNotes refuses a notes array that does not match the block, before calling SpreadsheetApp', () => {
    const { workbook, recorder } = setup();
    expect(() => workbook.setNotes('Data', { row: 1, col: 1, rows: 2, cols: 2 }, [['a', 'b']])).toThrow(
      'setNotes on sheet "Data": got 1×2 notes for a 2×2 range; pass one note per cell.',
    );
    expect(recorder.named('setNotes')).toHaveLength(0);
  });
});

/** [method, ...args] of the sheet calls that are not local (getRange only makes a handle). */
function sheetCalls(calls: readonly RecordedCall[], sheet: string): unknown[][] {
  return calls
    .filter((c) => c.sheet === sheet && c.method !== 'getRange')
    .map((c) => [c.method, ...c.args.filter((a) => typeof a !== 'object')]);
}

describe("GoogleWorkbook: the sheet's edge (a new sheet is 1000 rows × 26 columns)", () => {
  test('a write reaching past the edge first grows the sheet by what it needs, one insert per dimension', () => {
    const { workbook, recorder, local } = setup();
    const block = Array.from({ length: 5 }, (_, r) => [1, 2, 3, 4].map((c) => r * 4 + c));
    workbook.writeCells('Data', 998, 25, block);
    expect(sheetCalls(recorder.calls, 'Data')).toEqual([
      ['getMaxRows'],
      ['getMaxColumns'],
      ['insertRowsAfter', 1000, 2],
      ['insertColumnsAfter', 26, 2],
      ['setValues', 'Data!Y998:AB1002'],
    ]);
    expect(local.readValues('Data', { row: 998, col: 25, rows: 5, cols: 4 })).toEqual(block);

    // The grown size is remembered: a write inside it costs the write alone, one further out one insert.
    recorder.reset();
    workbook.writeCells('Data', 1002, 28, [[99]]);
    workbook.writeCells('Data', 1500, 2, [[7]]);
    expect(sheetCalls(recorder.calls, 'Data')).toEqual([
      ['setValues', 'Data!AB1002'],
      ['insertRowsAfter', 1002, 498],
      ['setValues', 'Data!B1500'],
    ]);
    expect(local.readValues('Data', { row: 1500, col: 2, rows: 1, cols: 1 })).toEqual([[7]]);
  });

  test('number formats, notes, column widths and colour rules past the edge grow the sheet too', () => {
    const { workbook, recorder, local, app } = setup();
    workbook.setNumberFormat('Data', { row: 1200, col: 2, rows: 3, cols: 1 }, '0.00');
    workbook.setNotes('Data', { row: 4, col: 30, rows: 1, cols: 1 }, [['far right']]);
    workbook.setColumnWidths('Data', 29, 4, 50);
    // Rules are set in one call, so the sheet grows once to hold all their ranges (rows and columns).
    const rules = [
      divergingRule([{ row: 4, col: 2, rows: 3136, cols: 3 }], 0.5),
      probabilityRule([{ row: 4, col: 40, rows: 2, cols: 81 }]),
    ];
    workbook.setColorRules('Data', rules);
    expect(sheetCalls(recorder.calls, 'Data')).toEqual([
      ['getMaxRows'],
      ['getMaxColumns'],
      ['insertRowsAfter', 1000, 202],
      ['setNumberFormat', '0.00', 'Data!B1200:B1202'],
      ['insertColumnsAfter', 26, 4],
      ['setNotes', 'Data!AD4'],
      ['insertColumnsAfter', 30, 2],
      ['setColumnWidths', 29, 4, 50],
      ['insertRowsAfter', 1202, 1937],
      ['insertColumnsAfter', 32, 88],
      ['setConditionalFormatRules'],
    ]);
    expect(local.numberFormatAt('Data', 1202, 2)).toBe('0.00');
    expect(local.snapshot('Data').notes).toEqual([{ row: 4, col: 30, note: 'far right' }]);
    expect(app.getActiveSpreadsheet().getSheetByName('Data')!.getColumnWidth(32)).toBe(50);
    expect(local.snapshot('Data').colorRules).toEqual(rules);
  });

  test('a read past the edge gives blanks for the cells that do not exist, as the edgeless local engine does', () => {
    const { workbook, recorder, local } = setup();
    local.writeCells('Data', 999, 25, [
      [1, '=Y999*10'],
      ['a', true],
    ]);
    const straddling = { row: 999, col: 25, rows: 4, cols: 3 };
    expect(workbook.readValues('Data', straddling)).toEqual(local.readValues('Data', straddling));
    expect(workbook.readValues('Data', straddling)).toEqual([
      [1, 10, ''],
      ['a', true, ''],
      ['', '', ''],
      ['', '', ''],
    ]);
    expect(workbook.readFormulas('Data', straddling)).toEqual(local.readFormulas('Data', straddling));
    // Only the part inside the sheet is read; a block wholly outside it costs no read at all.
    const outside = { row: 1001, col: 1, rows: 2, cols: 2 };
    expect(workbook.readValues('Data', outside)).toEqual([
      ['', ''],
      ['', ''],
    ]);
    expect(workbook.readFormulas('Data', { row: 1, col: 27, rows: 1, cols: 1 })).toEqual([['']]);
    expect(sheetCalls(recorder.calls, 'Data')).toEqual([
      ['getMaxRows'],
      ['getMaxColumns'],
      ['getValues', 'Data!Y999:Z1000'],
      ['getValues', 'Data!Y999:Z1000'],
      ['getFormulas', 'Data!Y999:Z1000'],
    ]);
  });

  test("each sheet's size is asked once per workbook (one server call), and again by the next one", () => {
    const { workbook, recorder, app } = setup(['Data', 'Pool1']);
    for (let i = 1; i <= 3; i++) {
      workbook.writeCells('Data', i, 1, [[i]]);
      workbook.writeCells('Pool1', i, 1, [[i]]);
    }
    workbook.sheetNames();
    workbook.readValues('Data', { row: 1, col: 1, rows: 3, cols: 1 });
    workbook.ensureSheet('Pool2');
    workbook.writeCells('Pool2', 1, 1, [[1]]);
    // A sheet deleted and made again is a new sheet, of the new-sheet size.
    workbook.writeCells('Pool1', 1, 30, [[1]]);
    workbook.deleteSheet('Pool1');
    workbook.ensureSheet('Pool1');
    workbook.writeCells('Pool1', 1, 30, [[1]]);
    const asked = (calls: readonly RecordedCall[]) =>
      calls.filter((c) => c.method === 'getMaxRows').map((c) => c.sheet);
    expect(asked(recorder.calls)).toEqual(['Data', 'Pool1', 'Pool2', 'Pool1']);
    expect(recorder.named('insertColumnsAfter').map((c) => [c.sheet, ...c.args])).toEqual([
      ['Pool1', 26, 4],
      ['Pool1', 26, 4],
    ]);

    recorder.reset();
    const next = new GoogleWorkbook(app.getActiveSpreadsheet(), app);
    next.writeCells('Data', 4, 1, [[4]]);
    next.writeCells('Data', 5, 1, [[5]]);
    expect(asked(recorder.calls)).toEqual(['Data']);
  });
});

describe('GoogleWorkbook: sheets', () => {
  test('ensureSheet inserts only missing sheets; sheetNames and usedSize read the spreadsheet', () => {
    const { workbook, recorder } = setup(['Data']);
    workbook.ensureSheet('Data');
    workbook.ensureSheet('Input R');
    expect(recorder.named('insertSheet').map((c) => c.args)).toEqual([['Input R', 1]]);
    expect(workbook.sheetNames()).toEqual(['Data', 'Input R']);
    workbook.writeCells('Input R', 4, 2, [[1, 2, 3]]);
    expect(workbook.usedSize('Input R')).toEqual({ rows: 4, cols: 4 });
    workbook.deleteSheet('Input R');
    expect(workbook.sheetNames()).toEqual(['Data']);
  });

  test('each sheet is looked up once, however many blocks are written to it', () => {
    const { workbook, recorder } = setup(['Data']);
    for (let i = 1; i <= 5; i++) workbook.writeCells('Data', i, 1, [[i]]);
    workbook.setFrozenRows('Data', 3);
    workbook.ensureSheet('Pool1');
    workbook.writeCells('Pool1', 1, 1, [[1]]);
    expect(recorder.named('getSheetByName').map((c) => c.args[0])).toEqual(['Data', 'Pool1']);
    workbook.deleteSheet('Pool1');
    workbook.ensureSheet('Pool1');
    workbook.writeCells('Pool1', 2, 1, [[2]]);
    expect(workbook.readValues('Pool1', { row: 1, col: 1, rows: 2, cols: 1 })).toEqual([[''], [2]]);
  });

  test('clearSheet clears contents and formats, notes, and colour rules (three calls)', () => {
    const { workbook, recorder, local } = setup();
    workbook.writeCells('Data', 1, 1, [[1, 2]]);
    workbook.setColorRules('Data', [probabilityRule([{ row: 1, col: 1, rows: 1, cols: 2 }])]);
    recorder.reset();
    workbook.clearSheet('Data');
    expect(apiCalls(recorder.calls)).toEqual(['Sheet.clear', 'Sheet.clearNotes', 'Sheet.clearConditionalFormatRules']);
    expect(local.usedSize('Data')).toEqual({ rows: 0, cols: 0 });
    expect(local.snapshot('Data').colorRules).toEqual([]);
  });

  test('every method names a missing sheet and says how to get it back', () => {
    const { workbook } = setup();
    const message =
      'This spreadsheet has no sheet named "Softmax". It may have been renamed or deleted: rename it back, or rebuild the model';
    const range = { row: 1, col: 1, rows: 1, cols: 1 };
    const calls: (() => unknown)[] = [
      () => workbook.readValues('Softmax', range),
      () => workbook.readFormulas('Softmax', range),
      () => workbook.writeCells('Softmax', 1, 1, [[1]]),
      () => workbook.setNumberFormat('Softmax', range, '0.00'),
      () => workbook.setNotes('Softmax', range, [['n']]),
      () => workbook.setColumnWidths('Softmax', 1, 2, 40),
      () => workbook.setFrozenRows('Softmax', 3),
      () => workbook.setColorRules('Softmax', []),
      () => workbook.clearSheet('Softmax'),
      () => workbook.usedSize('Softmax'),
      () => workbook.deleteSheet('Softmax'),
    ];
    for (const call of calls) expect(call).toThrow(message);
  });
});

describe('GoogleWorkbook: formats, notes, widths, frozen rows', () => {
  test('each is one call over the whole block and reaches the sheet', () => {
    const { workbook, recorder, local, app } = setup();
    const block = { row: 4, col: 2, rows: 3, cols: 3 };
    workbook.setNumberFormat('Data', block, '0.000');
    workbook.setNotes('Data', { row: 1, col: 1, rows: 1, cols: 2 }, [['Step 1', '']]);
    workbook.setColumnWidths('Data', 2, 10, 36);
    workbook.setFrozenRows('Data', 3);
    workbook.flush();
    expect(apiCalls(recorder.calls)).toEqual([
      ...SIZE,
      'Range.setNumberFormat',
      'Range.setNotes',
      'Sheet.setColumnWidths',
      'Sheet.setFrozenRows',
      'SpreadsheetApp.flush',
    ]);
    expect(recorder.named('setNumberFormat')[0].args).toEqual(['0.000', 'Data!B4:D6']);
    expect(recorder.named('setColumnWidths')[0].args).toEqual([2, 10, 36]);
    const snapshot = local.snapshot('Data');
    expect(snapshot.notes).toEqual([{ row: 1, col: 1, note: 'Step 1' }]);
    expect(snapshot.frozenRows).toBe(3);
    expect(local.numberFormatAt('Data', 6, 4)).toBe('0.000');
    expect(app.getActiveSpreadsheet().getSheetByName('Data')!.getColumnWidth(11)).toBe(36);
  });
});

describe('GoogleWorkbook: colour rules', () => {
  const grid = { row: 4, col: 2, rows: 5, cols: 5 };
  const rules: ColorRule[] = [
    channelRule(3, 0, [grid]),
    // Open ends (the range's min and max), as a rule may have; the model's rules fix every stop.
    {
      ranges: [grid, { row: 4, col: 8, rows: 2, cols: 1 }],
      min: { color: '#3d6fd6' },
      mid: { color: '#ffffff', value: 0 },
      max: { color: '#d6453d' },
    },
    probabilityRule([{ row: 4, col: 2, rows: 3, cols: 1 }]),
  ];

  test('one setConditionalFormatRules call carries the whole list of gradient rules', () => {
    const { workbook, recorder, local } = setup();
    workbook.setColorRules('Data', rules);
    expect(apiCalls(recorder.calls)).toEqual([...SIZE, 'Sheet.setConditionalFormatRules']);
    // Read back through the fake's conversion into Workbook rules, and through the local engine's copy.
    expect(local.snapshot('Data').colorRules).toEqual(rules);
  });

  test('fixed stops use NUMBER points, open ends use the range min/max', () => {
    const { workbook, app } = setup();
    workbook.setColorRules('Data', rules);
    const built = app.getActiveSpreadsheet().getSheetByName('Data')!.getConditionalFormatRules();
    expect(built.map((r) => [r.min, r.mid, r.max])).toEqual([
      [
        { color: '#000000', type: InterpolationType.NUMBER, value: '0' },
        undefined,
        { color: '#ff0000', type: InterpolationType.NUMBER, value: '255' },
      ],
      [
        { color: '#3d6fd6', type: InterpolationType.MIN, value: '' },
        { color: '#ffffff', type: InterpolationType.NUMBER, value: '0' },
        { color: '#d6453d', type: InterpolationType.MAX, value: '' },
      ],
      [
        { color: '#ffffff', type: InterpolationType.NUMBER, value: '0' },
        undefined,
        { color: PROBABILITY_COLOR, type: InterpolationType.NUMBER, value: '1' },
      ],
    ]);
    expect(built[1].getRanges().map((r) => r.address())).toEqual(['Data!B4:F8', 'Data!H4:H5']);
  });

  test('a midpoint without a number is the 50th percent point of the range', () => {
    const { workbook, app } = setup();
    workbook.setColorRules('Data', [
      { ranges: [grid], min: { color: '#000000' }, mid: { color: '#888888' }, max: { color: '#ffffff' } },
    ]);
    const [rule] = app.getActiveSpreadsheet().getSheetByName('Data')!.getConditionalFormatRules();
    expect(rule.mid).toEqual({ color: '#888888', type: InterpolationType.PERCENT, value: '50' });
  });

  test('setting rules again replaces them, and an empty list removes them', () => {
    const { workbook, app, local } = setup();
    workbook.setColorRules('Data', rules);
    workbook.setColorRules('Data', [rules[2]]);
    const sheet = app.getActiveSpreadsheet().getSheetByName('Data')!;
    expect(sheet.getConditionalFormatRules()).toHaveLength(1);
    expect(local.snapshot('Data').colorRules).toEqual([rules[2]]);
    workbook.setColorRules('Data', []);
    expect(sheet.getConditionalFormatRules()).toHaveLength(0);
  });
});

describe('Google Sheets limits and text, in the fake and in GoogleWorkbook', () => {
  test("the fake refuses a new sheet, rows or columns past 10 million cells, and columns past ZZZ, with Sheets' messages", () => {
    const { app } = setup(['Data']);
    const spreadsheet = app.getActiveSpreadsheet();
    const sheet = spreadsheet.getSheetByName('Data')!;
    sheet.insertRowsAfter(1000, 383_616 - 1000); // 383,616 × 26 = 9,974,016 cells: no room for a new 1000 × 26 sheet
    expect(() => spreadsheet.insertSheet('More', 1)).toThrow(
      'This action would increase the number of cells in the workbook above the limit of 10000000 cells. (adding sheet "More" would make 10000016 cells.)',
    );
    expect(() => sheet.insertRowsAfter(383_616, 1000)).toThrow(
      'above the limit of 10000000 cells. (inserting 1000 rows into "Data" would make 10000016 cells.)',
    );
    sheet.insertRowsAfter(383_616, 999);
    const wide = setup(['Wide']).app.getActiveSpreadsheet().getSheetByName('Wide')!;
    expect(() => wide.insertColumnsAfter(26, 18_253)).toThrow(
      'This action would increase the number of columns in the sheet above the limit of 18278 columns. ("Wide" would reach column 18279.)',
    );
  });

  test('the fake refuses a cell over 50,000 characters; GoogleWorkbook refuses it first, counting its apostrophe, with no call made', () => {
    const { app, workbook, recorder } = setup(['Data']);
    const range = app.getActiveSpreadsheet().getSheetByName('Data')!.getRange(1, 1, 1, 1);
    expect(() => range.setValues([['a'.repeat(50_001)]])).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    range.setValues([['a'.repeat(50_000)]]);
    recorder.reset();
    expect(() => workbook.writeCells('Data', 2, 1, [['a'.repeat(50_000)]])).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell. ("Data"!A2 would hold 50001 characters.)',
    );
    expect(recorder.calls).toEqual([]);
  });

  test('the fake models a plain-text (@) cell under either answer to whether it keeps an apostrophe', () => {
    for (const keep of [false, true]) {
      const local = new LocalWorkbook();
      local.ensureSheet('Data');
      const fake = createFakeAppsScript({ backing: local });
      fake.behaviour.plainTextKeepsApostrophe = keep;
      const range = fake.spreadsheetApp.getActiveSpreadsheet().getSheetByName('Data')!.getRange(1, 1, 1, 3);
      range.setNumberFormat('@');
      range.setValues([["'0012", '=1+1', '0012']]);
      expect(range.getValues()).toEqual([[keep ? "'0012" : '0012', '=1+1', '0012']]);
    }
  });

  test('GoogleWorkbook sends every plain string with an apostrophe, so nothing is parsed: text reads back as written', () => {
    const { local, workbook } = setup(['Data']);
    workbook.writeCells('Data', 1, 1, [['0012', 'TRUE', '1/2/2020', textCell('=A1'), textCell("'x"), '=2*3']]);
    expect(local.readValues('Data', { row: 1, col: 1, rows: 1, cols: 6 })).toEqual([
      ['0012', 'TRUE', '1/2/2020', '=A1', "'x", 6],
    ]);
  });
});
