/**
 * What the playground's workbook view shows of a sheet, read from the local workbook in whole blocks: the
 * values (numbers at full precision, for hover; long text shortened, as the cell's panel has it whole), their display text, the colour of each cell from the sheet's colour
 * rules, which cells hold formulas, the notes, column widths and frozen rows.
 */
import type { CellValue, ChartSpec } from '../../sheet/workbook';
import { a1Cell } from '../../sheet/layout';
import type { LocalWorkbook, NoteEntry } from '../engine/local-workbook';
import { cellColors } from './playground-colors';
import { displayValue, shortText } from './playground-format';
import { formatNumber } from '../../sheet/number-format';
import { textColorOn } from '../../sheet/contrast';

/** Width of a column whose width was never set (Google Sheets' default). */
export const DEFAULT_COLUMN_WIDTH = 100;
/** Height of a row whose height was never set (Google Sheets' default). */
export const DEFAULT_ROW_HEIGHT = 21;
/** Largest sheet the view sends in one piece (the default model's largest step sheet has ~15,000 cells). */
export const MAX_VIEW_CELLS = 400_000;

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

/** A sheet with more cells than the view sends: the message says what to do instead. */
export class SheetTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SheetTooLargeError';
  }
}

/** A request for something that is not there: the message says what exists. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export function requireSheet(workbook: LocalWorkbook, name: string): void {
  if (!workbook.sheetNames().includes(name)) {
    throw new NotFoundError(`There is no sheet named "${name}". The sheets are: ${workbook.sheetNames().join(', ') || 'none yet (import a picture first)'}.`);
  }
}

export function sheetSummaries(workbook: LocalWorkbook): SheetSummary[] {
  return workbook.sheetNames().map((name) => ({ name, ...workbook.usedSize(name) }));
}

/** A number format's text colour wins, as in a spreadsheet; otherwise the one that reads best on the fill. */
function textColor(value: CellValue, format: string | undefined, fill: string): string {
  const formatted = typeof value === 'number' && format !== undefined ? formatNumber(value, format) : null;
  if (formatted?.color) return formatted.color;
  return fill === '' ? '' : textColorOn(fill);
}

export function sheetView(workbook: LocalWorkbook, name: string): SheetView {
  requireSheet(workbook, name);
  const formatting = workbook.snapshot(name);
  const used = workbook.usedSize(name);
  // Notes can sit on blank cells; the view reaches them too.
  const rows = Math.max(used.rows, ...formatting.notes.map((n) => n.row));
  const cols = Math.max(used.cols, ...formatting.notes.map((n) => n.col));
  if (rows * cols > MAX_VIEW_CELLS) {
    throw new SheetTooLargeError(`"${name}" has ${rows} × ${cols} cells, more than the view shows (${MAX_VIEW_CELLS}); download the .xlsx to see it.`);
  }
  const range = { row: 1, col: 1, rows: Math.max(rows, 1), cols: Math.max(cols, 1) };
  const stored = rows * cols === 0 ? [] : workbook.readValues(name, range);
  const formulas = rows * cols === 0 ? [] : workbook.readFormulas(name, range).map((row) => row.map((f) => f !== ''));
  const text = stored.map((row, r) => row.map((value, c) => (value === '' ? '' : displayValue(value, workbook.numberFormatAt(name, r + 1, c + 1)))));
  const colors = cellColors(stored, formatting.colorRules);
  const textColors = stored.map((row, r) => row.map((value, c) => textColor(value, workbook.numberFormatAt(name, r + 1, c + 1), colors[r][c])));
  // A Dataset cell holds a picture's pixels as thousands of characters: the view gets its start, a click its whole value.
  const values = stored.map((row) => row.map((value) => (typeof value === 'string' ? shortText(value) : value)));
  return {
    name,
    rows,
    cols,
    frozenRows: formatting.frozenRows,
    widths: Array.from({ length: cols }, (_, c) => formatting.columnWidths.get(c + 1) ?? DEFAULT_COLUMN_WIDTH),
    heights: Array.from({ length: rows }, (_, r) => formatting.rowHeights.get(r + 1) ?? DEFAULT_ROW_HEIGHT),
    values,
    text,
    colors,
    textColors,
    wrapped: stored.map((row, r) => row.map((_, c) => workbook.isWrapped(name, r + 1, c + 1))),
    formulas,
    notes: [...formatting.notes],
    charts: formatting.charts.map((chart) => chartView(workbook, name, chart)),
  };
}

/** One read per range; the header row names the series. */
function chartView(workbook: LocalWorkbook, name: string, chart: ChartSpec): ChartView {
  const [xs, ...ys] = chart.ranges.map((range) => workbook.readValues(name, range).map(([v]) => v));
  return {
    kind: chart.kind,
    title: chart.title,
    anchor: chart.anchor,
    curveThenPoints: chart.curveThenPoints,
    x: xs.slice(1),
    series: ys.map((column) => ({ name: String(column[0]), values: column.slice(1) })),
  };
}

export function cellDetail(workbook: LocalWorkbook, name: string, row: number, col: number): CellDetail {
  requireSheet(workbook, name);
  const range = { row, col, rows: 1, cols: 1 };
  const value = workbook.readValues(name, range)[0][0];
  const formula = workbook.readFormulas(name, range)[0][0];
  return {
    sheet: name,
    cell: a1Cell(row, col),
    value,
    formula,
    note: workbook.snapshot(name).notes.find((n) => n.row === row && n.col === col)?.note ?? '',
    format: workbook.numberFormatAt(name, row, col) ?? '',
    editable: formula === '' && typeof value === 'number',
  };
}
