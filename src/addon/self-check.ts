/**
 * Help → Check this spreadsheet: runs, in the user's own document, every Google behaviour the add-on relies
 * on, in a temporary sheet deleted afterwards, and reports pass/fail, timings and runtime facts. It is how a
 * person confirms the add-on on a real account; the tests run it against the SpreadsheetApp fake, and make the
 * fake misbehave in one way per item to show each item can fail.
 */
import { forward, initParams, KERNEL_PATH_NAMES, kernelPath, smallSpec, tensor } from '../core';
import { SHEETS_CELL_CHAR_LIMIT } from '../shared/sheets-limits';
import { plural } from '../shared/plural';
import { PROBE_ANSWER } from '../shared/version';
import { readFaceDetector } from '../server/face-detector';
import type { AddOnFileReader } from '../server/host';
import { divergingRule } from '../sheet/colors';
import { columnRange } from '../sheet/layout';
import { buildModel } from '../sheet/whole-model';
import { isModelSheet, modelSheetNames, SOFTMAX_SHEET } from '../sheet/sheet-names';
import type { CellValue } from '../sheet/workbook';
import { textCell } from '../sheet/workbook';
import { GoogleWorkbook } from './google-workbook';
import type { SheetsApp, SheetsRange, SheetsSheet, SheetsSpreadsheet } from './sheets-api';

export type CheckStatus = 'pass' | 'fail' | 'skipped';

export interface CheckItem {
  readonly name: string;
  readonly status: CheckStatus;
  readonly ms: number;
  readonly detail: string;
}

export interface CheckReport {
  readonly items: CheckItem[];
  /** What the check learnt about this account's Sheets and Apps Script runtime. */
  readonly facts: [string, string][];
}

/** The few extra calls the check makes beyond GoogleWorkbook's (the real services and the fake have them). */
interface CheckedSheet extends SheetsSheet {
  getConditionalFormatRules(): { getRanges(): (SheetsRange & { getRow(): number; getNumRows(): number })[] }[];
}

export interface DocumentLockLike {
  tryLock(timeoutInMillis: number): boolean;
  releaseLock(): void;
}

export interface SelfCheckEnvironment {
  readonly spreadsheet: SheetsSpreadsheet;
  readonly app: SheetsApp;
  /** LockService.getDocumentLock(), which is null outside a document. */
  readonly documentLock: () => DocumentLockLike | null;
  readonly now: () => number;
  /** HtmlService's text of one of the add-on's own HTML files. */
  readonly addOnFile: AddOnFileReader;
}

/** A check throws with what went wrong, or returns a detail line. */
type Check = () => string;

/** Strings whose look would make Sheets parse them if they were not marked as text. */
const TEXT_SAMPLES = ["it's", "'leading apostrophe", '=not a formula', '0012', 'TRUE', '1/2/2020', '50%', 'Élodie 😀'];
const NUMBER_SAMPLES = [0.1, -2.5e-10, 123456789.123, 1e300, -0];
const PROBE_WAIT_MS = 2000;

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(
      `${what}: read back ${JSON.stringify(actual).slice(0, 200)}, expected ${JSON.stringify(expected).slice(0, 200)}`,
    );
  }
}

/** Runs every check; the temporary sheet (and any model sheets the build check made) are deleted at the end. */
export function runSelfCheck(env: SelfCheckEnvironment): CheckReport {
  const { spreadsheet, app, now } = env;
  const workbook = new GoogleWorkbook(spreadsheet, app);
  const facts: [string, string][] = [
    ['WebAssembly in Apps Script', typeof WebAssembly === 'object' ? 'available' : 'not available'],
    // Which path ran, not only whether WebAssembly exists: a runtime without SIMD fails the module's validation.
    ['Convolution kernels the engine runs on', KERNEL_PATH_NAMES[kernelPath()]],
    ['Intl in Apps Script', typeof Intl === 'object' ? 'available' : 'not available'],
  ];
  const items: CheckItem[] = [];
  const run = (name: string, check: Check): void => {
    const started = now();
    let status: CheckStatus = 'pass';
    let detail: string;
    try {
      detail = check();
      if (detail.startsWith('skipped: ')) {
        status = 'skipped';
        detail = detail.slice('skipped: '.length);
      }
    } catch (error) {
      status = 'fail';
      detail = error instanceof Error ? error.message : String(error);
    }
    items.push({ name, status, ms: now() - started, detail });
  };

  const temp = `Sheet CNN check ${now()}`;
  workbook.ensureSheet(temp);
  const sheet = spreadsheet.getSheetByName(temp) as CheckedSheet;
  try {
    run('Text round trip (apostrophes, formula-like, number-like text, blanks)', () => {
      workbook.writeCells(temp, 1, 1, [[...TEXT_SAMPLES.map(textCell), '']]);
      expectEqual('text', workbook.readValues(temp, { row: 1, col: 1, rows: 1, cols: TEXT_SAMPLES.length + 1 })[0], [
        ...TEXT_SAMPLES,
        '',
      ]);
      expectEqual(
        'formulas',
        workbook
          .readFormulas(temp, { row: 1, col: 1, rows: 1, cols: TEXT_SAMPLES.length })
          .flat()
          .filter((f) => f !== ''),
        [],
      );
      return `${TEXT_SAMPLES.length} strings and a blank came back exactly`;
    });

    run('Plain-text (@) cells keep the raw string', () => {
      const range = sheet.getRange(2, 1, 1, 3);
      range.setNumberFormat('@');
      range.setValues([['0012', '=1+1', "'kept?"]]);
      const [raw0012, rawFormula, apostrophe] = range.getValues()[0] as CellValue[];
      expectEqual('plain text', [raw0012, rawFormula], ['0012', '=1+1']);
      facts.push([
        'An apostrophe written into a plain-text (@) cell',
        apostrophe === "'kept?" ? 'is kept (undocumented)' : 'is dropped (undocumented)',
      ]);
      return '"0012" and "=1+1" stayed text';
    });

    run('Numbers round trip exactly', () => {
      workbook.writeCells(temp, 3, 1, [NUMBER_SAMPLES]);
      const back = workbook.readValues(temp, { row: 3, col: 1, rows: 1, cols: NUMBER_SAMPLES.length })[0];
      back.forEach((v, i) => {
        if (v !== NUMBER_SAMPLES[i]) throw new Error(`number ${NUMBER_SAMPLES[i]} read back as ${String(v)}`);
      });
      return `${NUMBER_SAMPLES.length} numbers, 1e300 and 1e-10 included`;
    });

    run('A new sheet (1000 × 26) grows past its size', () => {
      const size = `${sheet.getMaxRows()} × ${sheet.getMaxColumns()}`;
      facts.push(['Size of a new sheet', size]);
      workbook.writeCells(temp, 1003, 28, [[7]]);
      expectEqual('cell past the edge', workbook.readValues(temp, { row: 1003, col: 28, rows: 1, cols: 1 }), [[7]]);
      return `new sheet ${size}; AB1003 written and read back`;
    });

    run('Conditional-format gradient written and read back', () => {
      workbook.setColorRules(temp, [divergingRule([{ row: 3, col: 1, rows: 1, cols: NUMBER_SAMPLES.length }], 1)]);
      const rules = sheet.getConditionalFormatRules();
      if (rules.length !== 1) throw new Error(`the sheet holds ${rules.length} rules; expected 1`);
      const [range] = rules[0].getRanges();
      expectEqual('rule range (row, rows)', [range.getRow(), range.getNumRows()], [3, 1]);
      return 'one gradient rule over A3:E3';
    });

    run(`The ${SHEETS_CELL_CHAR_LIMIT.toLocaleString('en-US')}-character cell boundary`, () => {
      const longest = 'a'.repeat(SHEETS_CELL_CHAR_LIMIT - 1);
      workbook.writeCells(temp, 4, 1, [[longest]]);
      expectEqual(
        'length read back',
        String(workbook.readValues(temp, { row: 4, col: 1, rows: 1, cols: 1 })[0][0]).length,
        longest.length,
      );
      let refused = false;
      try {
        sheet.getRange(5, 1, 1, 1).setValues([['a'.repeat(SHEETS_CELL_CHAR_LIMIT + 1)]]);
      } catch {
        refused = true;
      }
      if (!refused)
        throw new Error(
          `a cell of ${SHEETS_CELL_CHAR_LIMIT + 1} characters was accepted; the add-on's limit is out of date`,
        );
      return `${SHEETS_CELL_CHAR_LIMIT} characters (with the apostrophe) fit; ${SHEETS_CELL_CHAR_LIMIT + 1} are refused`;
    });

    run('Document lock acquired and released', () => {
      const lock = env.documentLock();
      if (lock === null)
        throw new Error('LockService.getDocumentLock() returned null: the script is not running inside this document');
      if (!lock.tryLock(1000))
        throw new Error('the document lock is held elsewhere (someone is training?); try again later');
      lock.releaseLock();
      return 'tryLock and releaseLock';
    });

    run('Custom functions run in this document', () => {
      workbook.writeCells(temp, 6, 1, [['=SHEETCNN_VERSION()']]);
      const deadline = now() + PROBE_WAIT_MS;
      let value: CellValue;
      do {
        app.flush();
        value = workbook.readValues(temp, { row: 6, col: 1, rows: 1, cols: 1 })[0][0];
      } while (value !== PROBE_ANSWER && value !== '#NAME?' && now() < deadline);
      facts.push(['Custom functions', value === PROBE_ANSWER ? 'active' : String(value)]);
      if (value === '#NAME?') {
        throw new Error(
          '=SHEETCNN_VERSION() shows #NAME?: custom functions are not active here (a test deployment, or the add-on not enabled in this document); use native or values mode',
        );
      }
      if (value !== PROBE_ANSWER)
        throw new Error(
          `=SHEETCNN_VERSION() shows "${String(value)}" after ${PROBE_WAIT_MS / 1000} s; run the check again`,
        );
      return `=SHEETCNN_VERSION() shows "${PROBE_ANSWER}"`;
    });

    run('Small model built and run in each mode equals the engine (1e-9)', () => checkBuilds(workbook, app));

    run("The face detector's parts are all in this project", () => {
      const { parts, script } = readFaceDetector(env.addOnFile);
      return `${plural(parts.length, 'part')} of build ${parts[0].build}, ${Math.round(script.length / 1024)} KB in all`;
    });
  } finally {
    workbook.deleteSheet(temp);
  }
  return { items, facts };
}

/**
 * Builds the 5×5 worked example in custom, native and values mode and compares the Softmax sheet with the
 * engine. It writes the model's own sheets, so it runs only in a spreadsheet without a model (deleting them
 * afterwards), and is skipped otherwise: nothing of the user's is ever overwritten.
 */
function checkBuilds(workbook: GoogleWorkbook, app: SheetsApp): string {
  const spec = smallSpec();
  const names = modelSheetNames(spec);
  const clash = workbook.sheetNames().filter((name) => isModelSheet(name) || names.includes(name));
  if (clash.length > 0)
    return `skipped: this spreadsheet has model sheets (${clash.slice(0, 3).join(', ')}…); run the check in a new spreadsheet to include this item`;
  const params = initParams(spec, 7);
  const image = tensor(
    [3, 5, 5],
    Array.from({ length: 75 }, (_, i) => (i * 53) % 256),
  );
  const expected = forward(spec, params, image).probabilities.data;
  const results: string[] = [];
  try {
    for (const mode of ['custom', 'native', 'values'] as const) {
      buildModel(workbook, spec, params, image, { mode, seed: 7, label: 0 });
      app.flush();
      const shown = workbook.readValues(SOFTMAX_SHEET, columnRange(expected.length)).map(([v]) => v);
      const worst = Math.max(...shown.map((v, k) => (typeof v === 'number' ? Math.abs(v - expected[k]) : Infinity)));
      if (!(worst <= 1e-9))
        throw new Error(
          `${mode} mode: the Softmax sheet shows ${JSON.stringify(shown)}, the engine ${JSON.stringify(Array.from(expected))}`,
        );
      results.push(`${mode} ${worst.toExponential(1)}`);
    }
  } finally {
    for (const name of names) if (workbook.sheetNames().includes(name)) workbook.deleteSheet(name);
  }
  return `largest difference: ${results.join(', ')}`;
}
