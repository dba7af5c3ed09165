import type { CellInput, CellRange, CellValue, ChartSpec, ColorRule, Workbook } from './workbook';

export type WorkbookMethod = keyof Workbook;

/** Whether each Workbook call changes the workbook; a Record, so a new method cannot be left unclassified. */
const CHANGES_THE_WORKBOOK: Readonly<Record<WorkbookMethod, boolean>> = {
  sheetNames: false,
  ensureSheet: true,
  deleteSheet: true,
  clearSheet: true,
  usedSize: false,
  readValues: false,
  readFormulas: false,
  writeCells: true,
  setNumberFormat: true,
  setColumnWidths: true,
  setRowHeights: true,
  setWrap: true,
  setFrozenRows: true,
  setNotes: true,
  setColorRules: true,
  setChart: true,
  flush: false,
};

/** The Workbook calls that change something (writes and formatting), as opposed to reads. */
export const CHANGING_METHODS: readonly WorkbookMethod[] = (
  Object.keys(CHANGES_THE_WORKBOOK) as WorkbookMethod[]
).filter((method) => CHANGES_THE_WORKBOOK[method]);

/**
 * A Workbook that forwards every call to another one and counts them, per method and per sheet, with the
 * cells moved and the time spent. Tests use it to prove that the number of calls does not grow with image
 * or weight sizes; the benchmark uses it to split a call's time between the sheet and the maths.
 */
export class CountingWorkbook implements Workbook {
  private readonly calls = new Map<WorkbookMethod, number>();
  private readonly sheetCalls = new Map<string, number>();
  private cellsReadCount = 0;
  private cellsWrittenCount = 0;
  private millis = 0;

  constructor(
    private readonly inner: Workbook,
    /** Milliseconds clock; Date.now by default (Apps Script has no `performance`). */
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Calls per method since the last reset (methods never called are absent). */
  counts(): Partial<Record<WorkbookMethod, number>> {
    return Object.fromEntries(this.calls) as Partial<Record<WorkbookMethod, number>>;
  }

  /** Calls per sheet name since the last reset (sheetNames and flush are not tied to a sheet). */
  countsBySheet(): Record<string, number> {
    return Object.fromEntries(this.sheetCalls);
  }

  total(): number {
    let sum = 0;
    for (const n of this.calls.values()) sum += n;
    return sum;
  }

  cellsRead(): number {
    return this.cellsReadCount;
  }

  cellsWritten(): number {
    return this.cellsWrittenCount;
  }

  /** Time spent inside the wrapped workbook, in milliseconds. */
  elapsedMs(): number {
    return this.millis;
  }

  reset(): void {
    this.calls.clear();
    this.sheetCalls.clear();
    this.cellsReadCount = 0;
    this.cellsWrittenCount = 0;
    this.millis = 0;
  }

  private run<T>(method: WorkbookMethod, sheet: string | null, call: () => T): T {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    if (sheet !== null) this.sheetCalls.set(sheet, (this.sheetCalls.get(sheet) ?? 0) + 1);
    const start = this.clock();
    try {
      return call();
    } finally {
      this.millis += this.clock() - start;
    }
  }

  sheetNames(): string[] {
    return this.run('sheetNames', null, () => this.inner.sheetNames());
  }

  ensureSheet(name: string): void {
    this.run('ensureSheet', name, () => this.inner.ensureSheet(name));
  }

  deleteSheet(name: string): void {
    this.run('deleteSheet', name, () => this.inner.deleteSheet(name));
  }

  clearSheet(name: string): void {
    this.run('clearSheet', name, () => this.inner.clearSheet(name));
  }

  usedSize(name: string): { rows: number; cols: number } {
    return this.run('usedSize', name, () => this.inner.usedSize(name));
  }

  readValues(name: string, range: CellRange): CellValue[][] {
    this.cellsReadCount += range.rows * range.cols;
    return this.run('readValues', name, () => this.inner.readValues(name, range));
  }

  readFormulas(name: string, range: CellRange): string[][] {
    this.cellsReadCount += range.rows * range.cols;
    return this.run('readFormulas', name, () => this.inner.readFormulas(name, range));
  }

  writeCells(name: string, row: number, col: number, cells: readonly (readonly CellInput[])[]): void {
    this.cellsWrittenCount += cells.length * (cells[0]?.length ?? 0);
    this.run('writeCells', name, () => this.inner.writeCells(name, row, col, cells));
  }

  setNumberFormat(name: string, range: CellRange, format: string): void {
    this.run('setNumberFormat', name, () => this.inner.setNumberFormat(name, range, format));
  }

  setColumnWidths(name: string, firstCol: number, count: number, widthPx: number): void {
    this.run('setColumnWidths', name, () => this.inner.setColumnWidths(name, firstCol, count, widthPx));
  }

  setRowHeights(name: string, firstRow: number, count: number, heightPx: number): void {
    this.run('setRowHeights', name, () => this.inner.setRowHeights(name, firstRow, count, heightPx));
  }

  setWrap(name: string, range: CellRange): void {
    this.run('setWrap', name, () => this.inner.setWrap(name, range));
  }

  setFrozenRows(name: string, rows: number): void {
    this.run('setFrozenRows', name, () => this.inner.setFrozenRows(name, rows));
  }

  setNotes(name: string, range: CellRange, notes: readonly (readonly string[])[]): void {
    this.run('setNotes', name, () => this.inner.setNotes(name, range, notes));
  }

  setColorRules(name: string, rules: readonly ColorRule[]): void {
    this.run('setColorRules', name, () => this.inner.setColorRules(name, rules));
  }

  setChart(name: string, chart: ChartSpec): void {
    this.run('setChart', name, () => this.inner.setChart(name, chart));
  }

  flush(): void {
    this.run('flush', null, () => this.inner.flush());
  }
}
