/**
 * Help → Check this spreadsheet against the SpreadsheetApp fake: all pass where the fake behaves as Google
 * documents, and each item fails when the fake misbehaves in that item's one way. The report dialog escapes
 * everything it shows.
 */
import { checkReportHtml } from '../../src/addon/dialogs';
import { runSelfCheck } from '../../src/addon/self-check';
import { useKernels } from '../../src/core';
import type { CheckReport } from '../../src/addon/self-check';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { splitScript } from '../../src/shared/script-parts';
import { createFakeAppsScript } from '../helpers/apps-script-fakes';
import type { FakeBehaviour, FakeHtmlService } from '../helpers/apps-script-fakes';

const ITEMS = [
  'Text round trip (apostrophes, formula-like, number-like text, blanks)',
  'Plain-text (@) cells keep the raw string',
  'Numbers round trip exactly',
  'A new sheet (1000 × 26) grows past its size',
  'Conditional-format gradient written and read back',
  'The 50,000-character cell boundary',
  'Document lock acquired and released',
  'Custom functions run in this document',
  'Small model built and run in each mode equals the engine (1e-9)',
  "The face detector's parts are all in this project",
];

/** The project's HTML files as the build writes the face detector: a 5,000-character script in 5 parts. */
function detectorFiles(build = 'feedf00d'): Map<string, string> {
  const parts = splitScript('d'.repeat(5000), 1100, build);
  return new Map(parts.map((text, i) => [`FaceDetector${i + 1}`, text]));
}

function check(
  misbehave: Partial<FakeBehaviour> = {},
  prepare?: (local: LocalWorkbook) => void,
  htmlFiles = detectorFiles(),
): { report: CheckReport; sheets: string[] } {
  const local = new LocalWorkbook();
  local.ensureSheet('Sheet1');
  local.writeCells('Sheet1', 1, 1, [["the user's data"]]);
  prepare?.(local);
  const fake = createFakeAppsScript({ backing: local, readHtmlFile: (name) => htmlFiles.get(name) });
  Object.assign(fake.behaviour, misbehave);
  let clock = 1_000;
  const globals = fake.globals as { LockService: { getDocumentLock(): never } };
  const report = runSelfCheck({
    spreadsheet: fake.spreadsheetApp.getActiveSpreadsheet(),
    app: fake.spreadsheetApp,
    documentLock: () => globals.LockService.getDocumentLock(),
    now: () => (clock += 5),
    addOnFile: (name) =>
      (fake.globals as { HtmlService: FakeHtmlService }).HtmlService.createHtmlOutputFromFile(name).getContent(),
  });
  expect(local.readValues('Sheet1', { row: 1, col: 1, rows: 1, cols: 1 })).toEqual([["the user's data"]]);
  return { report, sheets: local.sheetNames() };
}

const statusOf = (report: CheckReport, item: number): string => report.items[item].status;

test("on a fake that behaves as Google documents, every item passes, and only the user's sheets are left", () => {
  const { report, sheets } = check();
  expect(report.items.map((item) => [item.name, item.status])).toEqual(ITEMS.map((name) => [name, 'pass']));
  expect(report.items.every((item) => item.ms > 0)).toBe(true);
  expect(sheets).toEqual(['Sheet1']);
  expect(report.facts).toEqual(
    expect.arrayContaining([
      ['WebAssembly in Apps Script', 'available'],
      ['Convolution kernels the engine runs on', 'WebAssembly SIMD'],
      ['An apostrophe written into a plain-text (@) cell', 'is dropped (undocumented)'],
      ['Size of a new sheet', '1000 × 26'],
      ['Custom functions', 'active'],
    ]),
  );
});

test.each<[number, Partial<FakeBehaviour>]>([
  [0, { apostropheStored: true }],
  [1, { plainTextIgnored: true }],
  [2, { numbersRounded: true }],
  [3, { insertsIgnored: true }],
  [4, { conditionalRulesDropped: true }],
  [5, { longTextCut: true }],
  [6, { documentLockMissing: true }],
  [7, { customFunctionsInactive: true }],
  [8, { formulaResultsOff: true }],
])('item %i fails when the fake misbehaves with %j, and the temporary sheets are still removed', (item, misbehave) => {
  const { report, sheets } = check(misbehave);
  expect([ITEMS[item], statusOf(report, item)]).toEqual([ITEMS[item], 'fail']);
  expect(report.items[item].detail.length).toBeGreaterThan(10);
  expect(sheets).toEqual(['Sheet1']);
});

test("the face detector's item reads every part and fails, naming what is wrong, when one is missing or from another build", () => {
  expect(check().report.items[9].detail).toBe('5 parts of build feedf00d, 5 KB in all');
  const missing = detectorFiles();
  missing.delete('FaceDetector4');
  expect(check({}, undefined, missing).report.items[9]).toMatchObject({
    status: 'fail',
    detail: 'No HTML file named "FaceDetector4" in this project.',
  });
  const mixed = detectorFiles();
  mixed.set('FaceDetector2', detectorFiles('0badf00d').get('FaceDetector2')!);
  expect(check({}, undefined, mixed).report.items[9]).toMatchObject({
    status: 'fail',
    detail: 'The parts of the script come from two versions of the add-on (it was being updated): try again.',
  });
});

test('the report names the JavaScript loops when the engine runs on them', () => {
  useKernels('javascript');
  try {
    expect(check().report.facts).toContainEqual(['Convolution kernels the engine runs on', 'JavaScript loops']);
  } finally {
    useKernels('auto');
  }
});

test('the undocumented answer about apostrophes in plain-text cells is reported, not failed', () => {
  const { report } = check({ plainTextKeepsApostrophe: true });
  expect(report.items.every((item) => item.status === 'pass')).toBe(true);
  expect(report.facts).toContainEqual(['An apostrophe written into a plain-text (@) cell', 'is kept (undocumented)']);
});

test('in a spreadsheet that holds a model, the build item is skipped and the model is untouched', () => {
  const { report, sheets } = check({}, (local) => {
    local.ensureSheet('Softmax');
    local.writeCells('Softmax', 4, 2, [[0.25]]);
  });
  expect(statusOf(report, 8)).toBe('skipped');
  expect(report.items[8].detail).toMatch(
    /this spreadsheet has model sheets \(Softmax…\); run the check in a new spreadsheet/,
  );
  expect(sheets).toEqual(['Sheet1', 'Softmax']);
});

test('the report dialog escapes every name and detail', () => {
  const html = checkReportHtml({
    items: [{ name: 'A <b>', status: 'fail', ms: 3, detail: '"<script>alert(1)</script>"' }],
    facts: [['x & y', '<i>']],
  });
  expect(html).not.toContain('<script>');
  expect(html).toContain('&#60;script&#62;');
  expect(html).toContain('1 check failed');
  expect(html).toContain('x &#38; y: &#60;i&#62;');
});
