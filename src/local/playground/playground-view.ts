/**
 * What the playground's workbook view shows of a sheet, read from the local workbook in whole blocks: the
 * values (numbers at full precision, for hover; long text shortened, as the cell's panel has it whole), their display text, the colour of each cell from the sheet's colour
 * rules, which cells hold formulas, the notes, column widths and frozen rows.
 */
import type { CellValue, ChartSpec } from '../../sheet/workbook';
import { a1Cell } from '../../sheet/a1-notation';
import type { LocalWorkbook } from '../engine/local-workbook';
import { DEFAULT_COLUMN_WIDTH, DEFAULT_ROW_HEIGHT } from '../../shared/sheet-view';
import type { CellDetail, ChartView, SheetSummary, SheetView } from '../../shared/sheet-view';
import { cellColors } from './playground-colors';
import { displayValue, shortText } from './playground-format';
import { formatNumber } from '../../sheet/number-format';
import { textColorOn } from '../../sheet/contrast';

/** Largest sheet the view sends in one piece (the default model's largest step sheet has ~15,000 cells). */
export const MAX_VIEW_CELLS = 400_000;

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
    throw new NotFoundError(
      `There is no sheet named "${name}". The sheets are: ${workbook.sheetNames().join(', ') || 'none yet (import a picture first)'}.`,
    );
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
    throw new SheetTooLargeError(
      `"${name}" has ${rows} × ${cols} cells, more than the view shows (${MAX_VIEW_CELLS}); download the .xlsx to see it.`,
    );
  }
  const range = { row: 1, col: 1, rows: Math.max(rows, 1), cols: Math.max(cols, 1) };
  const stored = rows * cols === 0 ? [] : workbook.readValues(name, range);
  const formulas = rows * cols === 0 ? [] : workbook.readFormulas(name, range).map((row) => row.map((f) => f !== ''));
  const text = stored.map((row, r) =>
    row.map((value, c) => (value === '' ? '' : displayValue(value, workbook.numberFormatAt(name, r + 1, c + 1)))),
  );
  const colors = cellColors(stored, formatting.colorRules);
  const textColors = stored.map((row, r) =>
    row.map((value, c) => textColor(value, workbook.numberFormatAt(name, r + 1, c + 1), colors[r][c])),
  );
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
