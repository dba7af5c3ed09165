import { GRID_ORIGIN, HEADER_ROWS, boundingRange } from './layout';
import type { CellPosition } from './layout';
import type { CellInput, CellRange, ChartSpec, ColorRule, Workbook } from './workbook';
import { TEXT_FONTS, columnWidthFor } from './font-metrics';

/** A label or note placed at one cell. */
export interface PlacedText {
  readonly row: number;
  readonly col: number;
  readonly text: CellInput;
}

/**
 * Everything one sheet shows, as data. `writeStepSheet` turns it into a fixed number of Workbook calls,
 * whatever the sizes: the header rows in one write, the row labels in one, the data block in one, then
 * formats, widths, frozen rows, notes and colour rules.
 */
export interface StepSheetContent {
  readonly name: string;
  /** Row 1: "Step N · Name — what it does". */
  readonly title: string;
  /** Row 2: the shape and the reading order. */
  readonly reading: string;
  /** Row 3 labels (column ≥ 2); column A of row 3 names what column A lists. */
  readonly columnLabels: readonly PlacedText[];
  /** Column A labels (rows ≥ 4). */
  readonly rowLabels: readonly PlacedText[];
  /** The data block written at B4 (values, formulas, '' for gaps). */
  readonly data: readonly (readonly CellInput[])[];
  readonly numberFormats: readonly { readonly range: CellRange; readonly format: string }[];
  /** Column widths in pixels; column A is sized by its labels (at least ROW_LABEL_WIDTH). */
  readonly widths: readonly { readonly firstCol: number; readonly count: number; readonly px: number }[];
  readonly notes: readonly PlacedText[];
  readonly colorRules: readonly ColorRule[];
  /** Blocks of long text that wrap within their columns instead of running over their neighbours. */
  readonly wrap?: readonly CellRange[];
  /** What column A's formulas show (class names), so the column fits them too. */
  readonly shownLabels?: readonly string[];
  /** A block beside the data (e.g. the points a chart draws), written in one call at (row, col). */
  readonly side?: { readonly row: number; readonly col: number; readonly cells: readonly (readonly CellInput[])[] };
  readonly charts?: readonly ChartSpec[];
}

/** Column A is at least this wide, and wider when its labels need it. */
export const ROW_LABEL_WIDTH = 130;

/** Width of column A: its plain-text labels (row 3 and the row labels) and what its formulas show, whole. */
function labelColumnWidth(content: StepSheetContent): number {
  const texts = [...content.rowLabels, ...content.columnLabels.filter((t) => t.col === 1)]
    .map((t) => t.text)
    .filter((t): t is string => typeof t === 'string' && !t.startsWith('='));
  return Math.max(ROW_LABEL_WIDTH, columnWidthFor([...texts, ...(content.shownLabels ?? [])], TEXT_FONTS));
}

/**
 * How the sheet's numbers look, applied again without rewriting them: number formats, column widths and
 * colour rules, chosen from the values they hold now (a fixed number of calls).
 */
export function applyDisplay(workbook: Workbook, content: StepSheetContent): void {
  const { name } = content;
  for (const { range, format } of content.numberFormats) workbook.setNumberFormat(name, range, format);
  workbook.setColumnWidths(name, 1, 1, labelColumnWidth(content));
  for (const w of content.widths) workbook.setColumnWidths(name, w.firstCol, w.count, w.px);
  workbook.setColorRules(name, content.colorRules);
}

/** A rectangle of `fill` with the given texts placed relative to `origin`. */
function placeTexts(
  texts: readonly PlacedText[],
  origin: CellPosition,
  rows: number,
  cols: number,
  fill: CellInput,
): CellInput[][] {
  const grid = blankGrid({ rows, cols }, fill);
  for (const t of texts) grid[t.row - origin.row][t.col - origin.col] = t.text;
  return grid;
}

function extent(texts: readonly PlacedText[], key: 'row' | 'col', atLeast: number): number {
  return texts.reduce((max, t) => Math.max(max, t[key]), atLeast);
}

/** A block of cells filled with `fill`, sized by `size`. */
export function blankGrid(size: { rows: number; cols: number }, fill: CellInput = ''): CellInput[][] {
  return Array.from({ length: size.rows }, () => new Array<CellInput>(size.cols).fill(fill));
}

/** Puts `value` at sheet position `pos` of a grid whose top-left cell is B4. */
export function setAt(grid: CellInput[][], pos: CellPosition, value: CellInput): void {
  grid[pos.row - GRID_ORIGIN.row][pos.col - GRID_ORIGIN.col] = value;
}

/** Creates (or empties) the sheet and writes the content; the number of calls never depends on sizes. */
export function writeStepSheet(workbook: Workbook, content: StepSheetContent): void {
  const { name } = content;
  workbook.ensureSheet(name);
  workbook.clearSheet(name);

  const headerCols = extent(content.columnLabels, 'col', 1);
  const header = placeTexts(content.columnLabels, { row: HEADER_ROWS, col: 1 }, 1, headerCols, '');
  workbook.writeCells(name, 1, 1, [
    [content.title, ...new Array<CellInput>(headerCols - 1).fill('')],
    [content.reading, ...new Array<CellInput>(headerCols - 1).fill('')],
    header[0],
  ]);

  const labelRows = extent(content.rowLabels, 'row', GRID_ORIGIN.row) - GRID_ORIGIN.row + 1;
  workbook.writeCells(
    name,
    GRID_ORIGIN.row,
    1,
    placeTexts(content.rowLabels, { row: GRID_ORIGIN.row, col: 1 }, labelRows, 1, ''),
  );
  workbook.writeCells(name, GRID_ORIGIN.row, GRID_ORIGIN.col, content.data);
  if (content.side) workbook.writeCells(name, content.side.row, content.side.col, content.side.cells);

  workbook.setFrozenRows(name, HEADER_ROWS);
  for (const range of content.wrap ?? []) workbook.setWrap(name, range);

  if (content.notes.length > 0) {
    const range = boundingRange(content.notes);
    workbook.setNotes(name, range, placeTexts(content.notes, range, range.rows, range.cols, '') as string[][]);
  }
  applyDisplay(workbook, content);
  for (const chart of content.charts ?? []) workbook.setChart(name, chart);
}
