/**
 * A copy of the values of every sheet of a running playground (its workbook lives in the playground's
 * worker thread), so a test can read the model and its weights with the same readers the server uses.
 */
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import type { RunningPlayground } from '../../src/local/playground/playground';
import type { CellValue } from '../../src/sheet/workbook';

export async function valuesCopy(playground: RunningPlayground): Promise<LocalWorkbook> {
  const copy = new LocalWorkbook();
  for (const name of (await playground.workbook('sheetNames')) as string[]) {
    copy.ensureSheet(name);
    const { rows, cols } = (await playground.workbook('usedSize', name)) as { rows: number; cols: number };
    if (rows === 0 || cols === 0) continue;
    const values = (await playground.workbook('readValues', name, { row: 1, col: 1, rows, cols })) as CellValue[][];
    // Array.from: arrays that crossed from the worker belong to another realm under Jest, which HyperFormula's
    // instanceof checks would not recognise. Text that looks like a formula stays text in the copy.
    copy.writeCells(
      name,
      1,
      1,
      Array.from(values, (row) => Array.from(row, (v) => (typeof v === 'string' && v.startsWith('=') ? `'${v}` : v))),
    );
  }
  return copy;
}
