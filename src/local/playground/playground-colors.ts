/**
 * Colour rules evaluated as a spreadsheet shows them: each rule's stops are placed on the numbers of its own
 * ranges (min / max of those numbers when a stop has no value, the median for a middle stop without one), and
 * a cell's colour is interpolated in RGB between the two stops around its value. Where rules overlap, the
 * first one wins, as in Google Sheets.
 */
import type { CellRange, CellValue, ColorRule, ColorStop } from '../../sheet/workbook';
import { hexColor, parseColor } from '../../sheet/contrast';
import type { Rgb } from '../../sheet/contrast';

/** The numbers of a rule's ranges (values is the sheet from A1; cells beyond it are blank). */
function numbersIn(values: readonly (readonly CellValue[])[], ranges: readonly CellRange[]): number[] {
  const numbers: number[] = [];
  for (const range of ranges) {
    for (let r = range.row - 1; r < range.row - 1 + range.rows && r < values.length; r++) {
      for (let c = range.col - 1; c < range.col - 1 + range.cols && c < values[r].length; c++) {
        const v = values[r][c];
        if (typeof v === 'number') numbers.push(v);
      }
    }
  }
  return numbers;
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface PlacedStop {
  readonly at: number;
  readonly color: Rgb;
}

function place(stop: ColorStop, fallback: number): PlacedStop {
  return { at: stop.value ?? fallback, color: parseColor(stop.color) };
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const s = Math.max(0, Math.min(1, t));
  return [a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s, a[2] + (b[2] - a[2]) * s];
}

/** The colour of `v` on a scale of two or three placed stops. */
function colorAt(v: number, stops: readonly PlacedStop[]): Rgb {
  if (stops.length === 2) {
    const [lo, hi] = stops;
    return hi.at === lo.at ? mix(lo.color, hi.color, 0.5) : mix(lo.color, hi.color, (v - lo.at) / (hi.at - lo.at));
  }
  const [lo, mid, hi] = stops;
  // A middle stop outside [min, max] (e.g. 0 when every value is positive) still anchors its colour, so
  // the sign stays readable: that half of the scale is simply not used.
  if (v <= mid.at) {
    const from = Math.min(lo.at, mid.at);
    return from === mid.at ? mid.color : mix(lo.color, mid.color, (v - from) / (mid.at - from));
  }
  const to = Math.max(hi.at, mid.at);
  return to === mid.at ? mid.color : mix(mid.color, hi.color, (v - mid.at) / (to - mid.at));
}

/** Background colour (#rrggbb, or '' for none) of every cell of `values`, a sheet's cells from A1. */
export function cellColors(values: readonly (readonly CellValue[])[], rules: readonly ColorRule[]): string[][] {
  const colors = values.map((row) => row.map(() => ''));
  for (const rule of rules) {
    const numbers = numbersIn(values, rule.ranges).sort((a, b) => a - b);
    if (numbers.length === 0) continue;
    const stops = [place(rule.min, numbers[0])];
    if (rule.mid) stops.push(place(rule.mid, median(numbers)));
    stops.push(place(rule.max, numbers[numbers.length - 1]));
    for (const range of rule.ranges) {
      for (let r = range.row - 1; r < range.row - 1 + range.rows && r < values.length; r++) {
        for (let c = range.col - 1; c < range.col - 1 + range.cols && c < values[r].length; c++) {
          const v = values[r][c];
          if (typeof v === 'number' && colors[r][c] === '') colors[r][c] = hexColor(colorAt(v, stops));
        }
      }
    }
  }
  return colors;
}
