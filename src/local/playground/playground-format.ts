/**
 * A cell's value as the workbook view shows it: numbers in their number format (the patterns the model
 * sheets use: 0.000, 0.0%, 0.00E+00, coloured sections; see number-format.ts), anything else the way a
 * spreadsheet's automatic format would.
 */
import type { CellValue } from '../../sheet/workbook';
import { formatNumber } from '../../sheet/number-format';

/** Longest text shown in a cell: a sheet title fits, a Dataset cell's thousands of base64 characters do not. */
export const MAX_SHOWN_TEXT = 300;

/** How much of a longer text the view keeps: enough to recognise it; the cell's panel has it whole. */
export const SHOWN_TEXT_START = 64;

/** Text as the view carries it: whole up to MAX_SHOWN_TEXT, else its start and how long it really is. */
export function shortText(text: string): string {
  return text.length > MAX_SHOWN_TEXT ? `${text.slice(0, SHOWN_TEXT_START)}… (${text.length} characters)` : text;
}

export function displayValue(value: CellValue, format: string | undefined): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return shortText(value);
  // A format of empty sections (";;;") shows nothing: the picture tool's cells show only their colour.
  if (format !== undefined && /^;+$/.test(format)) return '';
  const shown = format === undefined ? null : formatNumber(value, format);
  return shown !== null ? shown.text : String(Number(value.toPrecision(10)));
}
