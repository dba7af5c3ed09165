/**
 * The Workbook interface on Google Sheets: every method is one SpreadsheetApp call per block (never per cell).
 * SpreadsheetApp is passed in (see sheets-api.ts), so the tests run this file against a recording fake.
 */
import { a1Cell } from '../sheet/layout';
import type { CellInput, CellRange, CellValue, ColorRule, ColorStop, Workbook } from '../sheet/workbook';
import type { SheetsApp, SheetsConditionalFormatRuleBuilder, SheetsRange, SheetsSheet, SheetsSpreadsheet } from './sheets-api';

export class GoogleWorkbook implements Workbook {
  /**
   * Sheet handles by name. The add-on makes one GoogleWorkbook per server call (one Apps Script execution),
   * so a handle looked up once serves every block of that call instead of one getSheetByName per block.
   */
  private readonly handles = new Map<string, SheetsSheet>();

  constructor(
    private readonly spreadsheet: SheetsSpreadsheet,
    private readonly app: SheetsApp,
  ) {}

  sheetNames(): string[] {
    const sheets = this.spreadsheet.getSheets();
    this.handles.clear();
    return sheets.map((sheet) => {
      const name = sheet.getName();
      this.handles.set(name, sheet);
      return name;
    });
  }

  ensureSheet(name: string): void {
    if (this.find(name)) return;
    // At the end, as the other Workbook appends: the model's builder relies on that to keep tabs in reading order.
    this.handles.set(name, this.spreadsheet.insertSheet(name, this.spreadsheet.getSheets().length));
  }

  deleteSheet(name: string): void {
    this.spreadsheet.deleteSheet(this.sheet(name));
    this.handles.delete(name);
  }

  clearSheet(name: string): void {
    const sheet = this.sheet(name);
    // Sheet.clear() removes contents and formats only; notes and conditional-format rules have their own calls.
    sheet.clear();
    sheet.clearNotes();
    sheet.clearConditionalFormatRules();
  }

  usedSize(name: string): { rows: number; cols: number } {
    const sheet = this.sheet(name);
    return { rows: sheet.getLastRow(), cols: sheet.getLastColumn() };
  }

  readValues(name: string, range: CellRange): CellValue[][] {
    return this.range(name, range).getValues().map((row) => row.map(toCellValue));
  }

  readFormulas(name: string, range: CellRange): string[][] {
    return this.range(name, range).getFormulas();
  }

  writeCells(name: string, row: number, col: number, cells: readonly (readonly CellInput[])[]): void {
    const cols = rectangularWidth('writeCells', name, cells);
    if (cells.length === 0 || cols === 0) return;
    assertFiniteNumbers(name, row, col, cells);
    this.range(name, { row, col, rows: cells.length, cols }).setValues(cells.map((r) => r.map(toSheetsInput)));
  }

  setNumberFormat(name: string, range: CellRange, format: string): void {
    this.range(name, range).setNumberFormat(format);
  }

  setColumnWidths(name: string, firstCol: number, count: number, widthPx: number): void {
    assertRange(name, 'setColumnWidths', { row: 1, col: firstCol, rows: 1, cols: count });
    this.sheet(name).setColumnWidths(firstCol, count, widthPx);
  }

  setFrozenRows(name: string, rows: number): void {
    this.sheet(name).setFrozenRows(rows);
  }

  setNotes(name: string, range: CellRange, notes: readonly (readonly string[])[]): void {
    const cols = rectangularWidth('setNotes', name, notes);
    if (notes.length !== range.rows || cols !== range.cols) {
      throw new Error(
        `setNotes on sheet "${name}": got ${notes.length}×${cols} notes for a ${range.rows}×${range.cols} range; pass one note per cell.`,
      );
    }
    this.range(name, range).setNotes(notes.map((r) => [...r]));
  }

  setColorRules(name: string, rules: readonly ColorRule[]): void {
    const sheet = this.sheet(name);
    // setConditionalFormatRules replaces every rule of the sheet, so the whole list is built and set at once.
    sheet.setConditionalFormatRules(rules.map((rule) => this.gradientRule(sheet, rule)));
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

  private find(name: string): SheetsSheet | null {
    let sheet = this.handles.get(name) ?? null;
    if (!sheet) {
      sheet = this.spreadsheet.getSheetByName(name);
      if (sheet) this.handles.set(name, sheet);
    }
    return sheet;
  }

  private sheet(name: string): SheetsSheet {
    const sheet = this.find(name);
    if (!sheet) {
      throw new Error(
        `This spreadsheet has no sheet named "${name}". It may have been renamed or deleted: rename it back, ` +
          'or rebuild the model (Extensions → Sheet CNN → Build model…) to recreate it.',
      );
    }
    return sheet;
  }

  private range(name: string, range: CellRange): SheetsRange {
    assertRange(name, 'range', range);
    return this.sheet(name).getRange(range.row, range.col, range.rows, range.cols);
  }
}

function hasValue(stop: ColorStop): stop is ColorStop & { value: number } {
  return stop.value !== undefined;
}

/** SpreadsheetApp refuses blocks outside the sheet or of size 0 with terse messages; say what was asked instead. */
function assertRange(name: string, what: string, range: CellRange): void {
  const ok = [range.row, range.col, range.rows, range.cols].every((n) => Number.isInteger(n) && n >= 1);
  if (!ok) {
    throw new Error(
      `${what} on sheet "${name}": row ${range.row}, column ${range.col}, ${range.rows}×${range.cols} is not a valid block; ` +
        'rows and columns start at 1 and a block has at least 1 row and 1 column.',
    );
  }
}

/** The common row length of a block, or a message naming the first row that differs. */
function rectangularWidth(method: string, name: string, rows: readonly (readonly unknown[])[]): number {
  const width = rows.length > 0 ? rows[0].length : 0;
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new Error(`${method} on sheet "${name}": row ${i + 1} has ${row.length} cells but row 1 has ${width}; every row of a block must have the same length.`);
    }
  });
  return width;
}

/** Sheets would store NaN or ±Infinity as an error cell; say which cell instead of writing a silent #NUM!. */
function assertFiniteNumbers(name: string, row: number, col: number, cells: readonly (readonly CellInput[])[]): void {
  cells.forEach((cellRow, i) =>
    cellRow.forEach((cell, j) => {
      if (typeof cell === 'number' && !Number.isFinite(cell)) {
        throw new Error(`writeCells on sheet "${name}": the value for ${a1Cell(row + i, col + j)} is ${cell}; only finite numbers can be written.`);
      }
    }),
  );
}

/**
 * Sheets parses a written string as if typed (e.g. "007" → 7, "TRUE" → true, "1/2" → a date). A leading
 * apostrophe keeps it as text and is not part of the stored value, so every plain string gets one; formulas
 * ('=…') and numbers pass through, and null becomes '' (a blank cell).
 */
function toSheetsInput(cell: CellInput): CellInput {
  if (cell === null) return '';
  if (typeof cell === 'string' && cell !== '' && !cell.startsWith('=')) return `'${cell}`;
  return cell;
}

/** getValues gives Date objects for date-formatted cells; the Workbook speaks numbers, text and booleans only. */
function toCellValue(value: unknown): CellValue {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return value === null || value === undefined ? '' : String(value);
}
