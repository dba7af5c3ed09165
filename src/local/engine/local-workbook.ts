/**
 * The Workbook on a real formula engine (HyperFormula), for tests, the CLI, the playground and .xlsx export.
 * HyperFormula holds values and formulas and recalculates; what it does not model (number formats, notes,
 * column widths, frozen rows, colour rules) is kept here as data so renderers and exporters can show it.
 *
 * Text follows the Workbook rule (see CellInput): HyperFormula reads typed input as Google Sheets does (a leading
 * apostrophe makes text and is not stored; "0012", "TRUE", "1/2/2020", "50%" become numbers or booleans), so
 * every plain string is written with the apostrophe. A cell formatted '@' (plain text) stores any string as
 * text, '=…' included. Google Sheets' limits are enforced with its messages: 50,000 characters per cell,
 * 18,278 columns, 10 million cells (each sheet counting at least a new Google sheet's 1000 × 26).
 */
import { DetailedCellError, HyperFormula } from 'hyperformula';
import type { CellValue as EngineValue, RawCellContent, SimpleCellRange } from 'hyperformula';
import type { CellInput, CellRange, CellValue, ChartSpec, ColorRule, Workbook } from '../../sheet/workbook';
import { assertFiniteNumbers, assertValidChart, assertValidRange, typedInput } from '../../sheet/workbook';
import { assertCellCount, assertCellTextFits, assertColumnsFit, sheetGridCells } from '../../sheet/sheet-limits';
import { SHEETS_CELL_LIMIT, SHEETS_COLUMN_LIMIT } from '../../shared/sheets-limits';
import { a1Cell } from '../../sheet/a1-notation';
import type { NoteEntry } from '../../shared/sheet-view';
import { registerCustomFunctions } from './function-plugin';

export interface NumberFormatEntry {
  readonly range: CellRange;
  readonly format: string;
}

/** Everything about a sheet that is not a cell value, as plain data (a copy; later changes do not show). */
export interface SheetFormatting {
  /** In the order they were set; a later entry wins where ranges overlap. */
  readonly numberFormats: readonly NumberFormatEntry[];
  /** Sorted by row, then column. */
  readonly notes: readonly NoteEntry[];
  /** Column (1-based) → width in pixels; only columns whose width was set. */
  readonly columnWidths: ReadonlyMap<number, number>;
  readonly rowHeights: ReadonlyMap<number, number>;
  readonly frozenRows: number;
  readonly colorRules: readonly ColorRule[];
  /** Blocks whose text wraps within its column. */
  readonly wrapped: readonly CellRange[];
  /** In the order they were first set. */
  readonly charts: readonly ChartSpec[];
}

interface SheetMeta {
  numberFormats: NumberFormatEntry[];
  notes: Map<string, NoteEntry>;
  columnWidths: Map<number, number>;
  rowHeights: Map<number, number>;
  frozenRows: number;
  colorRules: ColorRule[];
  wrapped: CellRange[];
  charts: ChartSpec[];
}

function emptyMeta(charts: ChartSpec[] = []): SheetMeta {
  return {
    numberFormats: [],
    notes: new Map(),
    columnWidths: new Map(),
    rowHeights: new Map(),
    frozenRows: 0,
    colorRules: [],
    wrapped: [],
    charts,
  };
}

/** Whether every cell of `inner` lies in `outer`. */
function within(inner: CellRange, outer: CellRange): boolean {
  return (
    contains(outer, inner.row, inner.col) && contains(outer, inner.row + inner.rows - 1, inner.col + inner.cols - 1)
  );
}

function contains(range: CellRange, row: number, col: number): boolean {
  return row >= range.row && row < range.row + range.rows && col >= range.col && col < range.col + range.cols;
}

function assertBlock(cells: readonly (readonly unknown[])[], what: string): number {
  const cols = cells.length > 0 ? cells[0].length : 0;
  cells.forEach((row, r) => {
    if (row.length !== cols)
      throw new Error(
        `${what}: row ${r + 1} has ${row.length} cells but row 1 has ${cols}; every row must have the same length`,
      );
  });
  return cols;
}

export class LocalWorkbook implements Workbook {
  private readonly engine: HyperFormula;
  private readonly meta = new Map<number, SheetMeta>();
  private batchDepth = 0;

  constructor() {
    registerCustomFunctions();
    // smartRounding off: values are read at full double precision (the engine would round to 10 digits).
    // The engine's own size limits (40,000 rows by default) give way to Google Sheets' (checked here).
    this.engine = HyperFormula.buildEmpty({
      licenseKey: 'gpl-v3',
      smartRounding: false,
      maxRows: SHEETS_CELL_LIMIT,
      maxColumns: SHEETS_COLUMN_LIMIT + 1,
    });
  }

  sheetNames(): string[] {
    return this.engine.getSheetNames();
  }

  ensureSheet(name: string): void {
    if (this.engine.doesSheetExist(name)) return;
    assertCellCount(this.gridCells() + sheetGridCells(0, 0), `adding sheet "${name}"`);
    this.engine.addSheet(name);
  }

  deleteSheet(name: string): void {
    const id = this.sheetId(name);
    this.engine.removeSheet(id);
    this.meta.delete(id);
  }

  clearSheet(name: string): void {
    const id = this.sheetId(name);
    this.engine.clearSheet(id);
    // As in Google Sheets, where Sheet.clear() leaves embedded charts in place.
    this.meta.set(id, emptyMeta(this.meta.get(id)?.charts));
  }

  usedSize(name: string): { rows: number; cols: number } {
    // getSheetDimensions never shrinks after cells are cleared; the trimmed values do.
    const values = this.engine.getSheetValues(this.sheetId(name));
    let rows = 0;
    let cols = 0;
    values.forEach((row, r) => {
      for (let c = row.length - 1; c >= 0; c--) {
        if (row[c] !== null && row[c] !== undefined && row[c] !== '') {
          rows = r + 1;
          cols = Math.max(cols, c + 1);
          break;
        }
      }
    });
    return { rows, cols };
  }

  readValues(name: string, range: CellRange): CellValue[][] {
    return this.engine.getRangeValues(this.engineRange(name, range, 'readValues')).map((row) => row.map(toCellValue));
  }

  readFormulas(name: string, range: CellRange): string[][] {
    return this.engine
      .getRangeFormulas(this.engineRange(name, range, 'readFormulas'))
      .map((row) => row.map((f) => f ?? ''));
  }

  /**
   * The engine's explanation of each error cell of a block ('' where the cell holds no error), e.g.
   * "CONV2D: filters has 5 rows; …" for a custom function that rejected its arguments.
   */
  readErrorMessages(name: string, range: CellRange): string[][] {
    return this.engine
      .getRangeValues(this.engineRange(name, range, 'readErrorMessages'))
      .map((row) => row.map((v) => (v instanceof DetailedCellError ? v.message || v.value : '')));
  }

  writeCells(name: string, row: number, col: number, cells: readonly (readonly CellInput[])[]): void {
    const plainText = this.plainTextCells(name);
    this.write(name, row, col, cells, (cell, r, c) => {
      if (typeof cell === 'string' && cell !== '' && plainText(r, c))
        return `'${cell.startsWith("'") ? cell.slice(1) : cell}`;
      const typed = typedInput(cell);
      return typed === '' ? null : typed;
    });
  }

  /**
   * Writes a block as SpreadsheetApp's setValues stores it (and as a person types): strings are parsed, so
   * "0012" becomes 12 and "TRUE" a boolean, unless marked with an apostrophe. The SpreadsheetApp fake uses it.
   */
  writeTyped(name: string, row: number, col: number, cells: readonly (readonly (string | number | boolean)[])[]): void {
    this.write(name, row, col, cells, (cell) => (cell === '' ? null : cell));
  }

  private write<T extends CellInput>(
    name: string,
    row: number,
    col: number,
    cells: readonly (readonly T[])[],
    input: (cell: T, row: number, col: number) => RawCellContent,
  ): void {
    const cols = assertBlock(cells, `writeCells on "${name}"`);
    if (cells.length === 0 || cols === 0) return;
    assertValidRange(name, 'writeCells', { row, col, rows: cells.length, cols });
    assertFiniteNumbers(name, row, col, cells);
    const content = cells.map((line, i) => line.map((v, j) => input(v, row + i, col + j)));
    assertCellTextFits(name, row, col, content);
    this.assertGridFits(name, row + cells.length - 1, col + cols - 1);
    this.engine.setCellContents({ sheet: this.sheetId(name), row: row - 1, col: col - 1 }, content);
  }

  /** Throws Sheets' message when growing the sheet to (lastRow, lastCol) would pass its column or cell limit. */
  private assertGridFits(name: string, lastRow: number, lastCol: number): void {
    assertColumnsFit(name, lastCol);
    const { height, width } = this.engine.getSheetDimensions(this.sheetId(name));
    if (lastRow <= height && lastCol <= width) return;
    const grown = sheetGridCells(Math.max(height, lastRow), Math.max(width, lastCol));
    assertCellCount(
      this.gridCells() - sheetGridCells(height, width) + grown,
      `writing to "${name}"!${a1Cell(lastRow, lastCol)}`,
    );
  }

  /** Cells of every sheet's grid (see sheetGridCells). */
  private gridCells(): number {
    return this.engine.getSheetNames().reduce((sum, sheet) => {
      const { height, width } = this.engine.getSheetDimensions(this.sheetId(sheet));
      return sum + sheetGridCells(height, width);
    }, 0);
  }

  /** Whether a cell of the sheet is formatted '@' (plain text); no formats to search when none is. */
  private plainTextCells(name: string): (row: number, col: number) => boolean {
    const formats = this.sheetMeta(name).numberFormats;
    if (!formats.some((f) => f.format === '@')) return () => false;
    return (row, col) => this.numberFormatAt(name, row, col) === '@';
  }

  setNumberFormat(name: string, range: CellRange, format: string): void {
    assertValidRange(name, 'setNumberFormat', range);
    const meta = this.sheetMeta(name);
    // Formats set again over the same cells (each forward pass does) replace the old entries instead of piling up.
    meta.numberFormats = meta.numberFormats.filter((entry) => !within(entry.range, range));
    meta.numberFormats.push({ range: { ...range }, format });
  }

  setColumnWidths(name: string, firstCol: number, count: number, widthPx: number): void {
    assertValidRange(name, 'setColumnWidths', { row: 1, col: firstCol, rows: 1, cols: count });
    if (!(widthPx > 0))
      throw new Error(`setColumnWidths on "${name}": width must be a positive number of pixels, got ${widthPx}`);
    const widths = this.sheetMeta(name).columnWidths;
    for (let c = firstCol; c < firstCol + count; c++) widths.set(c, widthPx);
  }

  setRowHeights(name: string, firstRow: number, count: number, heightPx: number): void {
    assertValidRange(name, 'setRowHeights', { row: firstRow, col: 1, rows: count, cols: 1 });
    if (!(heightPx > 0))
      throw new Error(`setRowHeights on "${name}": height must be a positive number of pixels, got ${heightPx}`);
    const heights = this.sheetMeta(name).rowHeights;
    for (let r = firstRow; r < firstRow + count; r++) heights.set(r, heightPx);
  }

  setWrap(name: string, range: CellRange): void {
    assertValidRange(name, 'setWrap', range);
    const meta = this.sheetMeta(name);
    meta.wrapped = meta.wrapped.filter((r) => !within(r, range));
    meta.wrapped.push({ ...range });
  }

  /** Whether the text of a cell wraps within its column. */
  isWrapped(name: string, row: number, col: number): boolean {
    return this.sheetMeta(name).wrapped.some((range) => contains(range, row, col));
  }

  setFrozenRows(name: string, rows: number): void {
    if (!Number.isInteger(rows) || rows < 0)
      throw new Error(`setFrozenRows on "${name}": rows must be a whole number ≥ 0, got ${rows}`);
    this.sheetMeta(name).frozenRows = rows;
  }

  setNotes(name: string, range: CellRange, notes: readonly (readonly string[])[]): void {
    assertValidRange(name, 'setNotes', range);
    const cols = assertBlock(notes, `setNotes on "${name}"`);
    if (notes.length !== range.rows || cols !== range.cols) {
      throw new Error(
        `setNotes on "${name}": got ${notes.length}×${cols} notes for a ${range.rows}×${range.cols} range`,
      );
    }
    const all = this.sheetMeta(name).notes;
    notes.forEach((line, r) =>
      line.forEach((note, c) => {
        const row = range.row + r;
        const col = range.col + c;
        if (note === '') all.delete(`${row},${col}`);
        else all.set(`${row},${col}`, { row, col, note });
      }),
    );
  }

  setColorRules(name: string, rules: readonly ColorRule[]): void {
    rules.forEach((rule) => rule.ranges.forEach((r) => assertValidRange(name, 'setColorRules', r)));
    this.sheetMeta(name).colorRules = rules.map((rule) => ({ ...rule, ranges: rule.ranges.map((r) => ({ ...r })) }));
  }

  setChart(name: string, chart: ChartSpec): void {
    assertValidChart(name, chart);
    const meta = this.sheetMeta(name);
    const copy = { ...chart, ranges: chart.ranges.map((r) => ({ ...r })) };
    const at = meta.charts.findIndex((c) => c.title === chart.title);
    if (at >= 0) meta.charts[at] = copy;
    else meta.charts.push(copy);
  }

  /** Writes are applied (and recalculated) immediately, so there is nothing to flush. */
  flush(): void {}

  /**
   * Runs `work` with recalculation suspended, then recalculates once: many block writes, one recalculation.
   * Values cannot be read inside; nested calls join the outer batch.
   */
  batch<T>(work: () => T): T {
    if (this.batchDepth === 0) this.engine.suspendEvaluation();
    this.batchDepth++;
    try {
      return work();
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0) this.engine.resumeEvaluation();
    }
  }

  /** Formats, notes, widths, frozen rows and colour rules of a sheet, for rendering and export. */
  snapshot(name: string): SheetFormatting {
    const meta = this.sheetMeta(name);
    return {
      numberFormats: meta.numberFormats.map((e) => ({ range: { ...e.range }, format: e.format })),
      notes: [...meta.notes.values()].sort((a, b) => a.row - b.row || a.col - b.col),
      columnWidths: new Map(meta.columnWidths),
      rowHeights: new Map(meta.rowHeights),
      frozenRows: meta.frozenRows,
      colorRules: meta.colorRules.map((rule) => ({ ...rule, ranges: rule.ranges.map((r) => ({ ...r })) })),
      wrapped: meta.wrapped.map((r) => ({ ...r })),
      charts: meta.charts.map((chart) => ({ ...chart, ranges: chart.ranges.map((r) => ({ ...r })) })),
    };
  }

  /** The number format in effect at one cell (the last one set over it), or undefined. */
  numberFormatAt(name: string, row: number, col: number): string | undefined {
    const formats = this.sheetMeta(name).numberFormats;
    for (let i = formats.length - 1; i >= 0; i--) if (contains(formats[i].range, row, col)) return formats[i].format;
    return undefined;
  }

  private sheetId(name: string): number {
    const id = this.engine.getSheetId(name);
    if (id === undefined) throw new Error(`Sheet "${name}" does not exist; create it with ensureSheet first`);
    return id;
  }

  private sheetMeta(name: string): SheetMeta {
    const id = this.sheetId(name);
    let meta = this.meta.get(id);
    if (meta === undefined) {
      meta = emptyMeta();
      this.meta.set(id, meta);
    }
    return meta;
  }

  private engineRange(name: string, range: CellRange, what: string): SimpleCellRange {
    assertValidRange(name, what, range);
    const sheet = this.sheetId(name);
    return {
      start: { sheet, row: range.row - 1, col: range.col - 1 },
      end: { sheet, row: range.row + range.rows - 2, col: range.col + range.cols - 2 },
    };
  }
}

/** An engine value as SpreadsheetApp's getValues gives it: '' for blank, error code text for errors. */
function toCellValue(value: EngineValue): CellValue {
  if (value === null || value === undefined) return '';
  if (value instanceof DetailedCellError) return value.value;
  return value;
}
