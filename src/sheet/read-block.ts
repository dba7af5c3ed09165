/**
 * Reads numbers people may have edited, in one read per block, with messages that name the sheet and the
 * A1 cell and say what to do. The caller lists where each number sits (from layout.ts); every other cell of
 * the block, plus one row below and one column right of it, must be blank — a value there means the block
 * has shifted or has the wrong shape for the spec.
 */
import type { CellPosition } from './layout';
import { a1Cell, a1Range } from './a1-notation';
import { boundingRange } from './layout';
import { describeCell } from './cell-values';
import type { CellValue, Workbook } from './workbook';

export interface BlockToRead {
  readonly sheet: string;
  /** Where each number sits, in the order the caller wants them. */
  readonly cells: readonly CellPosition[];
  /** What the block holds and where, e.g. "2 filters × 3 channels of 3×3 weights in B4:L10, biases in N4:N5". */
  readonly expected: string;
  /** Names number i for messages, e.g. "weight 2 of filter 1, channel R". */
  readonly describe: (index: number) => string;
  /** Extra check of a number (e.g. pixels 0–255); returns a problem or null. */
  readonly check?: (value: number) => string | null;
}

/** A cell's value for a message; formula errors read as their code (#REF!), so they are named as errors. */
function describeValue(value: CellValue): string {
  return typeof value === 'string' && value.startsWith('#') ? `the error ${value}` : describeCell(value);
}

/** Reads the block (one call) and returns its numbers in `cells` order, or throws a message naming the cell. */
export function readNumberBlock(workbook: Workbook, block: BlockToRead): Float64Array {
  const { sheet, cells } = block;
  const box = boundingRange(cells);
  const { row: top, col: left } = box;
  // One more row and column than the numbers need: a value there means the block has shifted.
  const rows = box.rows + 1;
  const cols = box.cols + 1;
  const values = workbook.readValues(sheet, { row: top, col: left, rows, cols });

  const isData = new Uint8Array(rows * cols);
  for (const p of cells) isData[(p.row - top) * cols + (p.col - left)] = 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = values[r]?.[c] ?? '';
      if (isData[r * cols + c] === 0 && value !== '') {
        throw new Error(
          `Sheet "${sheet}" has ${describeValue(value)} in ${a1Cell(top + r, left + c)}, where the model expects a blank cell ` +
            `(${block.expected}); the block has the wrong shape for the spec on the Model sheet. ` +
            'Move the numbers back into that layout, or run Build model to rebuild the sheets.',
        );
      }
    }
  }

  const out = new Float64Array(cells.length);
  cells.forEach((p, i) => {
    const value = values[p.row - top]?.[p.col - left] ?? '';
    const where = `Sheet "${sheet}" cell ${a1Cell(p.row, p.col)} (${block.describe(i)})`;
    if (value === '') {
      throw new Error(
        `${where} is blank, but the model expects a number there (${block.expected}); type a number, or run Build model to rebuild the sheets.`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new Error(`${where} holds ${describeValue(value)}; type a number there.`);
    const problem = block.check?.(value) ?? null;
    if (problem !== null) throw new Error(`${where} holds ${value}; ${problem}`);
    out[i] = value;
  });
  return out;
}

/** "B4:L10" for messages. */
export function rangeText(range: { row: number; col: number; rows: number; cols: number }): string {
  return a1Range(null, range);
}
