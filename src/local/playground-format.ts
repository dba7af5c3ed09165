/**
 * A cell's value as the workbook view shows it: numbers in their number format (the patterns the model
 * sheets use: 0, 0.0, 0.000, …), anything else the way a spreadsheet's automatic format would.
 */
import type { CellValue } from '../sheet/workbook';

/** Longest text shown in a cell: a sheet title fits, a Dataset cell's thousands of base64 characters do not. */
export const MAX_SHOWN_TEXT = 300;

const FIXED = /^0(?:\.(0+))?$/;

export function displayValue(value: CellValue, format: string | undefined): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value.length > MAX_SHOWN_TEXT ? `${value.slice(0, MAX_SHOWN_TEXT)}…` : value;
  const fixed = format === undefined ? null : FIXED.exec(format);
  if (fixed !== null) {
    const text = value.toFixed(fixed[1]?.length ?? 0);
    // toFixed keeps the sign of a tiny negative number that rounds to zero; a spreadsheet shows 0.000.
    return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
  }
  return String(Number(value.toPrecision(10)));
}
