/**
 * A1 notation: column letters, cell and block references, quoted sheet names, and reading a block's
 * reference back.
 */
import type { CellRange } from './workbook';

/** 1 → A, 26 → Z, 27 → AA. */
export function columnLetter(col: number): string {
  if (!Number.isInteger(col) || col < 1) throw new Error(`columnLetter: column must be a whole number ≥ 1, got ${col}`);
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A1 address of one cell, e.g. B4. */
export function a1Cell(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

/**
 * A sheet name as it must appear before '!': bare when it is a plain identifier that cannot be read as a
 * cell address, otherwise in single quotes with inner quotes doubled ('Conv 1', 'Bob''s').
 */
export function quoteSheetName(sheet: string): string {
  const plain =
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) && !/^[A-Za-z]{1,3}[0-9]+$/.test(sheet) && !/^R[0-9]*C[0-9]*$/i.test(sheet);
  return plain ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** A1 reference of a block: B4:D6 (or B4 for one cell), prefixed with the sheet name when one is given. */
export function a1Range(sheet: string | null, range: CellRange): string {
  const start = a1Cell(range.row, range.col);
  const single = range.rows === 1 && range.cols === 1;
  const cells = single ? start : `${start}:${a1Cell(range.row + range.rows - 1, range.col + range.cols - 1)}`;
  return sheet === null ? cells : `${quoteSheetName(sheet)}!${cells}`;
}

/** Reads "B4" or "B4:D6" (no sheet name, no $) back into a block; null when the text is not one. */
export function parseA1Range(text: string): CellRange | null {
  const match = /^([A-Z]{1,3})([1-9][0-9]{0,7})(?::([A-Z]{1,3})([1-9][0-9]{0,7}))?$/.exec(text);
  if (match === null) return null;
  const column = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const top = Number(match[2]);
  const left = column(match[1]);
  const bottom = match[4] === undefined ? top : Number(match[4]);
  const right = match[3] === undefined ? left : column(match[3]);
  if (bottom < top || right < left) return null;
  return { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}
