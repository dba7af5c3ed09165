/**
 * Typing into the playground's workbook view: a request to put one number into one cell, checked field by
 * field before anything is written. Only cells that hold a plain number can be edited (weights, biases,
 * pixels, settings); formulas, text and blank gaps are refused, saying why.
 */
import { a1Cell } from '../../sheet/a1-notation';
import { ALL_PICTURE_SHEETS } from '../../sheet/sheet-names';
import type { Workbook } from '../../sheet/workbook';
import { MAX_NAME_LENGTH, requireInteger, requireNumber, requireRecord } from '../../server/validate';
import type { LocalWorkbook } from '../engine/local-workbook';
import { HttpError } from './rpc-server';
import { cellDetail } from './playground-view';

/** An edit request is a few dozen bytes; anything much larger is not one. */
export const MAX_EDIT_BODY_BYTES = 2048;
/** Largest magnitude typed into a cell; far beyond any sensible weight, but keeps the sums finite. */
export const MAX_EDIT_MAGNITUDE = 1e9;

const FIELDS = ['sheet', 'row', 'col', 'value'] as const;

export interface CellEdit {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  readonly value: number;
}

function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new HttpError(400, `${(error as Error).message}.`);
  }
}

/** The edit in `body`, or an HttpError: 400 for a malformed request, 404 for a missing sheet or cell, 409 for a cell that cannot take a number. */
export function parseCellEdit(body: unknown, workbook: LocalWorkbook): CellEdit {
  const fields = checked(() => requireRecord(body, 'The edit'));
  const unknown = Object.keys(fields).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0)
    throw new HttpError(
      400,
      `The edit has unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')}; send only sheet, row, col and value.`,
    );
  const sheet = fields.sheet;
  if (typeof sheet !== 'string' || sheet.length === 0 || sheet.length > MAX_NAME_LENGTH) {
    throw new HttpError(400, `The edit's sheet must be a sheet name of 1 to ${MAX_NAME_LENGTH} characters.`);
  }
  if (!workbook.sheetNames().includes(sheet)) throw new HttpError(404, `There is no sheet named "${sheet}".`);
  const size = workbook.usedSize(sheet);
  const row = checked(() => requireInteger(fields.row, "The edit's row", 1, Math.max(1, size.rows)));
  const col = checked(() =>
    requireInteger(fields.col, "The edit's col (column number, A = 1)", 1, Math.max(1, size.cols)),
  );
  const value = checked(() => requireNumber(fields.value, 'The new value', -MAX_EDIT_MAGNITUDE, MAX_EDIT_MAGNITUDE));
  const cell = cellDetail(workbook, sheet, row, col);
  const where = `"${sheet}"!${a1Cell(row, col)}`;
  if (cell.formula !== '')
    throw new HttpError(
      409,
      `${where} is computed by a formula; type numbers into the weights, biases or the picture (R, G, B) instead.`,
    );
  if (typeof cell.value !== 'number') {
    throw new HttpError(
      409,
      `${where} ${cell.value === '' ? 'is blank' : 'holds text'}; only cells that hold a number (weights, biases, pixels) can be edited here.`,
    );
  }
  if (ALL_PICTURE_SHEETS.includes(sheet) && !(Number.isInteger(value) && value >= 0 && value <= 255)) {
    throw new HttpError(400, `${where} is a pixel; pixels are whole numbers from 0 to 255, not ${value}.`);
  }
  return { sheet, row, col, value };
}

/** Writes the number; in the formula modes the engine recomputes every step that depends on it. */
export function applyCellEdit(workbook: Workbook, edit: CellEdit): void {
  workbook.writeCells(edit.sheet, edit.row, edit.col, [[edit.value]]);
}
