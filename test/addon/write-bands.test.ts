/**
 * Big block writes go to Sheets in bands of whole rows within a budget of characters and cells per call, so
 * the number of calls depends on the block's shape only, never on the numbers in it. Measured on the default
 * model built through GoogleWorkbook over the SpreadsheetApp fake, in each mode.
 */
import { GoogleWorkbook } from '../../src/addon/google-workbook';
import {
  NUMBER_COST,
  WRITE_CELL_BUDGET,
  WRITE_CHARACTER_BUDGET,
  rowCost,
  writeBands,
} from '../../src/addon/write-bands';
import { defaultSpec, initParams, tensor } from '../../src/core';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import type { FormulaMode } from '../../src/shared/api';
import { buildModel } from '../../src/sheet/whole-model';
import { createFakeAppsScript } from '../helpers/apps-script-fakes';

describe('writeBands', () => {
  test('a block within budget is one band; a bigger one is cut into whole rows, each within budget', () => {
    const row = Array.from({ length: 100 }, () => 'x'.repeat(99));
    expect(writeBands([row, row])).toEqual([{ first: 0, rows: [row, row] }]);
    const rows = Array.from({ length: 250 }, () => row); // 250 × 9,900 characters
    const bands = writeBands(rows);
    expect(bands.map((b) => [b.first, b.rows.length])).toEqual([
      [0, 101],
      [101, 101],
      [202, 48],
    ]);
    for (const band of bands)
      expect(band.rows.reduce((sum, r) => sum + rowCost(r), 0)).toBeLessThanOrEqual(WRITE_CHARACTER_BUDGET);
  });

  test('cells are budgeted too, and one row over budget still goes whole (a one-row record stays one write)', () => {
    const letters = Array.from({ length: 30_000 }, () => ['a', 'b']);
    expect(writeBands(letters).map((b) => b.rows.length)).toEqual([25_000, 5_000]);
    expect(25_000 * 2).toBe(WRITE_CELL_BUDGET);
    const huge = [Array.from({ length: 30 }, () => 'y'.repeat(40_000))];
    expect(writeBands(huge)).toEqual([{ first: 0, rows: huge }]);
  });

  test('numbers count the same whatever their value, so the calls do not depend on the weights', () => {
    const short = Array.from({ length: 5_000 }, () => Array<number>(20).fill(0));
    const long = Array.from({ length: 5_000 }, () => Array<number>(20).fill(-0.1234567890123456));
    expect(rowCost(short[0])).toBe(20 * NUMBER_COST);
    expect(writeBands(short).map((b) => b.rows.length)).toEqual(writeBands(long).map((b) => b.rows.length));
  });
});

/** setValues calls of building the default model through GoogleWorkbook: how many, and the largest. */
function buildCalls(mode: FormulaMode, seed: number) {
  const local = new LocalWorkbook();
  local.ensureSheet('Sheet1');
  const fake = createFakeAppsScript({ backing: local });
  const workbook = new GoogleWorkbook(fake.spreadsheetApp.getActiveSpreadsheet(), fake.spreadsheetApp);
  const spec = defaultSpec();
  buildModel(workbook, spec, initParams(spec, seed), tensor([3, 28, 28]), { mode, seed, label: -1 });
  const writes = fake.recorder.calls.filter((c) => c.method === 'setValues').map((c) => c.args[0] as unknown[][]);
  return {
    setValues: writes.length,
    largestCharacters: Math.max(...writes.map((rows) => rows.reduce((sum, r) => sum + rowCost(r), 0))),
    largestCells: Math.max(...writes.map((rows) => rows.reduce((sum, r) => sum + r.length, 0))),
    largestJson: Math.max(...writes.map((rows) => JSON.stringify(rows).length)),
  };
}

test.each([
  // mode, setValues calls, largest JSON payload of one call (characters)
  ['custom', 55, 212_139],
  ['values', 55, 212_139],
  ['native', 68, 1_017_363],
] as const)(
  'the default model in %s mode: %i setValues calls, none over budget (largest %i characters as JSON)',
  (mode, calls, largestJson) => {
    const measured = buildCalls(mode, 1);
    expect(measured.setValues).toBe(calls);
    expect(measured.largestCharacters).toBeLessThanOrEqual(WRITE_CHARACTER_BUDGET);
    expect(measured.largestCells).toBeLessThanOrEqual(WRITE_CELL_BUDGET);
    expect(measured.largestJson).toBe(largestJson);
    // Other weights, same calls.
    if (mode === 'values') expect(buildCalls(mode, 99).setValues).toBe(calls);
  },
  180_000,
);
