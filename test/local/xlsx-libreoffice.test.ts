/**
 * Portability of the .xlsx export, checked by an independent spreadsheet engine: LibreOffice opens the file
 * headless and recalculates every formula; its logits, probabilities and loss readings equal src/core's.
 * Then one filter weight is changed in the file with ExcelJS (which does not calculate, so every cached
 * result is stale) and LibreOffice's recalculated probabilities equal src/core's with that weight.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cloneParams, defaultSpec, forward, lossReadings, smallSpec } from '../../src/core';
import type { ModelParams, ModelSpec } from '../../src/core/types';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { writeXlsxFile } from '../../src/local/engine/xlsx-export';
import { buildModel } from '../../src/sheet/whole-model';
import { GRID_ORIGIN, filterCell } from '../../src/sheet/layout';
import { LOGITS_SHEET, LOSS_SHEET, SOFTMAX_SHEET, filtersSheet } from '../../src/sheet/sheet-names';
import { LOSS_READING_CELLS, LOSS_READINGS_RANGE } from '../../src/sheet/loss-sheet';
import { CHECK_OK, checkStatus, modelChecks } from '../../src/sheet/block-checks';
import { libreOfficeTestTimeout, numberAt, recalculateWithLibreOffice } from '../helpers/libreoffice';
import type { RecalculatedSheets } from '../helpers/libreoffice';
import { LABEL, SEED, seededImage, seededParams } from '../sheet/model-fixture';
import { expectClose } from '../helpers/close';
import { recordMeasurement } from '../helpers/measurements';

interface Readings {
  logits: number[];
  probabilities: number[];
  loss: [number, number, number];
}

function columnOf(sheets: RecalculatedSheets, sheet: string, length: number): number[] {
  return Array.from({ length }, (_, k) => numberAt(sheets, sheet, GRID_ORIGIN.row + k, GRID_ORIGIN.col));
}

function readingsOf(sheets: RecalculatedSheets, classes: number): Readings {
  const cell = (at: { row: number; col: number }): number => numberAt(sheets, LOSS_SHEET, at.row, at.col);
  return {
    logits: columnOf(sheets, LOGITS_SHEET, classes),
    probabilities: columnOf(sheets, SOFTMAX_SHEET, classes),
    loss: [
      cell(LOSS_READING_CELLS.distance),
      cell(LOSS_READING_CELLS.crossEntropy),
      cell(LOSS_READING_CELLS.klDivergence),
    ],
  };
}

function expectEngineReadings(
  what: string,
  actual: Readings,
  spec: ModelSpec,
  params: ModelParams,
  image: ReturnType<typeof seededImage>,
): void {
  const acts = forward(spec, params, image);
  const loss = lossReadings(acts.probabilities, LABEL);
  expectClose(actual.logits, acts.logits.data, 1e-9, `${what} logits`);
  expectClose(actual.probabilities, acts.probabilities.data, 1e-9, `${what} probabilities`);
  expectClose(
    actual.loss,
    [loss.distance, loss.crossEntropy, loss.klDivergence],
    1e-9,
    `${what} loss (distance, cross-entropy, KL)`,
  );
}

/** The text LibreOffice shows at a 1-based (row, col) of a recalculated sheet. */
function textAt(sheets: RecalculatedSheets, sheet: string, row: number, col: number): string {
  const rows = sheets.get(sheet);
  if (rows === undefined)
    throw new Error(`LibreOffice wrote no sheet "${sheet}"; it wrote ${[...sheets.keys()].join(', ')}`);
  return rows[row - 1]?.[col - 1] ?? '';
}

/** Sets filter f's weight (c, i, j) of the first conv layer in the .xlsx file, as someone editing it would. */
async function editWeight(
  from: string,
  to: string,
  spec: ModelSpec,
  at: { f: number; c: number; i: number; j: number },
  value: number | string,
): Promise<void> {
  const excel = new ExcelJS.Workbook();
  await excel.xlsx.readFile(from);
  const cell = filterCell(spec.blocks[0].kernel, at.f, at.c, at.i, at.j);
  const sheet = excel.getWorksheet(filtersSheet(0));
  if (sheet === undefined) throw new Error(`the file has no "${filtersSheet(0)}" sheet`);
  sheet.getCell(cell.row, cell.col).value = value;
  await excel.xlsx.writeFile(to);
}

const cases: [string, () => ModelSpec][] = [
  ['small', () => smallSpec()],
  ['default', () => defaultSpec()],
];

describe.each(cases)('the %s model exported in native mode, recalculated by LibreOffice', (name, makeSpec) => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), `sheet-cnn-lo-${name}-`));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "computes the engine's probabilities and loss, and follows an edited filter weight",
    async () => {
      const spec = makeSpec();
      const params = seededParams(spec, SEED);
      const image = seededImage(spec, SEED + 7);
      const workbook = new LocalWorkbook();
      const t0 = Date.now();
      workbook.batch(() => buildModel(workbook, spec, params, image, { mode: 'native', seed: SEED, label: LABEL }));
      const t1 = Date.now();
      const file = path.join(dir, `${name}.xlsx`);
      const summary = await writeXlsxFile(workbook, file);
      const t2 = Date.now();
      expect(summary.leftOut).toEqual([]);

      const first = await recalculateWithLibreOffice(file);
      expectEngineReadings('LibreOffice', readingsOf(first.sheets, spec.classes.length), spec, params, image);
      for (const check of [...modelChecks(spec), checkStatus(spec)]) {
        expect({
          sheet: check.sheet,
          check: textAt(first.sheets, check.sheet, check.cell.row, check.cell.col),
        }).toEqual({ sheet: check.sheet, check: CHECK_OK });
      }

      // The centre weight of filter 1, red channel: every output position of every spec here uses it.
      const centre = Math.floor(spec.blocks[0].kernel / 2);
      const at = { f: 0, c: 0, i: centre, j: centre };
      const index = ((at.f * spec.input.channels + at.c) * spec.blocks[0].kernel + at.i) * spec.blocks[0].kernel + at.j;
      const edited = cloneParams(params);
      edited.conv[0].weights.data[index] += 0.75;
      const editedFile = path.join(dir, `${name}-edited.xlsx`);
      await editWeight(file, editedFile, spec, at, edited.conv[0].weights.data[index]);
      const second = await recalculateWithLibreOffice(editedFile);
      const after = readingsOf(second.sheets, spec.classes.length);
      expectEngineReadings('LibreOffice after the edit', after, spec, edited, image);

      const before = readingsOf(first.sheets, spec.classes.length).probabilities;
      const moved = Math.max(...after.probabilities.map((p, k) => Math.abs(p - before[k])));
      expect(moved).toBeGreaterThan(1e-4);
      recordMeasurement(
        `${name} model: build ${((t1 - t0) / 1000).toFixed(1)} s, export ${((t2 - t1) / 1000).toFixed(1)} s (${summary.formulaCells} formulas), ` +
          `LibreOffice recalculation ${first.seconds.toFixed(1)} s and ${second.seconds.toFixed(1)} s after the edit`,
      );
    },
    // Two LibreOffice runs.
    libreOfficeTestTimeout(2),
  );
});

test(
  "text typed into a filter weight of the exported small model: LibreOffice shows the check's message, not probabilities",
  async () => {
    const spec = smallSpec();
    const dir = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-lo-text-'));
    try {
      const workbook = new LocalWorkbook();
      buildModel(workbook, spec, seededParams(spec, SEED), seededImage(spec, SEED + 7), {
        mode: 'native',
        seed: SEED,
        label: LABEL,
      });
      const file = path.join(dir, 'small.xlsx');
      await writeXlsxFile(workbook, file);
      const edited = path.join(dir, 'small-text.xlsx');
      // Filter 1, channel G, kernel row 2, column 3 → H5; a decimal comma makes it text.
      await editWeight(file, edited, spec, { f: 0, c: 1, i: 1, j: 2 }, '0,5');
      const { sheets } = await recalculateWithLibreOffice(edited);
      const message =
        'Conv1 filters: weights and biases that are not numbers (text, blank or an error): 1 of 56. ' +
        'Type a number in each cell of the 3×3 blocks in B4:L10 and of the biases in N4:N5.';
      expect(textAt(sheets, filtersSheet(0), 3, 16)).toBe(message);
      for (const sheet of [LOGITS_SHEET, SOFTMAX_SHEET]) {
        expect({ sheet, column: [4, 5, 6].map((row) => textAt(sheets, sheet, row, GRID_ORIGIN.col)) }).toEqual({
          sheet,
          column: [message, message, message],
        });
      }
      const readings = Array.from({ length: LOSS_READINGS_RANGE.cols }, (_, i) =>
        textAt(sheets, LOSS_SHEET, LOSS_READINGS_RANGE.row, LOSS_READINGS_RANGE.col + i),
      );
      expect(readings).toEqual([message, message, message, message]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  libreOfficeTestTimeout(1),
);
