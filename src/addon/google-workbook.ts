/**
 * The Workbook interface on Google Sheets: every method is one SpreadsheetApp call per block (never per cell).
 * SpreadsheetApp is passed in (see sheets-api.ts), so the tests run this file against a recording fake.
 *
 * A Google sheet has a size of its own (a new one is 1000 rows × 26 columns) and getRange refuses any block
 * that reaches past it, while the model's sheets are larger (the dense weights alone are 3,141 rows; the
 * Conv sheets about 120 columns) and the Dataset sheet grows by a row per picture. So:
 * - a write, number format, notes, column widths or colour rule reaching past the edge first grows the sheet
 *   to fit (one insertRowsAfter and/or one insertColumnsAfter, none when it already fits);
 * - a read reaching past the edge reads the part inside and gives '' (blank) for the rest: cells that do not
 *   exist hold nothing, as in the local workbook, whose sheets have no edge.
 * The size is asked once per sheet per server call (getMaxRows + getMaxColumns) and then kept with the handle.
 */
import type { CellInput, CellRange, CellValue, ChartSpec, ColorRule, ColorStop, Workbook } from '../sheet/workbook';
import { CHART_SIZE, assertFiniteNumbers, assertValidChart, assertValidRange, typedInput } from '../sheet/workbook';
import { assertCellTextFits, assertColumnsFit } from '../sheet/sheet-limits';
import { writeBands } from './write-bands';
import type {
  SheetsApp,
  SheetsChart,
  SheetsConditionalFormatRuleBuilder,
  SheetsRange,
  SheetsSheet,
  SheetsSpreadsheet,
} from './sheets-api';

interface SheetSize {
  rows: number;
  cols: number;
}

/** A sheet looked up in this call, and its size once asked for (kept up to date as the sheet grows). */
interface SheetHandle {
  readonly sheet: SheetsSheet;
  size: SheetSize | null;
}

export class GoogleWorkbook implements Workbook {
  /**
   * Sheet handles by name. The add-on makes one GoogleWorkbook per server call (one Apps Script execution),
   * so a handle looked up once serves every block of that call instead of one getSheetByName per block.
   */
  private readonly handles = new Map<string, SheetHandle>();

  constructor(
    private readonly spreadsheet: SheetsSpreadsheet,
    private readonly app: SheetsApp,
  ) {}

  sheetNames(): string[] {
    const sheets = this.spreadsheet.getSheets();
    const known = new Map(this.handles);
    this.handles.clear();
    return sheets.map((sheet) => {
      const name = sheet.getName();
      // A sheet keeps its size between lookups: what this call already knows need not be asked again.
      this.handles.set(name, { sheet, size: known.get(name)?.size ?? null });
      return name;
    });
  }

  ensureSheet(name: string): void {
    if (this.find(name)) return;
    // At the end, as the other Workbook appends: the model's builder relies on that to keep tabs in reading order.
    this.handles.set(name, {
      sheet: this.spreadsheet.insertSheet(name, this.spreadsheet.getSheets().length),
      size: null,
    });
  }

  deleteSheet(name: string): void {
    this.spreadsheet.deleteSheet(this.handle(name).sheet);
    this.handles.delete(name);
  }

  clearSheet(name: string): void {
    const { sheet } = this.handle(name);
    // Sheet.clear() removes contents and formats only (the size stays); notes and conditional-format rules
    // have their own calls.
    sheet.clear();
    sheet.clearNotes();
    sheet.clearConditionalFormatRules();
  }

  usedSize(name: string): { rows: number; cols: number } {
    const { sheet } = this.handle(name);
    return { rows: sheet.getLastRow(), cols: sheet.getLastColumn() };
  }

  readValues(name: string, range: CellRange): CellValue[][] {
    return this.readInside(name, 'readValues', range, (block) => block.getValues().map((row) => row.map(toCellValue)));
  }

  readFormulas(name: string, range: CellRange): string[][] {
    return this.readInside(name, 'readFormulas', range, (block) => block.getFormulas());
  }

  writeCells(name: string, row: number, col: number, cells: readonly (readonly CellInput[])[]): void {
    const cols = rectangularWidth('writeCells', name, cells);
    if (cells.length === 0 || cols === 0) return;
    assertFiniteNumbers(name, row, col, cells);
    const sent = cells.map((r) => r.map(typedInput));
    // Checked here so an over-long cell is refused before any call, naming the cell; Sheets would refuse the write.
    assertCellTextFits(name, row, col, sent);
    const block = { row, col, rows: cells.length, cols };
    assertValidRange(name, 'writeCells', block);
    const handle = this.handle(name);
    this.growToFit(handle, [block]);
    for (const band of writeBands(sent)) {
      handle.sheet.getRange(row + band.first, col, band.rows.length, cols).setValues(band.rows);
    }
  }

  setNumberFormat(name: string, range: CellRange, format: string): void {
    this.rangeToWrite(name, 'setNumberFormat', range).setNumberFormat(format);
  }

  setWrap(name: string, range: CellRange): void {
    this.rangeToWrite(name, 'setWrap', range).setWrap(true);
  }

  setColumnWidths(name: string, firstCol: number, count: number, widthPx: number): void {
    const columns = { row: 1, col: firstCol, rows: 1, cols: count };
    assertValidRange(name, 'setColumnWidths', columns);
    const handle = this.handle(name);
    this.growToFit(handle, [columns]);
    handle.sheet.setColumnWidths(firstCol, count, widthPx);
  }

  setRowHeights(name: string, firstRow: number, count: number, heightPx: number): void {
    const rows = { row: firstRow, col: 1, rows: count, cols: 1 };
    assertValidRange(name, 'setRowHeights', rows);
    const handle = this.handle(name);
    this.growToFit(handle, [rows]);
    handle.sheet.setRowHeights(firstRow, count, heightPx);
  }

  setFrozenRows(name: string, rows: number): void {
    this.handle(name).sheet.setFrozenRows(rows);
  }

  setNotes(name: string, range: CellRange, notes: readonly (readonly string[])[]): void {
    const cols = rectangularWidth('setNotes', name, notes);
    if (notes.length !== range.rows || cols !== range.cols) {
      throw new Error(
        `setNotes on sheet "${name}": got ${notes.length}×${cols} notes for a ${range.rows}×${range.cols} range; pass one note per cell.`,
      );
    }
    this.rangeToWrite(name, 'setNotes', range).setNotes(notes.map((r) => [...r]));
  }

  setColorRules(name: string, rules: readonly ColorRule[]): void {
    const handle = this.handle(name);
    const ranges = rules.flatMap((rule) => rule.ranges);
    for (const range of ranges) assertValidRange(name, 'setColorRules', range);
    this.growToFit(handle, ranges);
    // setConditionalFormatRules replaces every rule of the sheet, so the whole list is built and set at once.
    handle.sheet.setConditionalFormatRules(rules.map((rule) => this.gradientRule(handle.sheet, rule)));
  }

  /**
   * One chart: the sheet's chart with the same title or on the same anchor cell goes first (getCharts +
   * removeChart; Sheet.clear() keeps charts), then newChart()…build() and insertChart. Whether getOptions()
   * returns a title set with setOption is not documented, so the anchor also identifies our chart. The chart
   * reads its ranges, so it follows their cells.
   */
  setChart(name: string, chart: ChartSpec): void {
    assertValidChart(name, chart);
    const handle = this.handle(name);
    this.growToFit(handle, [...chart.ranges, { ...chart.anchor, rows: 1, cols: 1 }]);
    const { sheet } = handle;
    const ours = (old: SheetsChart): boolean => {
      const at = old.getContainerInfo();
      return (
        old.getOptions().get('title') === chart.title ||
        (at.getAnchorRow() === chart.anchor.row && at.getAnchorColumn() === chart.anchor.col)
      );
    };
    for (const old of sheet.getCharts()) if (ours(old)) sheet.removeChart(old);
    const typed = sheet.newChart();
    let builder =
      chart.kind === 'column'
        ? typed.asColumnChart()
        : chart.kind === 'line'
          ? typed.asLineChart()
          : typed.asScatterChart();
    for (const r of chart.ranges) builder = builder.addRange(sheet.getRange(r.row, r.col, r.rows, r.cols));
    builder = builder.setPosition(chart.anchor.row, chart.anchor.col, 0, 0).setOption('title', chart.title);
    builder = builder.setOption('width', CHART_SIZE.width).setOption('height', CHART_SIZE.height);
    if (chart.curveThenPoints) {
      const points = Object.fromEntries(chart.ranges.slice(2).map((_, i) => [i + 1, { lineWidth: 0, pointSize: 7 }]));
      builder = builder.setOption('series', { 0: { lineWidth: 2, pointSize: 0 }, ...points });
    }
    sheet.insertChart(builder.build());
  }

  flush(): void {
    this.app.flush();
  }

  private gradientRule(sheet: SheetsSheet, rule: ColorRule): unknown {
    const { NUMBER, PERCENT } = this.app.InterpolationType;
    let builder: SheetsConditionalFormatRuleBuilder = this.app.newConditionalFormatRule();
    builder = hasValue(rule.min)
      ? builder.setGradientMinpointWithValue(rule.min.color, NUMBER, String(rule.min.value))
      : builder.setGradientMinpoint(rule.min.color);
    if (rule.mid) {
      // A midpoint without a number sits halfway between the range's lowest and highest value.
      builder = hasValue(rule.mid)
        ? builder.setGradientMidpointWithValue(rule.mid.color, NUMBER, String(rule.mid.value))
        : builder.setGradientMidpointWithValue(rule.mid.color, PERCENT, '50');
    }
    builder = hasValue(rule.max)
      ? builder.setGradientMaxpointWithValue(rule.max.color, NUMBER, String(rule.max.value))
      : builder.setGradientMaxpoint(rule.max.color);
    return builder.setRanges(rule.ranges.map((r) => sheet.getRange(r.row, r.col, r.rows, r.cols))).build();
  }

  private find(name: string): SheetHandle | null {
    let handle = this.handles.get(name) ?? null;
    if (!handle) {
      const sheet = this.spreadsheet.getSheetByName(name);
      if (sheet) {
        handle = { sheet, size: null };
        this.handles.set(name, handle);
      }
    }
    return handle;
  }

  private handle(name: string): SheetHandle {
    const handle = this.find(name);
    if (!handle) {
      throw new Error(
        `This spreadsheet has no sheet named "${name}". It may have been renamed or deleted: rename it back, ` +
          'or rebuild the model (Extensions → Sheet CNN → Build model…) to recreate it.',
      );
    }
    return handle;
  }

  /** The sheet's size, asked for the first time it is needed in this call. */
  private size(handle: SheetHandle): SheetSize {
    handle.size ??= { rows: handle.sheet.getMaxRows(), cols: handle.sheet.getMaxColumns() };
    return handle.size;
  }

  /** Grows the sheet until every range fits: one insert per dimension that falls short, none when all fit. */
  private growToFit(handle: SheetHandle, ranges: readonly CellRange[]): void {
    if (ranges.length === 0) return;
    const size = this.size(handle);
    const lastRow = Math.max(...ranges.map((r) => r.row + r.rows - 1));
    const lastCol = Math.max(...ranges.map((r) => r.col + r.cols - 1));
    assertColumnsFit(handle.sheet.getName(), lastCol);
    if (lastRow > size.rows) {
      handle.sheet.insertRowsAfter(size.rows, lastRow - size.rows);
      size.rows = lastRow;
    }
    if (lastCol > size.cols) {
      handle.sheet.insertColumnsAfter(size.cols, lastCol - size.cols);
      size.cols = lastCol;
    }
  }

  /** The block as a Range, after growing the sheet to hold it. */
  private rangeToWrite(name: string, method: string, range: CellRange): SheetsRange {
    assertValidRange(name, method, range);
    const handle = this.handle(name);
    this.growToFit(handle, [range]);
    return handle.sheet.getRange(range.row, range.col, range.rows, range.cols);
  }

  /**
   * Reads the part of the block inside the sheet (no call at all when none is) and fills the rest with ''.
   * Readers may look past what they wrote (e.g. one blank row below a weights block, to check nothing else
   * is there), and a cell beyond the edge is as blank as one inside it.
   */
  private readInside<T extends CellValue>(
    name: string,
    method: string,
    range: CellRange,
    read: (block: SheetsRange) => T[][],
  ): (T | '')[][] {
    assertValidRange(name, method, range);
    const handle = this.handle(name);
    const size = this.size(handle);
    const rows = Math.min(range.rows, size.rows - range.row + 1);
    const cols = Math.min(range.cols, size.cols - range.col + 1);
    const inside = rows > 0 && cols > 0 ? read(handle.sheet.getRange(range.row, range.col, rows, cols)) : [];
    if (rows === range.rows && cols === range.cols) return inside;
    return Array.from({ length: range.rows }, (_, r) =>
      Array.from({ length: range.cols }, (_, c) => inside[r]?.[c] ?? ''),
    );
  }
}

function hasValue(stop: ColorStop): stop is ColorStop & { value: number } {
  return stop.value !== undefined;
}

/** The common row length of a block, or a message naming the first row that differs. */
function rectangularWidth(method: string, name: string, rows: readonly (readonly unknown[])[]): number {
  const width = rows.length > 0 ? rows[0].length : 0;
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new Error(
        `${method} on sheet "${name}": row ${i + 1} has ${row.length} cells but row 1 has ${width}; every row of a block must have the same length.`,
      );
    }
  });
  return width;
}

/** getValues gives Date objects for date-formatted cells; the Workbook speaks numbers, text and booleans only. */
function toCellValue(value: unknown): CellValue {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return value === null || value === undefined ? '' : String(value);
}
