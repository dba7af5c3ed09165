/**
 * User text stays text: class and picture names that look like formulas, numbers, dates, percentages,
 * currency, booleans or errors, unicode, right-to-left marks and 100-character names go through add → rename
 * → read → .xlsx export, and every one comes back exactly, never as a formula, number, date or boolean: on the
 * local engine, through GoogleWorkbook over the SpreadsheetApp fake (under either answer to the undocumented
 * question of whether Sheets keeps an apostrophe in a plain-text cell), in the .xlsx read back by ExcelJS, and
 * in that file once LibreOffice has opened and saved it again.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GoogleWorkbook } from '../../src/addon/google-workbook';
import { createLocalHost } from '../../src/local/engine/local-host';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { writeXlsxFile } from '../../src/local/engine/xlsx-export';
import { createServer } from '../../src/server';
import type { ServerApi } from '../../src/shared/api';
import { DATASET_FIRST_ROW, DATASET_SHEET } from '../../src/sheet/dataset-sheet';
import { FIRST_CLASS_ROW } from '../../src/sheet/model-sheet';
import { MODEL_SHEET } from '../../src/sheet/sheet-names';
import type { Workbook } from '../../src/sheet/workbook';
import { createFakeAppsScript } from '../helpers/apps-script-fakes';
import { resaveWithLibreOffice } from '../helpers/libreoffice';
import { picture } from './server-fixture';

/** Names no two of which are equal ignoring case (the server's rule for classes), each 1–100 characters. */
const CORPUS: readonly string[] = [
  '=1+1',
  "'=1+1",
  '=A1',
  '=SUM(B10:B12)',
  "'quoted",
  "''two apostrophes",
  '+1',
  '+A1',
  '-1',
  '-A1',
  '@x',
  '@SUM(A1)',
  '0012',
  '007',
  '1e3',
  '1E-3',
  '3.14',
  '-0',
  '1,000',
  '50%',
  '12.5%',
  '$5',
  '€5',
  '£1,000.00',
  '1/2/2020',
  '2020-01-02',
  '12:30',
  '12:30:45 PM',
  '1/2',
  'Jan 5',
  'TRUE',
  'false',
  '#N/A',
  '#REF!',
  'Jon Snow',
  'Élodie',
  '李小龙',
  'مرحبا',
  '\u200Fright-to-left mark',
  'a\u200Eb',
  '😀 smile',
  'x'.repeat(100),
  '(1)',
  '{1,2}',
  'A1:B2',
  'NaN',
  'Infinity',
  '0x1F',
];

interface Engine {
  readonly api: ServerApi;
  /** The spreadsheet as the engine holds it (for the fake: the workbook behind SpreadsheetApp). */
  readonly cells: LocalWorkbook;
}

function localEngine(): Engine {
  const cells = new LocalWorkbook();
  return { api: createServer(createLocalHost(cells)), cells };
}

function fakeEngine(plainTextKeepsApostrophe: boolean): Engine {
  const cells = new LocalWorkbook();
  cells.ensureSheet('Sheet1');
  const fake = createFakeAppsScript({ backing: cells });
  fake.behaviour.plainTextKeepsApostrophe = plainTextKeepsApostrophe;
  const app = fake.spreadsheetApp;
  const workbook: Workbook = new GoogleWorkbook(app.getActiveSpreadsheet(), app);
  return { api: createServer(createLocalHost(workbook)), cells };
}

/** Builds a model with placeholder classes, adds one picture per name, then renames every class. */
function addRenameRead(engine: Engine): void {
  const { api } = engine;
  const placeholders = CORPUS.map((_, k) => `class ${k + 1}`);
  api.buildModel({ specName: 'small', mode: 'values', seed: 1, classes: placeholders });
  CORPUS.forEach((name, k) => api.addPictures({ label: placeholders[k], pictures: [picture(name, 5, 5, 100 + k)] }));
  CORPUS.forEach((name, k) => api.renameClass(k, name));
  expect(api.getModelInfo().classes).toEqual(CORPUS);
  expect(api.getDataset().classes.map((c) => c.name)).toEqual(CORPUS);
}

/** What the cells hold: class names (Model!B10…), labels and picture names (Dataset!A4:B…), and no formulas. */
function expectCellsHoldCorpus(cells: LocalWorkbook): void {
  const n = CORPUS.length;
  const classCells = { row: FIRST_CLASS_ROW, col: 2, rows: n, cols: 1 };
  const datasetCells = { row: DATASET_FIRST_ROW, col: 1, rows: n, cols: 2 };
  expect(cells.readValues(MODEL_SHEET, classCells).map(([v]) => v)).toEqual(CORPUS);
  expect(cells.readValues(DATASET_SHEET, datasetCells)).toEqual(CORPUS.map((name) => [name, name]));
  expect(
    cells
      .readFormulas(MODEL_SHEET, classCells)
      .flat()
      .filter((f) => f !== ''),
  ).toEqual([]);
  expect(
    cells
      .readFormulas(DATASET_SHEET, datasetCells)
      .flat()
      .filter((f) => f !== ''),
  ).toEqual([]);
}

/** The cells of an .xlsx file as ExcelJS reads them: every name a plain string, none a formula. */
function expectXlsxHoldsCorpus(excel: ExcelJS.Workbook, source: string): void {
  const textAt = (sheet: string, row: number, col: number): unknown => {
    const cell = excel.getWorksheet(sheet)!.getCell(row, col);
    if (cell.type !== ExcelJS.ValueType.String && cell.type !== ExcelJS.ValueType.RichText) {
      return `${source}: ${sheet} row ${row} column ${col} is not text but ${JSON.stringify(cell.value)}`;
    }
    return cell.text;
  };
  expect(CORPUS.map((_, k) => textAt(MODEL_SHEET, FIRST_CLASS_ROW + k, 2))).toEqual(CORPUS);
  expect(
    CORPUS.map((_, k) => [
      textAt(DATASET_SHEET, DATASET_FIRST_ROW + k, 1),
      textAt(DATASET_SHEET, DATASET_FIRST_ROW + k, 2),
    ]),
  ).toEqual(CORPUS.map((name) => [name, name]));
}

test('the corpus holds at least 40 distinct names the server accepts', () => {
  expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  expect(new Set(CORPUS.map((name) => name.toLowerCase())).size).toBe(CORPUS.length);
  expect(CORPUS.every((name) => name === name.trim() && name.length >= 1 && name.length <= 100)).toBe(true);
});

describe.each([
  ['the local engine', () => localEngine()],
  ['GoogleWorkbook over the SpreadsheetApp fake', () => fakeEngine(false)],
  ['GoogleWorkbook over a fake that keeps apostrophes in plain-text cells', () => fakeEngine(true)],
] as const)('names through add → rename → read on %s', (_, makeEngine) => {
  test('every name reads back exactly, as text', () => {
    const engine = makeEngine();
    addRenameRead(engine);
    expectCellsHoldCorpus(engine.cells);
  });
});

describe('names in the exported .xlsx', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-text-'));
    file = path.join(dir, 'names.xlsx');
    const engine = localEngine();
    addRenameRead(engine);
    await writeXlsxFile(engine.cells, file);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('ExcelJS reads every name back as the same text', async () => {
    const excel = new ExcelJS.Workbook();
    await excel.xlsx.readFile(file);
    expectXlsxHoldsCorpus(excel, 'ExcelJS');
  });

  test('LibreOffice opens the file and saves every name as the same text', async () => {
    const excel = new ExcelJS.Workbook();
    await excel.xlsx.load((await resaveWithLibreOffice(file)) as unknown as ArrayBuffer);
    expectXlsxHoldsCorpus(excel, 'LibreOffice');
  }, 300_000);
});
