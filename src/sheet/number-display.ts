/**
 * How a block of numbers is shown so a person can read it at a glance: a number format with as many
 * decimals as the block's size needs (about three significant digits for its largest value), a column
 * width that fits the widest formatted value in Google Sheets' and the .xlsx file's fonts with room for one
 * more digit, and the fixed end of a colour scale (±limit). Every sheet that shows numbers chooses these
 * here from the values it holds (or, for formulas, the values they compute now).
 */
import type { CellInput } from './workbook';
import { NUMBER_FONTS, TEXT_FONTS, columnWidthFor } from './font-metrics';
import { formatNumber } from './number-format';

/** Smallest and largest of a block's numbers (both 0 for a block without numbers). */
export interface ValueSpan {
  readonly min: number;
  readonly max: number;
}

/** Values below this size are shown in scientific notation: fixed decimals would need more than six. */
const SCIENTIFIC_BELOW = 1e-4;
const SCIENTIFIC_FORMAT = '0.00E+00';
/** The narrowest number column: a cell stays clickable and its colour visible. */
const MIN_WIDTH_PX = 28;

export function spanOf(values: Iterable<number>): ValueSpan {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min > max ? { min: 0, max: 0 } : { min, max };
}

/** The span of the numbers in a grid of cells (text, formulas and blanks are skipped). */
export function spanOfCells(cells: readonly (readonly CellInput[])[]): ValueSpan {
  return spanOf(cells.flat().filter((v): v is number => typeof v === 'number'));
}

export function joinSpans(...spans: readonly ValueSpan[]): ValueSpan {
  return spanOf(spans.flatMap((s) => [s.min, s.max]));
}

function largest(span: ValueSpan): number {
  return Math.max(Math.abs(span.min), Math.abs(span.max));
}

/** Decimals that give the largest value about three significant digits: 0.123, 1.23, 12.3, 123. */
export function numberFormatFor(span: ValueSpan): string {
  const size = largest(span);
  if (size === 0) return '0.00';
  if (size < SCIENTIFIC_BELOW) return SCIENTIFIC_FORMAT;
  const decimals = Math.min(6, Math.max(0, 2 - Math.floor(Math.log10(size))));
  return decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
}

/** What a cell shows for `value` in `format` (the format's text only, without colour). */
export function formattedText(value: number, format: string): string {
  const shown = formatNumber(value, format);
  if (shown === null) throw new Error(`Number format "${format}" is not one the sheets use.`);
  return shown.text;
}

/**
 * Width that shows the span's extremes whole, and (with `headroom`) a value ten times larger with the same
 * signs, so an edit or a training step that adds a digit still fits; `labels` share the columns.
 */
export function numberWidthFor(
  span: ValueSpan,
  format: string,
  labels: readonly string[] = [],
  headroom = true,
): number {
  const samples = headroom ? [span.min, span.max, span.min * 10, span.max * 10] : [span.min, span.max];
  const numbers = columnWidthFor(
    samples.map((v) => formattedText(v, format)),
    NUMBER_FONTS,
  );
  return Math.max(MIN_WIDTH_PX, numbers, columnWidthFor(labels, TEXT_FONTS));
}

/**
 * The fixed end of a diverging colour scale for a block: the largest size rounded up to 1, 2 or 5 × 10^k,
 * so −limit is full blue, 0 white and +limit full red on every engine, and a small change of the values
 * keeps the same scale.
 */
export function scaleLimit(span: ValueSpan): number {
  const size = largest(span);
  if (size === 0) return 1;
  const power = 10 ** Math.floor(Math.log10(size));
  const step = [1, 2, 5, 10].find((s) => s * power >= size * (1 - 1e-12)) ?? 10;
  return step * power;
}
