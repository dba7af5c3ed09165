/**
 * Faked Apps Script services for tests: SpreadsheetApp (backed by any Workbook, normally the LocalWorkbook so
 * formulas really compute), HtmlService, LockService, PropertiesService, Session, Utilities and ScriptApp.
 * Every call on every fake object is recorded, so tests can count API calls per block.
 *
 * Fidelity points (behaviours of the real services the fake reproduces, with their sources):
 * - Range.setValues throws unless the array has exactly the range's rows and columns, with the message
 *   "The number of rows in the data does not match the number of rows in the range. The data has X but the
 *   range has Y." (columns likewise). Reference: the values "must match the dimensions of this range",
 *   https://developers.google.com/apps-script/reference/spreadsheet/range#setValues(Object) ; the message as
 *   Apps Script reports it: https://github.com/alpatania/sassafras/issues/8 ("The number of columns in the data
 *   does not match the number of columns in the range. The data has 5 but the range has 4.")
 * - Range.setValues stores a string as if typed: '=…' is a formula, a leading apostrophe forces text (and is
 *   not stored), numeric text becomes a number, TRUE/FALSE become booleans. The backing LocalWorkbook's
 *   writeTyped does exactly this (HyperFormula parses typed input the same way).
 *   https://developers.google.com/apps-script/reference/spreadsheet/range#setValue(Object)
 *   In a cell formatted '@' (plain text) a string is stored as text, '=…' included. Whether a leading
 *   apostrophe is kept there is not documented: `behaviour.plainTextKeepsApostrophe` chooses (default: not kept).
 * - Limits (https://support.google.com/drive/answer/37603): a cell holds at most 50,000 characters, a sheet
 *   18,278 columns, a spreadsheet 10 million cells (every sheet's whole grid, a new sheet 1000 × 26); writes,
 *   inserts and new sheets past them throw Sheets' messages (see src/sheet/sheet-limits.ts).
 * - Range.getValues returns a rows × columns array with '' for blank cells.
 *   https://developers.google.com/apps-script/reference/spreadsheet/range#getValues()
 * - Sheet.getRange(row, column, numRows, numColumns) is 1-based and refuses rows/columns < 1 and sizes < 1.
 *   https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRange(Integer,Integer,Integer,Integer) ;
 *   "The number of rows in the range must be at least 1." as reported in
 *   https://github.com/Elijas/auto-youtube-subscription-playlist-2/issues/99
 * - A sheet has a size of its own, content or not (Sheet.getMaxRows / getMaxColumns): a new sheet is 1000 rows ×
 *   26 columns ("by default, will have 1000 rows and 26 columns",
 *   https://rdrr.io/pkg/googlesheets/man/gs_new.html ; "Google Sheets has 26 columns by default",
 *   https://github.com/burnash/gspread/issues/371). getRange refuses a block reaching past it with "The
 *   coordinates of the range are outside the dimensions of the sheet." (as Apps Script logged it in
 *   https://github.com/diegomanuel/binance-to-google-sheets/issues/19), and Sheet.insertRowsAfter /
 *   insertColumnsAfter(afterPosition, howMany) are how it grows; Sheet.clear() leaves the size alone.
 *   https://developers.google.com/apps-script/reference/spreadsheet/sheet#getMaxRows() ,
 *   https://developers.google.com/apps-script/reference/spreadsheet/sheet#insertRowsAfter(Integer,Integer)
 *   A sheet that already holds data when the fake first sees it is at least as large as that data.
 * - Sheet.setConditionalFormatRules replaces all the sheet's rules (the documented way to add one is
 *   getConditionalFormatRules → push → set). https://developers.google.com/apps-script/reference/spreadsheet/conditional-format-rule-builder
 *   and https://developers.google.com/apps-script/reference/spreadsheet/sheet#setConditionalFormatRules(ConditionalFormatRule)
 * - Session.getActiveUser() needs the userinfo.email scope, which our manifest does not request, so by default
 *   the fake throws the authorisation error. https://developers.google.com/apps-script/reference/base/session#getActiveUser()
 * - Spreadsheet.getCurrentCell is the cell the cursor is on, null before anything is selected; Range.activate
 *   makes the range's top-left cell current; Sheet.getRangeList takes A1 notations of that sheet and
 *   RangeList.activate selects them all, "the last range in the list is set as the active range". Which cell is
 *   current after that is not documented: the fake makes it the top-left cell of the last range (code reads it back).
 *   https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getCurrentCell() ,
 *   https://developers.google.com/apps-script/reference/spreadsheet/range-list#activate()
 * - Charts: Sheet.newChart() returns an EmbeddedChartBuilder; asColumnChart/asLineChart/asScatterChart set the
 *   type, addRange adds a Range, setPosition(anchorRowPos, anchorColPos, offsetX, offsetY) anchors it,
 *   setOption(name, value) sets a chart option, build() makes the EmbeddedChart, which appears only once
 *   passed to Sheet.insertChart; getCharts lists the sheet's charts and removeChart removes one. Sheet.clear()
 *   does not remove charts (it clears "contents and formats"). EmbeddedChart.getOptions().get(option) reads an option.
 *   https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart-builder ,
 *   https://developers.google.com/apps-script/reference/spreadsheet/sheet#newChart() ,
 *   https://developers.google.com/apps-script/reference/spreadsheet/sheet#insertChart(EmbeddedChart) ,
 *   https://developers.google.com/apps-script/reference/spreadsheet/chart-options#get(String)
 * - Utilities.base64Decode returns signed bytes (-128…127), as Java bytes.
 *   https://developers.google.com/apps-script/reference/utilities/utilities#base64Decode(String)
 */
import { CUSTOM_FUNCTIONS } from '../../src/functions';
import type { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { NEW_SHEET_COLUMNS, NEW_SHEET_ROWS } from '../../src/shared/sheets-limits';
import { a1Range, parseA1Range } from '../../src/sheet/a1-notation';
import { assertCellCount, assertColumnsFit } from '../../src/sheet/sheet-limits';
import type { CellValue, ColorRule, ColorStop } from '../../src/sheet/workbook';

/**
 * How the fake behaves where Google's behaviour is undocumented, and switches that make it misbehave in one
 * way each (to prove a check can fail). Every field is false by default; tests may change them at any time.
 */
export interface FakeBehaviour {
  /** An apostrophe written into a plain-text ('@') cell stays part of the text. */
  plainTextKeepsApostrophe: boolean;
  /**
   * Sheets does not run the add-on's custom functions in this document (a test deployment, or the add-on not
   * enabled here): a cell whose formula calls one reads #NAME?.
   */
  customFunctionsInactive: boolean;
  // Misbehaviours, one per self-check item (Sheets does none of these):
  /** setValues stores a leading apostrophe as part of the text. */
  apostropheStored: boolean;
  /** The @ (plain text) format is ignored: strings in such cells are parsed. */
  plainTextIgnored: boolean;
  /** getValues rounds numbers to 7 significant digits. */
  numbersRounded: boolean;
  /** insertRowsAfter / insertColumnsAfter do nothing. */
  insertsIgnored: boolean;
  /** setConditionalFormatRules keeps no rule. */
  conditionalRulesDropped: boolean;
  /** getValues cuts text to 40,000 characters. */
  longTextCut: boolean;
  /** LockService.getDocumentLock() returns null. */
  documentLockMissing: boolean;
  /** getValues of a formula's number is off by 1e-6. */
  formulaResultsOff: boolean;
  /** EmbeddedChart.getOptions().get(…) answers null (whether it returns options set with setOption is undocumented). */
  chartOptionsUnread: boolean;
}

/** Every behaviour at Google's (documented, or the default assumption where undocumented). */
export function sheetsBehaviour(): FakeBehaviour {
  return {
    plainTextKeepsApostrophe: false,
    customFunctionsInactive: false,
    apostropheStored: false,
    plainTextIgnored: false,
    numbersRounded: false,
    insertsIgnored: false,
    conditionalRulesDropped: false,
    longTextCut: false,
    documentLockMissing: false,
    formulaResultsOff: false,
    chartOptionsUnread: false,
  };
}

const CALLS_CUSTOM_FUNCTION = new RegExp(`\\b(${Object.keys(CUSTOM_FUNCTIONS).join('|')})\\(`, 'i');

export interface RecordedCall {
  /** Class of the fake object, e.g. 'Range', 'Sheet', 'SpreadsheetApp'. */
  readonly object: string;
  readonly method: string;
  readonly args: readonly unknown[];
  /** The sheet a Sheet or Range call was made on. */
  readonly sheet?: string;
}

export class CallRecorder {
  readonly calls: RecordedCall[] = [];

  record(object: string, method: string, args: readonly unknown[], sheet?: string): void {
    this.calls.push(sheet === undefined ? { object, method, args } : { object, method, args, sheet });
  }

  /** Calls of `method` (on `object` when given). */
  named(method: string, object?: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (object === undefined || c.object === object));
  }

  on(object: string): RecordedCall[] {
    return this.calls.filter((c) => c.object === object);
  }

  reset(): void {
    this.calls.length = 0;
  }
}

// ---------------------------------------------------------------- SpreadsheetApp

export const InterpolationType = {
  NUMBER: 'NUMBER',
  PERCENT: 'PERCENT',
  PERCENTILE: 'PERCENTILE',
  MIN: 'MIN',
  MAX: 'MAX',
} as const;
type Interpolation = (typeof InterpolationType)[keyof typeof InterpolationType];

export interface GradientPoint {
  readonly color: string;
  readonly type: Interpolation;
  /** As passed to …WithValue (a string); '' for setGradientMinpoint / setGradientMaxpoint. */
  readonly value: string;
}

export class FakeConditionalFormatRule {
  constructor(
    readonly ranges: readonly FakeRange[],
    readonly min: GradientPoint,
    readonly mid: GradientPoint | undefined,
    readonly max: GradientPoint,
  ) {}

  getRanges(): FakeRange[] {
    return [...this.ranges];
  }
}

export class FakeConditionalFormatRuleBuilder {
  private min?: GradientPoint;
  private mid?: GradientPoint;
  private max?: GradientPoint;
  private ranges: FakeRange[] = [];

  constructor(private readonly recorder: CallRecorder) {}

  setGradientMinpoint(color: string): this {
    this.recorder.record('ConditionalFormatRuleBuilder', 'setGradientMinpoint', [color]);
    this.min = { color: checkColor(color), type: InterpolationType.MIN, value: '' };
    return this;
  }

  setGradientMinpointWithValue(color: string, type: Interpolation, value: string): this {
    this.recorder.record('ConditionalFormatRuleBuilder', 'setGradientMinpointWithValue', [color, type, value]);
    this.min = point(color, type, value);
    return this;
  }

  setGradientMidpointWithValue(color: string, type: Interpolation, value: string): this {
    this.recorder.record('ConditionalFormatRuleBuilder', 'setGradientMidpointWithValue', [color, type, value]);
    this.mid = point(color, type, value);
    return this;
  }

  setGradientMaxpoint(color: string): this {
    this.recorder.record('ConditionalFormatRuleBuilder', 'setGradientMaxpoint', [color]);
    this.max = { color: checkColor(color), type: InterpolationType.MAX, value: '' };
    return this;
  }

  setGradientMaxpointWithValue(color: string, type: Interpolation, value: string): this {
    this.recorder.record('ConditionalFormatRuleBuilder', 'setGradientMaxpointWithValue', [color, type, value]);
    this.max = point(color, type, value);
    return this;
  }

  setRanges(ranges: FakeRange[]): this {
    this.recorder.record('ConditionalFormatRuleBuilder', 'setRanges', [ranges]);
    if (!Array.isArray(ranges) || ranges.some((r) => !(r instanceof FakeRange)))
      throw new Error('setRanges expects an array of Range objects.');
    this.ranges = Array.from(ranges);
    return this;
  }

  build(): FakeConditionalFormatRule {
    this.recorder.record('ConditionalFormatRuleBuilder', 'build', []);
    if (!this.min || !this.max) throw new Error('A gradient rule needs a minpoint and a maxpoint.');
    if (this.ranges.length === 0) throw new Error('A conditional format rule needs at least one range.');
    return new FakeConditionalFormatRule(this.ranges, this.min, this.mid, this.max);
  }
}

function checkColor(color: string): string {
  if (typeof color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(color))
    throw new Error(`Invalid color "${String(color)}"; expected #rrggbb.`);
  return color;
}

function point(color: string, type: Interpolation, value: string): GradientPoint {
  if (!Object.values(InterpolationType).includes(type)) throw new Error(`Invalid interpolation type ${String(type)}.`);
  if (typeof value !== 'string') throw new Error(`The gradient point value must be a string; got ${typeof value}.`);
  return { color: checkColor(color), type, value };
}

/** The Workbook colour stop a gradient point means (NUMBER → that number; MIN/MAX/PERCENT 50 → no number). */
function toColorStop(p: GradientPoint, role: 'min' | 'mid' | 'max'): ColorStop {
  if (p.type === InterpolationType.NUMBER) return { color: p.color, value: Number(p.value) };
  const rangeEnd = (role === 'min' && p.type === 'MIN') || (role === 'max' && p.type === 'MAX');
  const middle = role === 'mid' && p.type === 'PERCENT' && p.value === '50';
  if (rangeEnd || middle) return { color: p.color };
  throw new Error(`The fake does not model a ${role} point of type ${p.type} ${p.value}.`);
}

export type FakeChartType = 'COLUMN' | 'LINE' | 'SCATTER';

export class FakeEmbeddedChart {
  constructor(
    readonly type: FakeChartType,
    readonly ranges: readonly FakeRange[],
    readonly anchor: { readonly row: number; readonly column: number },
    readonly options: ReadonlyMap<string, unknown>,
    private readonly behaviour: FakeBehaviour,
  ) {}

  getRanges(): FakeRange[] {
    return [...this.ranges];
  }

  getOptions(): { get(option: string): unknown } {
    return { get: (option: string) => (this.behaviour.chartOptionsUnread ? null : (this.options.get(option) ?? null)) };
  }

  getContainerInfo(): { getAnchorRow(): number; getAnchorColumn(): number } {
    return { getAnchorRow: () => this.anchor.row, getAnchorColumn: () => this.anchor.column };
  }
}

export class FakeEmbeddedChartBuilder {
  private type: FakeChartType | null = null;
  private readonly ranges: FakeRange[] = [];
  private anchor: { row: number; column: number } | null = null;
  private readonly options = new Map<string, unknown>();

  constructor(
    private readonly recorder: CallRecorder,
    private readonly sheetName: string,
    private readonly behaviour: FakeBehaviour,
  ) {}

  private record(method: string, args: readonly unknown[]): void {
    this.recorder.record('EmbeddedChartBuilder', method, args, this.sheetName);
  }

  private as(type: FakeChartType, method: string): this {
    this.record(method, []);
    this.type = type;
    return this;
  }

  asColumnChart(): this {
    return this.as('COLUMN', 'asColumnChart');
  }

  asLineChart(): this {
    return this.as('LINE', 'asLineChart');
  }

  asScatterChart(): this {
    return this.as('SCATTER', 'asScatterChart');
  }

  addRange(range: FakeRange): this {
    this.record('addRange', [range]);
    if (!(range instanceof FakeRange)) throw new Error('addRange expects a Range.');
    this.ranges.push(range);
    return this;
  }

  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): this {
    this.record('setPosition', [anchorRowPos, anchorColPos, offsetX, offsetY]);
    if (
      ![anchorRowPos, anchorColPos, offsetX, offsetY].every(Number.isInteger) ||
      anchorRowPos < 1 ||
      anchorColPos < 1
    ) {
      throw new Error('setPosition expects whole numbers, with the anchor row and column at 1 or more.');
    }
    this.anchor = { row: anchorRowPos, column: anchorColPos };
    return this;
  }

  setOption(option: string, value: unknown): this {
    this.record('setOption', [option, value]);
    this.options.set(option, value);
    return this;
  }

  build(): FakeEmbeddedChart {
    this.record('build', []);
    // The type a chart gets without asXxxChart() is not documented; the code always sets one, so the fake asks for it.
    if (this.type === null)
      throw new Error('The fake expects asColumnChart/asLineChart/asScatterChart before build().');
    return new FakeEmbeddedChart(
      this.type,
      [...this.ranges],
      this.anchor ?? { row: 1, column: 1 },
      new Map(this.options),
      this.behaviour,
    );
  }
}

export class FakeRange {
  constructor(
    private readonly sheet: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {}

  getRow(): number {
    return this.row;
  }
  getColumn(): number {
    return this.column;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numColumns;
  }
  getSheet(): FakeSheet {
    return this.sheet;
  }

  setValues(values: unknown[][]): this {
    this.sheet.recorder.record('Range', 'setValues', [values, this.address()], this.sheet.getName());
    this.assertDimensions(values);
    // Array.from copies into this realm: values may come from a script running in node:vm (Apps Script hands
    // the service plain data too), and the formula engine checks arrays with instanceof.
    const name = this.sheet.getName();
    const keepApostrophe = this.sheet.behaviour.plainTextKeepsApostrophe;
    const typed = Array.from(values, (r, i) =>
      Array.from(r, (v, j) => {
        const value = storable(v);
        if (typeof value === 'string' && this.sheet.behaviour.apostropheStored && value.startsWith("'"))
          return `'${value}`;
        if (
          typeof value !== 'string' ||
          value === '' ||
          this.sheet.behaviour.plainTextIgnored ||
          this.sheet.backing.numberFormatAt(name, this.row + i, this.column + j) !== '@'
        )
          return value;
        // Plain text: stored as is (a formula's text too); the marking apostrophe below makes the engine keep it as text.
        return `'${!keepApostrophe && value.startsWith("'") ? value.slice(1) : value}`;
      }),
    );
    this.sheet.backing.writeTyped(name, this.row, this.column, typed);
    return this;
  }

  getValues(): CellValue[][] {
    this.sheet.recorder.record('Range', 'getValues', [this.address()], this.sheet.getName());
    const values = this.sheet.backing
      .readValues(this.sheet.getName(), this.cellRange())
      .map((r) => r.map((v) => (v === null || v === undefined ? '' : v)));
    const b = this.sheet.behaviour;
    const formulas = this.sheet.backing.readFormulas(this.sheet.getName(), this.cellRange());
    return values.map((r, i) =>
      r.map((v, j) => {
        if (b.customFunctionsInactive && CALLS_CUSTOM_FUNCTION.test(formulas[i][j])) return '#NAME?';
        if (typeof v === 'number' && b.formulaResultsOff && formulas[i][j] !== '') return v + 1e-6;
        if (typeof v === 'number' && b.numbersRounded) return Number(v.toPrecision(7));
        if (typeof v === 'string' && b.longTextCut) return v.slice(0, 40_000);
        return v;
      }),
    );
  }

  getFormulas(): string[][] {
    this.sheet.recorder.record('Range', 'getFormulas', [this.address()], this.sheet.getName());
    return this.sheet.backing.readFormulas(this.sheet.getName(), this.cellRange());
  }

  setNumberFormat(format: string): this {
    this.sheet.recorder.record('Range', 'setNumberFormat', [format, this.address()], this.sheet.getName());
    this.sheet.backing.setNumberFormat(this.sheet.getName(), this.cellRange(), format);
    return this;
  }

  setWrap(isWrapEnabled: boolean): this {
    this.sheet.recorder.record('Range', 'setWrap', [isWrapEnabled, this.address()], this.sheet.getName());
    if (isWrapEnabled) this.sheet.backing.setWrap(this.sheet.getName(), this.cellRange());
    return this;
  }

  setNotes(notes: string[][]): this {
    this.sheet.recorder.record('Range', 'setNotes', [notes, this.address()], this.sheet.getName());
    this.assertDimensions(notes);
    this.sheet.backing.setNotes(
      this.sheet.getName(),
      this.cellRange(),
      Array.from(notes, (r) => Array.from(r, String)),
    );
    return this;
  }

  /** "Sheet!B4:D6" style address, recorded with each call so tests can tell blocks apart. */
  address(): string {
    return a1Range(this.sheet.getName(), this.cellRange());
  }

  private cellRange() {
    return { row: this.row, col: this.column, rows: this.numRows, cols: this.numColumns };
  }

  private assertDimensions(values: unknown[][]): void {
    if (!Array.isArray(values) || values.some((r) => !Array.isArray(r))) {
      throw new Error("The parameters (…) don't match the method signature: expected a two-dimensional array.");
    }
    if (values.length !== this.numRows) {
      throw new Error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.numRows}.`,
      );
    }
    for (const r of values) {
      if (r.length !== this.numColumns) {
        throw new Error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${r.length} but the range has ${this.numColumns}.`,
        );
      }
    }
  }
}

/** Values a cell can hold; strings go to the backing as typed, which parses them (see the header). */
function storable(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  throw new Error(`The fake cannot store a ${typeof value} in a cell.`);
}

export { NEW_SHEET_COLUMNS, NEW_SHEET_ROWS };

export class FakeSheet {
  private rules: FakeConditionalFormatRule[] = [];
  private readonly charts: FakeEmbeddedChart[] = [];
  private frozenRows = 0;
  private readonly columnWidths = new Map<number, number>();
  private maxRows: number;
  private maxColumns: number;

  constructor(
    private name: string,
    readonly backing: LocalWorkbook,
    readonly recorder: CallRecorder,
    readonly behaviour: FakeBehaviour,
    /** Cells of every sheet's grid in the spreadsheet. */
    private readonly spreadsheetCells: () => number,
  ) {
    const used = backing.usedSize(name);
    this.maxRows = Math.max(NEW_SHEET_ROWS, used.rows);
    this.maxColumns = Math.max(NEW_SHEET_COLUMNS, used.cols);
  }

  getName(): string {
    return this.name;
  }

  private record(method: string, args: readonly unknown[]): void {
    this.recorder.record('Sheet', method, args, this.name);
  }

  /** Set by the spreadsheet that owns this sheet, so activating a range moves its selection. */
  onActivate: (sheet: FakeSheet, ranges: FakeRange[]) => void = () => undefined;

  activate(): this {
    this.record('activate', []);
    this.onActivate(this, []);
    return this;
  }

  getRangeList(a1Notations: string[]): { activate(): void; getRanges(): FakeRange[] } {
    this.record('getRangeList', [a1Notations]);
    if (!Array.isArray(a1Notations) || a1Notations.length === 0)
      throw new Error(
        "The parameters (number[]) don't match the method signature for SpreadsheetApp.Sheet.getRangeList.",
      );
    const ranges = a1Notations.map((a1) => {
      const block = parseA1Range(a1);
      if (block === null) throw new Error(`Range not found: ${a1}`);
      return this.getRange(block.row, block.col, block.rows, block.cols);
    });
    return {
      activate: () => {
        this.recorder.record('RangeList', 'activate', [a1Notations], this.name);
        this.onActivate(this, ranges);
      },
      getRanges: () => ranges,
    };
  }

  newChart(): FakeEmbeddedChartBuilder {
    this.record('newChart', []);
    return new FakeEmbeddedChartBuilder(this.recorder, this.name, this.behaviour);
  }

  insertChart(chart: FakeEmbeddedChart): void {
    this.record('insertChart', [chart]);
    if (!(chart instanceof FakeEmbeddedChart))
      throw new Error('insertChart expects an EmbeddedChart built by newChart().build().');
    if (chart.ranges.some((r) => r.getSheet() !== this))
      throw new Error('The fake only charts ranges of the sheet the chart is inserted into.');
    this.charts.push(chart);
  }

  getCharts(): FakeEmbeddedChart[] {
    this.record('getCharts', []);
    return [...this.charts];
  }

  removeChart(chart: FakeEmbeddedChart): void {
    this.record('removeChart', [chart]);
    const at = this.charts.indexOf(chart);
    if (at < 0) throw new Error('That chart is not on this sheet.');
    this.charts.splice(at, 1);
  }

  getRange(row: number, column: number, numRows = 1, numColumns = 1): FakeRange {
    this.record('getRange', [row, column, numRows, numColumns]);
    for (const [label, v] of [
      ['row', row],
      ['column', column],
      ['numRows', numRows],
      ['numColumns', numColumns],
    ] as const) {
      if (!Number.isInteger(v)) throw new Error(`getRange: ${label} must be a whole number; got ${String(v)}.`);
    }
    if (row < 1) throw new Error('The starting row of the range is too small.');
    if (column < 1) throw new Error('The starting column of the range is too small.');
    if (numRows < 1) throw new Error('The number of rows in the range must be at least 1.');
    if (numColumns < 1) throw new Error('The number of columns in the range must be at least 1.');
    if (row + numRows - 1 > this.maxRows || column + numColumns - 1 > this.maxColumns) {
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new FakeRange(this, row, column, numRows, numColumns);
  }

  getMaxRows(): number {
    this.record('getMaxRows', []);
    return this.maxRows;
  }

  getMaxColumns(): number {
    this.record('getMaxColumns', []);
    return this.maxColumns;
  }

  insertRowsAfter(afterPosition: number, howMany: number): this {
    this.record('insertRowsAfter', [afterPosition, howMany]);
    const added = insertedCount('insertRowsAfter', afterPosition, howMany, this.maxRows, 'row');
    if (this.behaviour.insertsIgnored) return this;
    assertCellCount(this.spreadsheetCells() + added * this.maxColumns, `inserting ${added} rows into "${this.name}"`);
    this.maxRows += added;
    return this;
  }

  insertColumnsAfter(afterPosition: number, howMany: number): this {
    this.record('insertColumnsAfter', [afterPosition, howMany]);
    const added = insertedCount('insertColumnsAfter', afterPosition, howMany, this.maxColumns, 'column');
    if (this.behaviour.insertsIgnored) return this;
    assertColumnsFit(this.name, this.maxColumns + added);
    assertCellCount(this.spreadsheetCells() + added * this.maxRows, `inserting ${added} columns into "${this.name}"`);
    this.maxColumns += added;
    return this;
  }

  /** Cells of this sheet's grid (no call recorded: the fake's own bookkeeping). */
  gridCells(): number {
    return this.maxRows * this.maxColumns;
  }

  getLastRow(): number {
    this.record('getLastRow', []);
    return this.backing.usedSize(this.name).rows;
  }

  getLastColumn(): number {
    this.record('getLastColumn', []);
    return this.backing.usedSize(this.name).cols;
  }

  clear(): this {
    this.record('clear', []);
    // The backing's clearSheet also drops notes and colour rules; GoogleWorkbook's own calls for those are
    // checked through the recorder.
    this.backing.clearSheet(this.name);
    return this;
  }

  clearNotes(): this {
    this.record('clearNotes', []);
    return this;
  }

  clearConditionalFormatRules(): void {
    this.record('clearConditionalFormatRules', []);
    this.rules = [];
    this.backing.setColorRules(this.name, []);
  }

  setColumnWidths(startColumn: number, numColumns: number, width: number): this {
    this.record('setColumnWidths', [startColumn, numColumns, width]);
    if (startColumn < 1 || numColumns < 1)
      throw new Error('setColumnWidths: column numbers start at 1 and the count must be at least 1.');
    for (let c = startColumn; c < startColumn + numColumns; c++) this.columnWidths.set(c, width);
    this.backing.setColumnWidths(this.name, startColumn, numColumns, width);
    return this;
  }

  setRowHeights(startRow: number, numRows: number, height: number): this {
    this.record('setRowHeights', [startRow, numRows, height]);
    if (startRow < 1 || numRows < 1)
      throw new Error('setRowHeights: row numbers start at 1 and the count must be at least 1.');
    this.backing.setRowHeights(this.name, startRow, numRows, height);
    return this;
  }

  getColumnWidth(column: number): number {
    return this.columnWidths.get(column) ?? 100;
  }

  setFrozenRows(rows: number): void {
    this.record('setFrozenRows', [rows]);
    this.frozenRows = rows;
    this.backing.setFrozenRows(this.name, rows);
  }

  getFrozenRows(): number {
    return this.frozenRows;
  }

  setConditionalFormatRules(rules: FakeConditionalFormatRule[]): void {
    this.record('setConditionalFormatRules', [rules]);
    if (!Array.isArray(rules) || rules.some((r) => !(r instanceof FakeConditionalFormatRule))) {
      throw new Error('setConditionalFormatRules expects an array of ConditionalFormatRule objects.');
    }
    this.rules = this.behaviour.conditionalRulesDropped ? [] : Array.from(rules);
    this.backing.setColorRules(this.name, this.rules.map(toColorRule));
  }

  getConditionalFormatRules(): FakeConditionalFormatRule[] {
    this.record('getConditionalFormatRules', []);
    return [...this.rules];
  }
}

/**
 * howMany, once the arguments are checked. Inserting inside the sheet would shift the cells below (or right),
 * which the backing workbook cannot do, so the fake grows only at the end.
 */
function insertedCount(
  method: string,
  afterPosition: number,
  howMany: number,
  size: number,
  what: 'row' | 'column',
): number {
  if (!Number.isInteger(afterPosition) || afterPosition < 1 || afterPosition > size) {
    throw new Error(`${method}: afterPosition ${String(afterPosition)} is not a ${what} of this sheet (1 to ${size}).`);
  }
  if (!Number.isInteger(howMany) || howMany < 1)
    throw new Error(`${method}: howMany must be a whole number of at least 1; got ${String(howMany)}.`);
  if (afterPosition !== size)
    throw new Error(`The fake can only insert after the last ${what} (${size}); got ${afterPosition}.`);
  return howMany;
}

function toColorRule(rule: FakeConditionalFormatRule): ColorRule {
  return {
    ranges: rule.ranges.map((r) => ({ row: r.row, col: r.column, rows: r.numRows, cols: r.numColumns })),
    min: toColorStop(rule.min, 'min'),
    ...(rule.mid ? { mid: toColorStop(rule.mid, 'mid') } : {}),
    max: toColorStop(rule.max, 'max'),
  };
}

export interface Toast {
  readonly message: string;
  readonly title: string;
  readonly timeoutSeconds: number | undefined;
}

export class FakeSpreadsheet {
  readonly toasts: Toast[] = [];
  private readonly sheets = new Map<string, FakeSheet>();
  private currentCell: FakeRange | null = null;
  /** The blocks selected last, for tests. */
  selected: FakeRange[] = [];

  constructor(
    readonly backing: LocalWorkbook,
    private readonly recorder: CallRecorder,
    readonly behaviour: FakeBehaviour,
  ) {}

  getId(): string {
    return 'fake-spreadsheet-id';
  }

  getSheets(): FakeSheet[] {
    this.recorder.record('Spreadsheet', 'getSheets', []);
    return this.backing.sheetNames().map((name) => this.wrap(name));
  }

  getSheetByName(name: string): FakeSheet | null {
    this.recorder.record('Spreadsheet', 'getSheetByName', [name]);
    return this.backing.sheetNames().includes(name) ? this.wrap(name) : null;
  }

  insertSheet(name: string, sheetIndex?: number): FakeSheet {
    this.recorder.record('Spreadsheet', 'insertSheet', [name, sheetIndex]);
    if (this.backing.sheetNames().includes(name)) {
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    // The backing workbook can only append.
    if (sheetIndex !== this.backing.sheetNames().length) {
      throw new Error(
        `The fake can only insert a sheet at the end (index ${this.backing.sheetNames().length}); got ${String(sheetIndex)}.`,
      );
    }
    assertCellCount(this.gridCells() + NEW_SHEET_ROWS * NEW_SHEET_COLUMNS, `adding sheet "${name}"`);
    this.backing.ensureSheet(name);
    // A new sheet of a name used before starts afresh, at the new-sheet size.
    const sheet = this.newSheet(name);
    this.sheets.set(name, sheet);
    return sheet;
  }

  deleteSheet(sheet: FakeSheet): void {
    this.recorder.record('Spreadsheet', 'deleteSheet', [sheet.getName()]);
    this.backing.deleteSheet(sheet.getName());
    this.sheets.delete(sheet.getName());
  }

  getCurrentCell(): FakeRange | null {
    this.recorder.record('Spreadsheet', 'getCurrentCell', []);
    return this.currentCell;
  }

  /** What a person does by clicking a cell (not an Apps Script call, so not recorded). */
  clickCell(sheetName: string, row: number, col: number): void {
    const sheet = this.wrap(sheetName);
    this.currentCell = new FakeRange(sheet, row, col, 1, 1);
    this.selected = [this.currentCell];
  }

  toast(message: string, title = '', timeoutSeconds?: number): void {
    this.recorder.record('Spreadsheet', 'toast', [message, title, timeoutSeconds]);
    this.toasts.push({ message: String(message), title: String(title), timeoutSeconds });
  }

  private wrap(name: string): FakeSheet {
    let sheet = this.sheets.get(name);
    if (!sheet) {
      sheet = this.newSheet(name);
      this.sheets.set(name, sheet);
    }
    return sheet;
  }

  private newSheet(name: string): FakeSheet {
    const sheet = new FakeSheet(name, this.backing, this.recorder, this.behaviour, () => this.gridCells());
    sheet.onActivate = (activated, ranges) => {
      const last = ranges[ranges.length - 1];
      this.selected = ranges;
      // Activating only the sheet leaves the cell; Range(List).activate moves it (see the header).
      if (last !== undefined) this.currentCell = new FakeRange(activated, last.row, last.column, 1, 1);
    };
    return sheet;
  }

  /** Cells of every sheet's grid, the total the 10-million-cell limit applies to. */
  gridCells(): number {
    return this.backing.sheetNames().reduce((sum, name) => sum + this.wrap(name).gridCells(), 0);
  }
}

export class FakeMenu {
  readonly items: { caption: string; functionName: string; submenu?: FakeMenu }[] = [];
  readonly separators: number[] = [];
  added = false;

  constructor(
    readonly title: string,
    private readonly recorder: CallRecorder,
  ) {}

  addItem(caption: string, functionName: string): this {
    this.recorder.record('Menu', 'addItem', [caption, functionName]);
    this.items.push({ caption, functionName });
    return this;
  }

  /** The submenu appears as an item captioned with its title; its items are in `submenu`. */
  addSubMenu(menu: FakeMenu): this {
    this.recorder.record('Menu', 'addSubMenu', [menu.title]);
    this.items.push({ caption: menu.title, functionName: '', submenu: menu });
    return this;
  }

  addSeparator(): this {
    this.recorder.record('Menu', 'addSeparator', []);
    this.separators.push(this.items.length);
    return this;
  }

  addToUi(): void {
    this.recorder.record('Menu', 'addToUi', []);
    this.added = true;
  }
}

export class FakeUi {
  readonly menus: FakeMenu[] = [];
  readonly sidebars: FakeHtmlOutput[] = [];
  readonly dialogs: { output: FakeHtmlOutput; title: string }[] = [];
  readonly alerts: string[][] = [];
  readonly ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' } as const;
  readonly Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' } as const;

  constructor(private readonly recorder: CallRecorder) {}

  createAddonMenu(): FakeMenu {
    this.recorder.record('Ui', 'createAddonMenu', []);
    const menu = new FakeMenu('(add-on)', this.recorder);
    this.menus.push(menu);
    return menu;
  }

  createMenu(caption: string): FakeMenu {
    this.recorder.record('Ui', 'createMenu', [caption]);
    const menu = new FakeMenu(caption, this.recorder);
    this.menus.push(menu);
    return menu;
  }

  showSidebar(output: FakeHtmlOutput): void {
    this.recorder.record('Ui', 'showSidebar', [output.getTitle()]);
    this.sidebars.push(output);
  }

  showModalDialog(output: FakeHtmlOutput, title: string): void {
    this.recorder.record('Ui', 'showModalDialog', [title]);
    this.dialogs.push({ output, title });
  }

  alert(...args: string[]): string {
    this.recorder.record('Ui', 'alert', args);
    this.alerts.push(args.filter((a) => typeof a === 'string' && !(a in this.ButtonSet)));
    return this.Button.OK;
  }
}

export class FakeSpreadsheetApp {
  readonly InterpolationType = InterpolationType;
  readonly spreadsheet: FakeSpreadsheet;
  readonly ui: FakeUi;

  constructor(
    backing: LocalWorkbook,
    private readonly recorder: CallRecorder,
    behaviour: FakeBehaviour,
  ) {
    this.spreadsheet = new FakeSpreadsheet(backing, recorder, behaviour);
    this.ui = new FakeUi(recorder);
  }

  getActiveSpreadsheet(): FakeSpreadsheet {
    this.recorder.record('SpreadsheetApp', 'getActiveSpreadsheet', []);
    return this.spreadsheet;
  }

  getActive(): FakeSpreadsheet {
    this.recorder.record('SpreadsheetApp', 'getActive', []);
    return this.spreadsheet;
  }

  getUi(): FakeUi {
    this.recorder.record('SpreadsheetApp', 'getUi', []);
    return this.ui;
  }

  newConditionalFormatRule(): FakeConditionalFormatRuleBuilder {
    this.recorder.record('SpreadsheetApp', 'newConditionalFormatRule', []);
    return new FakeConditionalFormatRuleBuilder(this.recorder);
  }

  flush(): void {
    this.recorder.record('SpreadsheetApp', 'flush', []);
  }
}

// ---------------------------------------------------------------- HtmlService

export class FakeHtmlOutput {
  private title = '';
  width?: number;
  height?: number;
  sandboxMode?: string;

  constructor(
    private content: string,
    private readonly recorder: CallRecorder,
  ) {}

  setTitle(title: string): this {
    this.recorder.record('HtmlOutput', 'setTitle', [title]);
    this.title = title;
    return this;
  }
  getTitle(): string {
    return this.title;
  }
  setWidth(width: number): this {
    this.recorder.record('HtmlOutput', 'setWidth', [width]);
    this.width = width;
    return this;
  }
  setHeight(height: number): this {
    this.recorder.record('HtmlOutput', 'setHeight', [height]);
    this.height = height;
    return this;
  }
  setSandboxMode(mode: string): this {
    this.recorder.record('HtmlOutput', 'setSandboxMode', [mode]);
    this.sandboxMode = mode;
    return this;
  }
  getContent(): string {
    this.recorder.record('HtmlOutput', 'getContent', []);
    return this.content;
  }
  setContent(content: string): this {
    this.recorder.record('HtmlOutput', 'setContent', [content]);
    this.content = content;
    return this;
  }
  append(addedContent: string): this {
    this.recorder.record('HtmlOutput', 'append', [addedContent]);
    this.content += addedContent;
    return this;
  }
}

export class FakeHtmlService {
  readonly SandboxMode = { IFRAME: 'IFRAME', NATIVE: 'NATIVE', EMULATED: 'EMULATED' } as const;

  constructor(
    private readonly readHtmlFile: (name: string) => string | undefined,
    private readonly recorder: CallRecorder,
  ) {}

  createHtmlOutputFromFile(name: string): FakeHtmlOutput {
    this.recorder.record('HtmlService', 'createHtmlOutputFromFile', [name]);
    const content = this.readHtmlFile(name);
    if (content === undefined) throw new Error(`No HTML file named "${name}" in this project.`);
    return new FakeHtmlOutput(content, this.recorder);
  }

  createHtmlOutput(html = ''): FakeHtmlOutput {
    this.recorder.record('HtmlService', 'createHtmlOutput', [html]);
    return new FakeHtmlOutput(html, this.recorder);
  }
}

// ---------------------------------------------------------------- LockService, PropertiesService, Session, Utilities

export class FakeLock {
  private held = false;

  constructor(private readonly recorder: CallRecorder) {}

  tryLock(timeoutInMillis: number): boolean {
    this.recorder.record('Lock', 'tryLock', [timeoutInMillis]);
    if (this.held) return false;
    this.held = true;
    return true;
  }

  hasLock(): boolean {
    return this.held;
  }

  releaseLock(): void {
    this.recorder.record('Lock', 'releaseLock', []);
    this.held = false;
  }

  /** Simulates someone else holding the document lock. */
  holdElsewhere(): void {
    this.held = true;
  }
}

export class FakeProperties {
  private readonly values = new Map<string, string>();

  constructor(
    private readonly kind: string,
    private readonly recorder: CallRecorder,
  ) {}

  getProperty(key: string): string | null {
    this.recorder.record('Properties', 'getProperty', [this.kind, key]);
    return this.values.get(key) ?? null;
  }

  setProperty(key: string, value: string): this {
    this.recorder.record('Properties', 'setProperty', [this.kind, key, value]);
    this.values.set(key, String(value));
    return this;
  }

  deleteProperty(key: string): this {
    this.recorder.record('Properties', 'deleteProperty', [this.kind, key]);
    this.values.delete(key);
    return this;
  }
}

export interface FakeEnvironmentOptions {
  /** The workbook behind SpreadsheetApp: a real formula engine. */
  readonly backing: LocalWorkbook;
  /**
   * Contents of the project's HTML files, by name without '.html' (HtmlService.createHtmlOutputFromFile);
   * undefined when the project has no such file, which HtmlService refuses.
   */
  readonly readHtmlFile?: (name: string) => string | undefined;
  /** The active user's email; leave undefined to model our manifest (no userinfo.email scope → the call throws). */
  readonly userEmail?: string;
}

/** All faked services, ready to be installed as globals (e.g. in a node:vm context). */
export interface FakeAppsScript {
  readonly recorder: CallRecorder;
  readonly behaviour: FakeBehaviour;
  readonly spreadsheetApp: FakeSpreadsheetApp;
  readonly lock: FakeLock;
  readonly globals: Record<string, unknown>;
}

export function createFakeAppsScript(options: FakeEnvironmentOptions): FakeAppsScript {
  const recorder = new CallRecorder();
  const behaviour = sheetsBehaviour();
  const spreadsheetApp = new FakeSpreadsheetApp(options.backing, recorder, behaviour);
  const lock = new FakeLock(recorder);
  const properties = {
    document: new FakeProperties('document', recorder),
    user: new FakeProperties('user', recorder),
    script: new FakeProperties('script', recorder),
  };
  const globals: Record<string, unknown> = {
    SpreadsheetApp: spreadsheetApp,
    HtmlService: new FakeHtmlService(options.readHtmlFile ?? (() => undefined), recorder),
    LockService: {
      getDocumentLock: () => (
        recorder.record('LockService', 'getDocumentLock', []),
        behaviour.documentLockMissing ? null : lock
      ),
      getScriptLock: () => (recorder.record('LockService', 'getScriptLock', []), lock),
      getUserLock: () => (recorder.record('LockService', 'getUserLock', []), lock),
    },
    PropertiesService: {
      getDocumentProperties: () => (
        recorder.record('PropertiesService', 'getDocumentProperties', []),
        properties.document
      ),
      getUserProperties: () => (recorder.record('PropertiesService', 'getUserProperties', []), properties.user),
      getScriptProperties: () => (recorder.record('PropertiesService', 'getScriptProperties', []), properties.script),
    },
    Session: {
      getActiveUser: () => {
        recorder.record('Session', 'getActiveUser', []);
        if (options.userEmail === undefined) {
          throw new Error(
            'You do not have permission to call Session.getActiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email',
          );
        }
        const email = options.userEmail;
        return { getEmail: () => email };
      },
      getTemporaryActiveUserKey: () => 'fake-temporary-user-key',
    },
    Utilities: {
      base64Encode: (data: string | number[]) => {
        recorder.record('Utilities', 'base64Encode', []);
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.map((b) => b & 0xff));
        return bytes.toString('base64');
      },
      base64Decode: (encoded: string) => {
        recorder.record('Utilities', 'base64Decode', []);
        return [...Buffer.from(encoded, 'base64')].map((b) => (b > 127 ? b - 256 : b));
      },
      sleep: (ms: number) => recorder.record('Utilities', 'sleep', [ms]),
    },
    ScriptApp: { AuthMode: { NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' } },
    Logger: { log: (...args: unknown[]) => recorder.record('Logger', 'log', args) },
    // Apps Script's console writes to the execution log (Cloud Logging); here it is recorded.
    console: Object.fromEntries(
      ['log', 'info', 'warn', 'error'].map((level) => [
        level,
        (...args: unknown[]) => recorder.record('console', level, args),
      ]),
    ),
  };
  return { recorder, behaviour, spreadsheetApp, lock, globals };
}
