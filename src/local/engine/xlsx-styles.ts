/**
 * The sheet formatting the local workbook keeps as data, in ExcelJS's terms: colour rules become colour-scale
 * conditional formats, pixel widths become Excel's character widths.
 */
import type { ConditionalFormattingOptions, Cvfo } from 'exceljs';
import type { ColorRule, ColorStop } from '../../sheet/workbook';
import { a1Range } from '../../sheet/a1-notation';

/** Excel's default font (Calibri 11) has digits 7 px wide and pads each column by 5 px. */
const DIGIT_WIDTH_PX = 7;
const COLUMN_PADDING_PX = 5;

/** A width in pixels as the character count Excel stores (the formula in the Office Open XML spec). */
export function excelColumnWidth(px: number): number {
  return Math.max(0, Math.round(((px - COLUMN_PADDING_PX) / DIGIT_WIDTH_PX) * 100) / 100);
}

/** '#3d6fd6' → 'FF3D6FD6' (opaque ARGB, as ExcelJS writes colours). */
export function argb(color: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new Error(`Colour "${color}" is not a #rrggbb colour.`);
  return `FF${color.slice(1).toUpperCase()}`;
}

function cfvo(stop: ColorStop, whenOpen: Cvfo): Cvfo {
  return stop.value === undefined ? whenOpen : { type: 'num', value: stop.value };
}

/**
 * One colour-scale conditional format per rule, in the order given (the first rule gets priority 1, as the
 * first of Google Sheets' rules wins). Stops without a value sit at the range's min / max (the middle stop
 * without one at the 50th percentile), exactly as Sheets reads a gradient rule.
 */
export function colorScaleFormats(rules: readonly ColorRule[]): ConditionalFormattingOptions[] {
  return rules.map((rule, i) => {
    const stops: [ColorStop, Cvfo][] = [[rule.min, { type: 'min' }]];
    if (rule.mid) stops.push([rule.mid, { type: 'percentile', value: 50 }]);
    stops.push([rule.max, { type: 'max' }]);
    return {
      ref: rule.ranges.map((range) => a1Range(null, range)).join(' '),
      rules: [
        {
          type: 'colorScale',
          priority: i + 1,
          cfvo: stops.map(([stop, open]) => cfvo(stop, open)),
          color: stops.map(([stop]) => ({ argb: argb(stop.color) })),
        },
      ],
    };
  });
}
