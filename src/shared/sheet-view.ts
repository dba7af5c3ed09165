/**
 * What the playground's page receives from its server about the workbook: the sheets, one sheet's cells as
 * the view shows them, one cell's detail. Plain data, so the page (browser) and the server (Node) share these
 * types without the page importing any Node code.
 */
import type { CellValue, ChartSpec } from '../sheet/workbook';

/** Width of a column whose width was never set (Google Sheets' default). */
export const DEFAULT_COLUMN_WIDTH = 100;
/** Height of a row whose height was never set (Google Sheets' default). */
export const DEFAULT_ROW_HEIGHT = 21;

/** A cell's note. */
export interface NoteEntry {
  readonly row: number;
  readonly col: number;
  readonly note: string;
}

export interface SheetSummary {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
}

export interface SheetView extends SheetSummary {
  readonly frozenRows: number;
  /** Pixel width of columns 1…cols. */
  readonly widths: number[];
  /** Pixel height of rows 1…rows. */
  readonly heights: number[];
  readonly values: CellValue[][];
  readonly text: string[][];
  /** '#rrggbb' or '' per cell. */
  readonly colors: string[][];
  /** Text colour per cell ('' for the default): the number format's, else black or white by the fill. */
  readonly textColors: string[][];
  readonly formulas: boolean[][];
  /** Cells whose text wraps within the column. */
  readonly wrapped: boolean[][];
  readonly notes: NoteEntry[];
  readonly charts: ChartView[];
}

/** A chart with the values it draws, read from its ranges: the x column, then one series per range after it. */
export interface ChartView extends Omit<ChartSpec, 'ranges'> {
  /** Below the first range's header: category labels or x values. */
  readonly x: CellValue[];
  readonly series: { readonly name: string; readonly values: CellValue[] }[];
}

export interface CellDetail {
  readonly sheet: string;
  readonly cell: string;
  readonly value: CellValue;
  readonly formula: string;
  readonly note: string;
  readonly format: string;
  /** Whether the view lets a person type a number here (a plain number, not a formula). */
  readonly editable: boolean;
}
