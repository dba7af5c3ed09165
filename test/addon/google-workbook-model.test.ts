/**
 * Sheet CNN's own sheets through GoogleWorkbook over the recording SpreadsheetApp fake, whose new sheets are
 * 1000 rows × 26 columns as in Google Sheets. The default model and a large dataset are bigger than that, so
 * they fit only because GoogleWorkbook grows its sheets; the local formula engine behind the fake holds what
 * was written and is read back as the reference.
 */
import { GoogleWorkbook } from '../../src/addon/google-workbook';
import { createRng, defaultSpec, initParams, paramList, tensor } from '../../src/core';
import type { ModelSpec } from '../../src/core/types';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { createServer } from '../../src/server';
import { DATASET_SHEET, readDataset } from '../../src/sheet/dataset-sheet';
import { buildModel, readModel } from '../../src/sheet/whole-model';
import { DENSE_SHEET, modelSheetNames } from '../../src/sheet/sheet-names';
import type { PicturePixels } from '../../src/shared/api';
import {
  createFakeAppsScript,
  FakeAppsScript,
  NEW_SHEET_COLUMNS,
  NEW_SHEET_ROWS,
  RecordedCall,
} from '../helpers/apps-script-fakes';

/** A new spreadsheet (one sheet, "Sheet1", as Google creates it) behind the fake SpreadsheetApp. */
function newSpreadsheet() {
  const local = new LocalWorkbook();
  local.ensureSheet('Sheet1');
  const fake = createFakeAppsScript({ backing: local });
  // One GoogleWorkbook per server call, as the add-on makes them.
  const serverCall = () => new GoogleWorkbook(fake.spreadsheetApp.getActiveSpreadsheet(), fake.spreadsheetApp);
  return { local, fake, serverCall };
}

/** Calls by Sheet/Range method, e.g. { 'Range.setValues': 54 } (getRange only makes a handle). */
function countByMethod(calls: readonly RecordedCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of calls) {
    if (c.method === 'getRange' || c.object === 'ConditionalFormatRuleBuilder') continue;
    const key = `${c.object}.${c.method}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function sizeOf(fake: FakeAppsScript, sheet: string): { rows: number; cols: number } {
  const handle = fake.spreadsheetApp.spreadsheet.getSheetByName(sheet)!;
  return { rows: handle.getMaxRows(), cols: handle.getMaxColumns() };
}

function withInputSide(side: number): ModelSpec {
  const spec = defaultSpec();
  return { ...spec, input: { ...spec.input, width: side, height: side } };
}

function buildThroughGoogle(spec: ModelSpec, seed: number) {
  const sheets = newSpreadsheet();
  const image = tensor([3, spec.input.height, spec.input.width]);
  buildModel(sheets.serverCall(), spec, initParams(spec, seed), image, { mode: 'custom', seed, label: -1 });
  return sheets;
}

describe('the default model through GoogleWorkbook', () => {
  test('it builds, though its sheets are larger than new sheets, and reads back as built', () => {
    const spec = defaultSpec();
    const { fake, serverCall } = buildThroughGoogle(spec, 7);
    const built = fake.recorder.calls.slice();

    // From the layout rules: Dense weights hold 3136 rows of weights at B4, a blank row, then the biases;
    // Conv2 holds 64 maps of 28/2 = 14 pixels square, ceil(√64) = 8 blocks across with blank gaps, from B.
    expect(sizeOf(fake, DENSE_SHEET)).toEqual({ rows: 3 + 3136 + 1 + 1, cols: NEW_SHEET_COLUMNS });
    expect(sizeOf(fake, 'Conv2').cols).toBe(1 + 8 * 14 + 7);
    // Each sheet's size was asked once, however many blocks went to it.
    const asked = built.filter((c) => c.method === 'getMaxRows').map((c) => c.sheet);
    expect(asked.sort()).toEqual(modelSheetNames(spec).sort());

    // Reading looks one row below and one column right of each weights block, past the Dense sheet's edge.
    const read = readModel(serverCall());
    const expected = paramList(initParams(spec, 7));
    paramList(read.params).forEach((t, i) => {
      expect(t.shape).toEqual(expected[i].shape);
      t.data.forEach((v, j) => expect(Math.abs(v - expected[i].data[j])).toBeLessThanOrEqual(1e-12));
    });
  });

  test('building costs the same calls whatever the picture and weight sizes; rebuilding grows nothing', () => {
    const at28 = buildThroughGoogle(withInputSide(28), 1);
    const at40 = buildThroughGoogle(withInputSide(40), 1);
    const counts = countByMethod(at28.fake.recorder.calls);
    expect(countByMethod(at40.fake.recorder.calls)).toEqual(counts);
    expect(sizeOf(at40.fake, DENSE_SHEET).rows).toBe(3 + 64 * 10 * 10 + 2);
    const sheets = modelSheetNames(withInputSide(28)).length;
    expect(counts['Sheet.getMaxRows']).toBe(sheets);

    // A rebuild clears the sheets, which keeps their size: nothing needs to grow again.
    at28.fake.recorder.reset();
    const spec = withInputSide(28);
    buildModel(at28.serverCall(), spec, initParams(spec, 2), tensor([3, 28, 28]), {
      mode: 'custom',
      seed: 2,
      label: -1,
    });
    const rebuilt = countByMethod(at28.fake.recorder.calls);
    expect(rebuilt['Sheet.insertRowsAfter'] ?? 0).toBe(0);
    expect(rebuilt['Sheet.insertColumnsAfter'] ?? 0).toBe(0);
    expect(rebuilt['Sheet.getMaxRows']).toBe(sheets);
    expect(rebuilt['Range.setValues']).toBe(counts['Range.setValues']);
  });
});

/** `count` different 28×28 pictures. */
function pictures(count: number, seed: number): PicturePixels[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const rgb = Buffer.from(Array.from({ length: 28 * 28 * 3 }, () => Math.floor(rng.next() * 256)));
    return { name: `face-${seed}-${i}.png`, width: 28, height: 28, rgbBase64: rgb.toString('base64') };
  });
}

test('a 1,200-picture dataset, added 500 at a time, grows the Dataset sheet past 1000 rows', () => {
  const { fake, serverCall } = newSpreadsheet();
  const sent = pictures(1200, 3);
  const datasetCalls: RecordedCall[][] = [];
  const callsPerRequest: string[][] = [];
  for (const part of [sent.slice(0, 500), sent.slice(500, 1000), sent.slice(1000)]) {
    fake.recorder.reset();
    const server = createServer({ workbook: serverCall(), lock: fake.lock, now: () => Date.now(), userName: () => '' });
    const result = server.addPictures({ label: 'Jon Snow', pictures: part });
    expect(result).toMatchObject({ added: part.length, duplicates: [] });
    datasetCalls.push(fake.recorder.calls.filter((c) => c.sheet === DATASET_SHEET));
    callsPerRequest.push(
      fake.recorder.calls.filter((c) => c.method !== 'getRange').map((c) => `${c.object}.${c.method}`),
    );
  }

  // Rows 4–503 fit a new sheet; rows 504–1003 need 3 more, rows 1004–1203 another 200: one insert per call.
  const inserts = datasetCalls.map((calls) =>
    calls.filter((c) => c.method.startsWith('insert')).map((c) => [c.method, ...c.args]),
  );
  expect(inserts).toEqual([[], [['insertRowsAfter', NEW_SHEET_ROWS, 3]], [['insertRowsAfter', 1003, 200]]]);
  expect(sizeOf(fake, DATASET_SHEET)).toEqual({ rows: 3 + 1200, cols: NEW_SHEET_COLUMNS });
  // 500 or 200 pictures, the same calls, except that 500 rows of ~3,150 characters are over one write's budget
  // of 1,000,000 characters (src/addon/write-bands.ts) and go in two.
  const writes = (calls: string[]) => calls.filter((c) => c === 'Range.setValues').length;
  expect([writes(callsPerRequest[1]), writes(callsPerRequest[2])]).toEqual([2, 1]);
  expect(callsPerRequest[2]).toEqual(
    callsPerRequest[1].filter((c, i, all) => c !== 'Range.setValues' || all.indexOf(c) !== i),
  );

  const dataset = readDataset(serverCall());
  expect(dataset.rows.map((row) => [row.sheetRow, row.name, row.pixels])).toEqual(
    sent.map((p, i) => [4 + i, p.name, p.rgbBase64]),
  );
  expect(dataset.rows.every((row) => row.label === 'Jon Snow')).toBe(true);
});
