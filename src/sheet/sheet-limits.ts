/**
 * Checks of Google Sheets' size limits (src/shared/sheets-limits.ts), shared by both Workbooks, the
 * SpreadsheetApp fake and the code's own guards (which fire first and say what to do instead).
 * The messages start with the words Sheets uses:
 * - a cell over 50,000 characters: "Your input contains more than the maximum of 50000 characters in a single
 *   cell." (the message Sheets shows when such text is entered or pasted);
 * - over 10 million cells: "This action would increase the number of cells in the workbook above the limit of
 *   10000000 cells." (the Sheets API's answer, https://github.com/nithinmurali/pygsheets/issues/589);
 * - over 18,278 columns: Google documents the limit but not the message; ours follows the cell message's form.
 */
import {
  NEW_SHEET_COLUMNS,
  NEW_SHEET_ROWS,
  SHEETS_CELL_CHAR_LIMIT,
  SHEETS_CELL_LIMIT,
  SHEETS_COLUMN_LIMIT,
} from '../shared/sheets-limits';
import { a1Cell } from './a1-notation';
import type { CellInput } from './workbook';
import { typedInput } from './workbook';

export const CELL_TOO_LONG = `Your input contains more than the maximum of ${SHEETS_CELL_CHAR_LIMIT} characters in a single cell.`;
export const TOO_MANY_CELLS = `This action would increase the number of cells in the workbook above the limit of ${SHEETS_CELL_LIMIT} cells.`;
export const TOO_MANY_COLUMNS = `This action would increase the number of columns in the sheet above the limit of ${SHEETS_COLUMN_LIMIT} columns.`;

/** Characters a cell input takes in the sheet, counting the apostrophe that marks text (see typedInput). */
export function cellCharacters(cell: CellInput): number {
  const typed = typedInput(cell);
  return typeof typed === 'string' ? typed.length : String(typed).length;
}

/**
 * Throws Sheets' message, naming the first cell of the block whose text is over the per-cell limit. The block
 * is as sent to the spreadsheet (after typedInput), so an added apostrophe counts.
 */
export function assertCellTextFits(
  sheet: string,
  row: number,
  col: number,
  sent: readonly (readonly unknown[])[],
): void {
  sent.forEach((line, i) =>
    line.forEach((cell, j) => {
      if (typeof cell === 'string' && cell.length > SHEETS_CELL_CHAR_LIMIT) {
        throw new Error(
          `${CELL_TOO_LONG} ("${sheet}"!${a1Cell(row + i, col + j)} would hold ${cell.length} characters.)`,
        );
      }
    }),
  );
}

/** Throws when a sheet would reach past the last column Sheets allows. */
export function assertColumnsFit(sheet: string, lastColumn: number): void {
  if (lastColumn > SHEETS_COLUMN_LIMIT)
    throw new Error(`${TOO_MANY_COLUMNS} ("${sheet}" would reach column ${lastColumn}.)`);
}

/** Throws when a spreadsheet would hold more cells (every sheet's whole grid) than Sheets allows. */
export function assertCellCount(cells: number, what: string): void {
  if (cells > SHEETS_CELL_LIMIT) throw new Error(`${TOO_MANY_CELLS} (${what} would make ${cells} cells.)`);
}

/** Cells a sheet's grid counts for: at least a new sheet's 1000 × 26, more when its content reaches further. */
export function sheetGridCells(rows: number, cols: number): number {
  return Math.max(NEW_SHEET_ROWS, rows) * Math.max(NEW_SHEET_COLUMNS, cols);
}
