/**
 * A local workbook as an .xlsx file (ExcelJS): every sheet's numbers, text and plain formulas, number formats,
 * column widths, frozen title rows, notes and colour scales; each chart as a note where it stood (see chartNote). Formulas keep the local engine's results as
 * cached values and the file asks for a full recalculation on load, so Excel and LibreOffice compute every
 * formula themselves. Custom functions are refused (see xlsx-formula.ts): export a model in native or values mode.
 */
import ExcelJS from 'exceljs';
import type { CellValue as ExcelCellValue, Worksheet } from 'exceljs';
import { a1Cell, a1Range } from '../../sheet/a1-notation';
import { readCommitPhase, TRAIN_STATE_SHEET } from '../../sheet/train-state-sheet';
import { withModelLock } from '../../server/model-lock';
import type { Host } from '../../server/host';
import type { CellValue, ChartSpec } from '../../sheet/workbook';
import type { LocalWorkbook, SheetFormatting } from './local-workbook';
import { portableFormula, XlsxExportError } from './xlsx-formula';
import { colorScaleFormats, excelColumnWidth } from './xlsx-styles';

/** Longest text Excel keeps in one cell. */
export const EXCEL_CELL_CHAR_LIMIT = 32_767;
const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_COLS = 16_384;

/** A sheet the export leaves out, and why. */
export interface LeftOutSheet {
  readonly sheet: string;
  readonly reason: string;
}

export interface XlsxExportSummary {
  /** The sheets written, in tab order. */
  readonly sheets: string[];
  readonly leftOut: LeftOutSheet[];
  readonly formulaCells: number;
}

/**
 * Sheets that only make sense inside the add-on. The Train state sheet packs the optimizer's state into cells
 * longer than Excel allows; without it, training in a re-imported copy starts from the weights in the sheets.
 */
const ADD_ON_BOOKKEEPING: readonly LeftOutSheet[] = [
  {
    sheet: TRAIN_STATE_SHEET,
    reason:
      "the add-on's record for resuming training (its packed cells are longer than Excel allows); training in a copy starts again from the weights in the sheets",
  },
];

const ERROR_CODES = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#ERROR!',
  '#CYCLE!',
  '#SPILL!',
  '#LIC!',
]);

function assertSheetName(name: string): void {
  if (name.length > 31 || /[[\]:*?/\\]/.test(name) || name.startsWith("'") || name.endsWith("'")) {
    throw new XlsxExportError(
      `The sheet name "${name}" cannot be used in an .xlsx file: names have at most 31 characters and none of [ ] : * ? / \\ nor a quote at either end. Rename the sheet and export again.`,
    );
  }
}

/** The engine's computed value as a formula's cached result in the file. */
function cachedResult(value: CellValue): ExcelJS.CellFormulaValue['result'] {
  if (typeof value === 'string' && ERROR_CODES.has(value)) return { error: value as ExcelJS.CellErrorValue['error'] };
  return value;
}

function plainValue(value: CellValue, sheet: string, row: number, col: number): ExcelCellValue {
  if (typeof value === 'string' && value.length > EXCEL_CELL_CHAR_LIMIT) {
    throw new XlsxExportError(
      `"${sheet}"!${a1Cell(row, col)} holds ${value.length} characters of text; an .xlsx cell holds at most ${EXCEL_CELL_CHAR_LIMIT}. Shorten it or delete the sheet before exporting.`,
    );
  }
  return value === '' ? null : value;
}

/** Writes the cells of one sheet (two reads: its values and its formulas); returns how many are formulas. */
function writeCells(workbook: LocalWorkbook, name: string, sheet: Worksheet): number {
  const { rows, cols } = workbook.usedSize(name);
  if (rows === 0 || cols === 0) return 0;
  if (rows > EXCEL_MAX_ROWS || cols > EXCEL_MAX_COLS) {
    throw new XlsxExportError(
      `"${name}" uses ${rows} rows × ${cols} columns; an .xlsx sheet has at most ${EXCEL_MAX_ROWS} × ${EXCEL_MAX_COLS}.`,
    );
  }
  const range = { row: 1, col: 1, rows, cols };
  const values = workbook.readValues(name, range);
  const formulas = workbook.readFormulas(name, range);
  let formulaCells = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const formula = formulas[r][c];
      const value = values[r][c];
      if (formula !== '') {
        const text = portableFormula(formula, { sheet: name, cell: a1Cell(r + 1, c + 1) });
        sheet.getCell(r + 1, c + 1).value = { formula: text, result: cachedResult(value) };
        formulaCells++;
      } else if (value !== '') {
        sheet.getCell(r + 1, c + 1).value = plainValue(value, name, r + 1, c + 1);
      }
    }
  }
  return formulaCells;
}

function applyFormatting(sheet: Worksheet, formatting: SheetFormatting): void {
  // In the order set, so a later format wins where ranges overlap (as in the local workbook).
  for (const { range, format } of formatting.numberFormats) {
    for (let r = range.row; r < range.row + range.rows; r++) {
      for (let c = range.col; c < range.col + range.cols; c++) sheet.getCell(r, c).numFmt = format;
    }
  }
  for (const [col, px] of formatting.columnWidths) sheet.getColumn(col).width = excelColumnWidth(px);
  // Excel measures row heights in points: 3/4 of a pixel at 96 dpi.
  for (const [row, px] of formatting.rowHeights) sheet.getRow(row).height = px * 0.75;
  if (formatting.frozenRows > 0) sheet.views = [{ state: 'frozen', ySplit: formatting.frozenRows, xSplit: 0 }];
  for (const { row, col, note } of formatting.notes) sheet.getCell(row, col).note = note;
  for (const format of colorScaleFormats(formatting.colorRules)) sheet.addConditionalFormatting(format);
  for (const range of formatting.wrapped) {
    for (let r = range.row; r < range.row + range.rows; r++) {
      for (let c = range.col; c < range.col + range.cols; c++)
        sheet.getCell(r, c).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  for (const chart of formatting.charts) {
    const cell = sheet.getCell(chart.anchor.row, chart.anchor.col);
    // ExcelJS drops the note of an empty cell, and a visible mark shows where the chart was.
    if (cell.value === null) cell.value = `Chart: ${chart.title} (see note)`;
    cell.note = [typeof cell.note === 'string' ? cell.note : '', chartNote(chart)].filter((t) => t !== '').join('\n');
  }
}

/** Where a chart stood: the file keeps its data, and this note says how to draw it again (ExcelJS writes no charts). */
export function chartNote(chart: ChartSpec): string {
  return (
    `Chart "${chart.title}" (${chart.kind} chart of ${chart.ranges.map((r) => a1Range(null, r)).join(', ')}; first column across, one series per further column). ` +
    "This .xlsx keeps the chart's data but not the chart: select those ranges and insert a chart to draw it."
  );
}

/** The workbook as an ExcelJS workbook, ready to write; throws XlsxExportError when it cannot be portable. */
export function toExcelWorkbook(workbook: LocalWorkbook): { excel: ExcelJS.Workbook; summary: XlsxExportSummary } {
  const excel = new ExcelJS.Workbook();
  excel.creator = 'Sheet CNN';
  // Cached results are the local engine's; ask Excel and LibreOffice to compute everything themselves.
  excel.calcProperties = { fullCalcOnLoad: true };
  const leftOut: LeftOutSheet[] = [];
  const sheets: string[] = [];
  let formulaCells = 0;
  // The Train state sheet is left out, so a record still waiting to be applied would be lost with the file
  // holding weights of two different steps.
  if (workbook.sheetNames().includes(TRAIN_STATE_SHEET) && readCommitPhase(workbook) === 'pending') {
    throw new XlsxExportError(
      'A training call was cut off while saving its weights, so the model sheets hold weights of two different steps. ' +
        'Run the forward pass or train again (either finishes the saving), then export.',
    );
  }
  for (const name of workbook.sheetNames()) {
    const skip = ADD_ON_BOOKKEEPING.find((s) => s.sheet === name);
    if (skip) {
      leftOut.push(skip);
      continue;
    }
    assertSheetName(name);
    const sheet = excel.addWorksheet(name);
    formulaCells += writeCells(workbook, name, sheet);
    applyFormatting(sheet, workbook.snapshot(name));
    sheets.push(name);
  }
  if (sheets.length === 0) throw new XlsxExportError('The workbook has no sheets to export: build a model first.');
  return { excel, summary: { sheets, leftOut, formulaCells } };
}

/** The .xlsx file's bytes. */
export async function xlsxBytes(workbook: LocalWorkbook): Promise<{ bytes: Buffer; summary: XlsxExportSummary }> {
  const { excel, summary } = toExcelWorkbook(workbook);
  const bytes = Buffer.from(await excel.xlsx.writeBuffer());
  return { bytes, summary };
}

/**
 * The .xlsx bytes of the workbook the server code works on: a commit that a cut-off training call left pending is
 * finished first, under the document lock (as every model change does), so the file holds one step's weights.
 */
export async function xlsxBytesOfModel(
  host: Host,
  local: LocalWorkbook,
): Promise<{ bytes: Buffer; summary: XlsxExportSummary }> {
  try {
    withModelLock(host, () => undefined);
  } catch (error) {
    throw new XlsxExportError(error instanceof Error ? error.message : String(error));
  }
  return xlsxBytes(local);
}

/** Writes the .xlsx file to `file` (its folder must exist). */
export async function writeXlsxFile(workbook: LocalWorkbook, file: string): Promise<XlsxExportSummary> {
  const { excel, summary } = toExcelWorkbook(workbook);
  await excel.xlsx.writeFile(file);
  return summary;
}
