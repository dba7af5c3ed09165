/**
 * The few SpreadsheetApp classes GoogleWorkbook uses, as structural types. The real Apps Script objects satisfy
 * them (google-host.ts passes SpreadsheetApp itself), and so does the recording fake the tests use, so the
 * workbook is checked against exactly the surface it touches.
 */
import type { CellInput } from '../sheet/workbook';

export interface SheetsRange {
  setValues(values: CellInput[][]): unknown;
  getValues(): unknown[][];
  getFormulas(): string[][];
  setNumberFormat(format: string): unknown;
  setWrap(isWrapEnabled: boolean): unknown;
  setNotes(notes: string[][]): unknown;
}

export interface SheetsConditionalFormatRuleBuilder {
  setGradientMinpoint(color: string): SheetsConditionalFormatRuleBuilder;
  setGradientMinpointWithValue(color: string, type: unknown, value: string): SheetsConditionalFormatRuleBuilder;
  setGradientMidpointWithValue(color: string, type: unknown, value: string): SheetsConditionalFormatRuleBuilder;
  setGradientMaxpoint(color: string): SheetsConditionalFormatRuleBuilder;
  setGradientMaxpointWithValue(color: string, type: unknown, value: string): SheetsConditionalFormatRuleBuilder;
  setRanges(ranges: SheetsRange[]): SheetsConditionalFormatRuleBuilder;
  build(): unknown;
}

export interface SheetsSheet {
  getName(): string;
  getRange(row: number, column: number, numRows: number, numColumns: number): SheetsRange;
  getLastRow(): number;
  getLastColumn(): number;
  /** The sheet's size, content or not: getRange refuses any block that reaches past it. */
  getMaxRows(): number;
  getMaxColumns(): number;
  /** Adds blank rows (columns) after the given one; the sheet's only way to grow. */
  insertRowsAfter(afterPosition: number, howMany: number): unknown;
  insertColumnsAfter(afterPosition: number, howMany: number): unknown;
  clear(): unknown;
  clearNotes(): unknown;
  clearConditionalFormatRules(): unknown;
  setColumnWidths(startColumn: number, numColumns: number, width: number): unknown;
  setRowHeights(startRow: number, numRows: number, height: number): unknown;
  setFrozenRows(rows: number): unknown;
  /** `rules` are what SheetsConditionalFormatRuleBuilder.build() returned. */
  setConditionalFormatRules(rules: unknown[]): unknown;
  newChart(): SheetsChartBuilder;
  insertChart(chart: unknown): unknown;
  getCharts(): SheetsChart[];
  removeChart(chart: SheetsChart): unknown;
}

/**
 * Sheet.newChart()'s EmbeddedChartBuilder: asColumnChart/asLineChart/asScatterChart set the type (no Charts
 * enum needed), addRange adds a block, setPosition anchors the top-left corner on a cell, setOption sets a
 * Google Charts option ('title', 'series', …). https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart-builder
 */
export interface SheetsChartBuilder {
  asColumnChart(): SheetsChartBuilder;
  asLineChart(): SheetsChartBuilder;
  asScatterChart(): SheetsChartBuilder;
  addRange(range: SheetsRange): SheetsChartBuilder;
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): SheetsChartBuilder;
  setOption(option: string, value: unknown): SheetsChartBuilder;
  build(): unknown;
}

/** An EmbeddedChart: its options (getOptions().get('title')) and the cell its corner is anchored on. */
export interface SheetsChart {
  getOptions(): { get(option: string): unknown };
  getContainerInfo(): { getAnchorRow(): number; getAnchorColumn(): number };
}

export interface SheetsSpreadsheet {
  getSheets(): SheetsSheet[];
  getSheetByName(name: string): SheetsSheet | null;
  /** `sheetIndex` is 0-based; the new sheet goes before the sheet now at that index (at the end when it equals the count). */
  insertSheet(name: string, sheetIndex: number): SheetsSheet;
  deleteSheet(sheet: SheetsSheet): unknown;
}

/** The static part of SpreadsheetApp that the workbook needs: rule builders, the interpolation enum, flush. */
export interface SheetsApp {
  newConditionalFormatRule(): SheetsConditionalFormatRuleBuilder;
  flush(): unknown;
  readonly InterpolationType: { readonly NUMBER: unknown; readonly PERCENT: unknown };
}
