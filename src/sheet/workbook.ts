/**
 * Everything the server does to a spreadsheet goes through this interface, one call per whole block.
 * Two implementations: Google Sheets (src/addon/google-workbook.ts) and a local formula engine
 * (src/local/engine/local-workbook.ts). Rows and columns are 1-based, as in A1 notation and SpreadsheetApp.
 */
import { a1Cell } from './a1-notation';

/** A cell as read: a number, text, a boolean, or '' for a blank cell (as SpreadsheetApp's getValues returns). Errors read as their code text, e.g. '#DIV/0!'. */
export type CellValue = number | string | boolean;

/**
 * A cell as written. Strings follow one rule on every Workbook, the rule Google Sheets applies to typed input:
 * - a string starting with '=' is a formula (written on purpose by the code);
 * - a string starting with an apostrophe is text, and the apostrophe is not stored ("'=1+1" reads back "=1+1");
 * - any other string is text exactly as given: never a number, date, time, percentage, boolean or formula.
 * '' or null clears the cell. Write user text (class and picture names, labels) through textCell().
 */
export type CellInput = number | string | boolean | null;

/**
 * User text as a cell input that reads back exactly what the user typed, whatever it looks like ("=A1",
 * "'quoted", "0012", "TRUE", "1/2/2020"): a leading apostrophe marks text and is not stored.
 */
export function textCell(text: string): string {
  return text === '' ? '' : `'${text}`;
}

/**
 * A cell input as typed into Google Sheets or HyperFormula, which share the rule above except that they read
 * an unmarked string as a number, date or boolean when it looks like one: so every plain string gets the
 * apostrophe, and formulas, marked text, numbers and booleans pass through. null becomes '' (blank).
 * The spreadsheet's @ (plain text) format is never used for text: whether Sheets keeps an apostrophe
 * literally in such a cell is not documented, and an apostrophe alone makes text everywhere.
 */
export function typedInput(cell: CellInput): string | number | boolean {
  if (cell === null) return '';
  if (typeof cell === 'string' && cell !== '' && !cell.startsWith('=') && !cell.startsWith("'")) return `'${cell}`;
  return cell;
}

/** A rectangular block of cells. */
export interface CellRange {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

/** One stop of a colour scale: a colour (#rrggbb) at a fixed number, or at the range's min/max when value is omitted. */
export interface ColorStop {
  readonly color: string;
  readonly value?: number;
}

/** A gradient conditional-format rule (min → optional mid → max) over some ranges of one sheet. */
export interface ColorRule {
  readonly ranges: readonly CellRange[];
  readonly min: ColorStop;
  readonly mid?: ColorStop;
  readonly max: ColorStop;
}

/**
 * An embedded chart over blocks of one sheet. Each range starts with a header row (its series' name); the
 * first range is the x axis (category labels of bars, x values of a line or scatter), each further range one
 * series. The chart reads the cells, so it follows them as they change.
 */
/** Every chart's size in pixels, in Google Sheets (options width/height) and in the playground alike. */
export const CHART_SIZE = { width: 480, height: 300 } as const;

export interface ChartSpec {
  readonly kind: 'column' | 'line' | 'scatter';
  /** Names the chart on the sheet: setChart replaces the sheet's chart of the same title. */
  readonly title: string;
  readonly ranges: readonly CellRange[];
  /** The cell under the chart's top-left corner. */
  readonly anchor: { readonly row: number; readonly col: number };
  /** Scatter only: the first series drawn as a line without points, the others as points (values marked on a curve). */
  readonly curveThenPoints?: boolean;
}

export interface Workbook {
  /** Names of all sheets, in tab order. */
  sheetNames(): string[];
  /** Creates the sheet if it does not exist; never touches an existing one. */
  ensureSheet(name: string): void;
  deleteSheet(name: string): void;
  /** Removes values, formulas, formats, notes and colour rules; keeps the sheet. */
  clearSheet(name: string): void;
  /** Extent of the data: last used row and column (0 when empty). */
  usedSize(name: string): { rows: number; cols: number };
  /** Computed values of a block, '' for blanks. */
  readValues(name: string, range: CellRange): CellValue[][];
  /** Formulas of a block ('' where a cell holds a plain value or nothing). */
  readFormulas(name: string, range: CellRange): string[][];
  /** Writes a block of values and formulas at (row, col); every row must have the same length. */
  writeCells(name: string, row: number, col: number, cells: readonly (readonly CellInput[])[]): void;
  /** Number format pattern, e.g. '0.000', for a block. */
  setNumberFormat(name: string, range: CellRange, format: string): void;
  setColumnWidths(name: string, firstCol: number, count: number, widthPx: number): void;
  /** Row heights in pixels (a picture's cells are small squares). */
  setRowHeights(name: string, firstRow: number, count: number, heightPx: number): void;
  /** Text in this block wraps onto more lines within its column (the rows grow), instead of running on. */
  setWrap(name: string, range: CellRange): void;
  setFrozenRows(name: string, rows: number): void;
  /** One note per cell of the block ('' removes a note). */
  setNotes(name: string, range: CellRange, notes: readonly (readonly string[])[]): void;
  /** Replaces all colour rules of the sheet with these (as SpreadsheetApp's setConditionalFormatRules does). */
  setColorRules(name: string, rules: readonly ColorRule[]): void;
  /** Adds the chart to the sheet, replacing the sheet's chart of the same title (so repeating it never adds a second). */
  setChart(name: string, chart: ChartSpec): void;
  /** Applies pending changes (SpreadsheetApp.flush); a no-op where writes are immediate. */
  flush(): void;
}

/**
 * A block must start at row/column 1 or later and hold at least one cell. SpreadsheetApp refuses others with
 * terse messages and HyperFormula with none; every Workbook says what was asked instead.
 */
export function assertValidRange(name: string, method: string, range: CellRange): void {
  const ok = [range.row, range.col, range.rows, range.cols].every((n) => Number.isInteger(n) && n >= 1);
  if (!ok) {
    throw new Error(
      `${method} on sheet "${name}": row ${range.row}, column ${range.col}, ${range.rows}×${range.cols} is not a valid block; ` +
        'rows and columns start at 1 and a block has at least 1 row and 1 column.',
    );
  }
}

/**
 * Google Sheets stores NaN or ±Infinity as an error cell; every Workbook refuses them instead, naming the
 * cell, so a computation gone wrong never lands in a sheet as a silent #NUM!.
 */
export function assertFiniteNumbers(
  name: string,
  row: number,
  col: number,
  cells: readonly (readonly CellInput[])[],
): void {
  cells.forEach((cellRow, i) =>
    cellRow.forEach((cell, j) => {
      if (typeof cell === 'number' && !Number.isFinite(cell)) {
        throw new Error(
          `writeCells on sheet "${name}": the value for ${a1Cell(row + i, col + j)} is ${cell}; only finite numbers can be written.`,
        );
      }
    }),
  );
}

/** A chart needs an x range and at least one series, all with the same rows (header included). */
export function assertValidChart(name: string, chart: ChartSpec): void {
  for (const range of chart.ranges) assertValidRange(name, 'setChart', range);
  if (chart.ranges.length < 2 || chart.ranges.some((r) => r.rows !== chart.ranges[0].rows || r.cols !== 1)) {
    throw new Error(
      `setChart on sheet "${name}": chart "${chart.title}" needs one column for the x axis and one per series, all over the same rows.`,
    );
  }
}
