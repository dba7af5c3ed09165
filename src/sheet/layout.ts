/**
 * The one place that knows where numbers sit in a sheet. Every writer, reader, native formula and custom
 * function asks this module for positions and conversions; no other code computes grid geometry.
 *
 * Layout of every step sheet (rows/cols 1-based, as in A1 notation):
 * - row 1 title, row 2 shape/reading order, row 3 column labels, column A row labels; data grid at B4.
 * - C maps of H×W: a grid of blocks, gridCols = ceil(√C), gridRows = ceil(C / gridCols); map c sits at block
 *   (floor(c / gridCols), c mod gridCols); one blank row/column between blocks; unused slots stay blank.
 * - Conv filters [F, C, k, k]: one row of blocks per filter, one k×k block per input channel, one blank
 *   row/column between blocks; biases in a column of F cells one blank column right of the filters.
 * - Dense weights [N, K]: N rows × K columns (one column per class); biases in a row of K cells one blank
 *   row below the weights.
 * - Vectors (flatten, logits, probabilities): one column of cells at B4.
 */
import type { Tensor } from '../core/types';
import type { CellRange } from './workbook';
import { plural } from '../shared/plural';

/** Top-left cell of every data grid (B4). */
export const GRID_ORIGIN = { row: 4, col: 2 } as const;

/** Rows above the grid (title, shape, column labels); frozen so they stay visible while scrolling. */
export const HEADER_ROWS = 3;

/** A grid cell as written: a number, or '' for a blank gap. */
export type GridCell = number | '';
export type Grid = GridCell[][];

/** A block of cells as read from a sheet or passed to a custom function (any cell type, checked on read). */
export type CellGrid = readonly (readonly unknown[])[];

export interface GridSize {
  readonly rows: number;
  readonly cols: number;
}

export interface CellPosition {
  readonly row: number;
  readonly col: number;
}

/** The smallest block that holds every one of `cells` (at least one). */
export function boundingRange(cells: readonly CellPosition[]): CellRange {
  if (cells.length === 0) throw new Error('boundingRange: no cells given');
  let top = Infinity;
  let left = Infinity;
  let bottom = -Infinity;
  let right = -Infinity;
  for (const { row, col } of cells) {
    top = Math.min(top, row);
    left = Math.min(left, col);
    bottom = Math.max(bottom, row);
    right = Math.max(right, col);
  }
  return { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}

// ---------------------------------------------------------------------------------------------------------
// Blocks separated by one blank row/column: shared by feature maps and filters.

interface BlockGrid {
  readonly blockRows: number;
  readonly blockCols: number;
  readonly height: number;
  readonly width: number;
}

function blockGridSize(g: BlockGrid): GridSize {
  return {
    rows: g.blockRows * g.height + g.blockRows - 1,
    cols: g.blockCols * g.width + g.blockCols - 1,
  };
}

/** Offset into the tensor data of the block at (blockRow, blockCol), or -1 for an unused slot. */
type BlockOffset = (blockRow: number, blockCol: number) => number;

function renderBlocks(g: BlockGrid, data: Float64Array, offsetOf: BlockOffset): Grid {
  const size = blockGridSize(g);
  const grid: Grid = Array.from({ length: size.rows }, () => new Array<GridCell>(size.cols).fill(''));
  for (let br = 0; br < g.blockRows; br++) {
    for (let bc = 0; bc < g.blockCols; bc++) {
      const offset = offsetOf(br, bc);
      if (offset < 0) continue;
      const top = br * (g.height + 1);
      const left = bc * (g.width + 1);
      for (let y = 0; y < g.height; y++) {
        const row = grid[top + y];
        for (let x = 0; x < g.width; x++) row[left + x] = data[offset + y * g.width + x];
      }
    }
  }
  return grid;
}

function isBlank(value: unknown): boolean {
  return value === '' || value === null || value === undefined;
}

/** A cell's content as a message shows it: text "abc", TRUE, NaN, a date. */
export function describeCell(value: unknown): string {
  if (typeof value === 'string') return `text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'not a number (NaN)' : `${value}`;
  if (typeof value === 'boolean') return `the logical value ${value ? 'TRUE' : 'FALSE'}`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : `the date ${value.toISOString().slice(0, 10)}`;
  return `a value of type ${typeof value}`;
}

/**
 * Reads one data cell; `what` names the kind of cell for the message ("map cell", "weight cell"). A blank
 * where a number belongs usually means the layout was misread, so `why` (how the layout was chosen) is added.
 */
function readNumber(value: unknown, fnName: string, argName: string, row: number, col: number, what: string, why = ''): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const found = isBlank(value) ? 'blank' : describeCell(value);
  const reason = isBlank(value) ? why : '';
  throw new Error(`${fnName}: ${argName} cell (row ${row + 1}, col ${col + 1}) is ${found}; every ${what} must be a number${reason}`);
}

function assertRectangular(cells: CellGrid, fnName: string, argName: string): GridSize {
  const rows = cells.length;
  const cols = rows > 0 ? cells[0].length : 0;
  if (rows === 0 || cols === 0) throw new Error(`${fnName}: ${argName} is empty; select the cells that hold it`);
  for (let r = 1; r < rows; r++) {
    if (cells[r].length !== cols) {
      throw new Error(`${fnName}: ${argName} row ${r + 1} has ${cells[r].length} cells but row 1 has ${cols}; pass a rectangular range`);
    }
  }
  return { rows, cols };
}

/**
 * Reads blocks into `out`, checking that block cells are numbers and every other cell (gaps, unused slots)
 * is blank — a number in a gap means the range or the channel count is off, so it must not pass silently.
 */
function parseBlocks(
  cells: CellGrid,
  g: BlockGrid,
  offsetOf: BlockOffset,
  out: Float64Array,
  fnName: string,
  argName: string,
  what: string,
  layoutHint: string,
  why = '',
): void {
  for (let r = 0; r < cells.length; r++) {
    const row = cells[r];
    const br = Math.floor(r / (g.height + 1));
    const y = r % (g.height + 1);
    for (let c = 0; c < row.length; c++) {
      const bc = Math.floor(c / (g.width + 1));
      const x = c % (g.width + 1);
      const offset = y === g.height || x === g.width ? -1 : offsetOf(br, bc);
      if (offset >= 0) {
        out[offset + y * g.width + x] = readNumber(row[c], fnName, argName, r, c, what, why);
      } else if (!isBlank(row[c])) {
        const place = y === g.height || x === g.width ? 'a gap between blocks' : 'an unused block slot';
        throw new Error(
          `${fnName}: ${argName} cell (row ${r + 1}, col ${c + 1}) is ${describeCell(row[c])} but lies in ${place}, ` +
            `which must be blank (${layoutHint})${why}`,
        );
      }
    }
  }
}

function assertCount(value: number, fnName: string, argName: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${fnName}: ${argName} must be a whole number ≥ 1, got ${describeCell(value)}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Feature maps [C, H, W].

/** How many blocks across and down a tensor of `channels` maps uses. */
export function gridShape(channels: number): { gridRows: number; gridCols: number } {
  assertCount(channels, 'gridShape', 'channels');
  const gridCols = Math.ceil(Math.sqrt(channels));
  return { gridRows: Math.ceil(channels / gridCols), gridCols };
}

function mapBlocks(channels: number, height: number, width: number): BlockGrid {
  const { gridRows, gridCols } = gridShape(channels);
  return { blockRows: gridRows, blockCols: gridCols, height, width };
}

function mapOffset(channels: number, height: number, width: number): BlockOffset {
  const { gridCols } = gridShape(channels);
  return (br, bc) => {
    const c = br * gridCols + bc;
    return c < channels ? c * height * width : -1;
  };
}

/** Rows and columns of the grid holding C maps of H×W. */
export function mapGridSize(channels: number, height: number, width: number): GridSize {
  return blockGridSize(mapBlocks(channels, height, width));
}

/** The grid's cells on its sheet (starting at B4). */
export function mapRange(channels: number, height: number, width: number): CellRange {
  return { ...GRID_ORIGIN, ...mapGridSize(channels, height, width) };
}

/** Sheet position of element (c, y, x) of a [C, H, W] tensor laid out at B4. */
export function mapCell(channels: number, height: number, width: number, c: number, y: number, x: number): CellPosition {
  const { gridCols } = gridShape(channels);
  return {
    row: GRID_ORIGIN.row + Math.floor(c / gridCols) * (height + 1) + y,
    col: GRID_ORIGIN.col + (c % gridCols) * (width + 1) + x,
  };
}

/** Which element (c, y, x) of a [C, H, W] tensor laid out at B4 sits at a sheet position; null for gaps, unused slots and cells outside. */
export function mapElementAt(channels: number, height: number, width: number, pos: CellPosition): { c: number; y: number; x: number } | null {
  const { gridRows, gridCols } = gridShape(channels);
  const r = pos.row - GRID_ORIGIN.row;
  const k = pos.col - GRID_ORIGIN.col;
  if (r < 0 || k < 0) return null;
  const br = Math.floor(r / (height + 1));
  const bc = Math.floor(k / (width + 1));
  const y = r % (height + 1);
  const x = k % (width + 1);
  const c = br * gridCols + bc;
  if (br >= gridRows || bc >= gridCols || y === height || x === width || c >= channels) return null;
  return { c, y, x };
}

/** A [C, H, W] tensor as grid cells (blank gaps and unused slots as ''). */
export function tensorToGrid(t: Tensor): Grid {
  if (t.shape.length !== 3) throw new Error(`tensorToGrid: expected a [C, H, W] tensor, got shape [${t.shape.join(', ')}]`);
  const [channels, height, width] = t.shape;
  return renderBlocks(mapBlocks(channels, height, width), t.data, mapOffset(channels, height, width));
}

/**
 * Map height and width implied by a grid of `rows`×`cols` cells holding `channels` maps; throws a message
 * naming `fnName` and `argName` when the size cannot hold them (`why` tells where the channel count came from).
 */
export function mapDimsFromGrid(
  rows: number,
  cols: number,
  channels: number,
  fnName: string,
  argName: string,
  why = '',
): { height: number; width: number } {
  assertCount(channels, fnName, 'channels');
  const { gridRows, gridCols } = gridShape(channels);
  const height = (rows - (gridRows - 1)) / gridRows;
  const width = (cols - (gridCols - 1)) / gridCols;
  const arrangement = mapArrangement(channels);
  if (!Number.isInteger(height) || height < 1) {
    throw new Error(
      `${fnName}: ${argName} has ${plural(rows, 'row')}; expected ${plural(gridRows, 'row')} of blocks ` +
        `(${gridRows}×H + ${plural(gridRows - 1, 'gap')}) because ${arrangement}${why}`,
    );
  }
  if (!Number.isInteger(width) || width < 1) {
    throw new Error(
      `${fnName}: ${argName} has ${plural(cols, 'column')}; expected ${plural(gridCols, 'column')} of blocks ` +
        `(${gridCols}×W + ${plural(gridCols - 1, 'gap')}) because ${arrangement}${why}`,
    );
  }
  return { height, width };
}

function mapArrangement(channels: number): string {
  const { gridRows, gridCols } = gridShape(channels);
  return `${plural(channels, 'map')} are laid out as ${gridRows}×${gridCols} blocks with one blank row/column between blocks`;
}

/**
 * Reads a grid of `channels` maps back into a [C, H, W] tensor, inferring H and W from the grid size.
 * Throws a message naming `fnName` and `argName` when the size does not fit, a gap holds a value, or a map
 * cell is not a number; `why` (where the channel count came from) is added where a wrong count is the likely cause.
 */
export function gridToTensor(cells: CellGrid, channels: number, fnName: string, argName: string, why = ''): Tensor {
  assertCount(channels, fnName, 'channels');
  const size = assertRectangular(cells, fnName, argName);
  const { height, width } = mapDimsFromGrid(size.rows, size.cols, channels, fnName, argName, why);
  const data = new Float64Array(channels * height * width);
  const hint = `${mapArrangement(channels)}, each ${height}×${width}`;
  const blocks = mapBlocks(channels, height, width);
  parseBlocks(cells, blocks, mapOffset(channels, height, width), data, fnName, argName, 'map cell', hint, why);
  return { shape: [channels, height, width], data };
}

// ---------------------------------------------------------------------------------------------------------
// Convolution filters [F, C, k, k] and their biases.

function filterBlocks(filters: number, channels: number, kernel: number): BlockGrid {
  return { blockRows: filters, blockCols: channels, height: kernel, width: kernel };
}

function filterOffset(channels: number, kernel: number): BlockOffset {
  return (f, c) => (f * channels + c) * kernel * kernel;
}

/** Rows and columns of F filters of C k×k blocks. */
export function filtersGridSize(filters: number, channels: number, kernel: number): GridSize {
  return blockGridSize(filterBlocks(filters, channels, kernel));
}

/** The filter weights' cells on their sheet (starting at B4). */
export function filtersRange(filters: number, channels: number, kernel: number): CellRange {
  return { ...GRID_ORIGIN, ...filtersGridSize(filters, channels, kernel) };
}

/** The biases' column: F cells from row 4, one blank column right of the filters. */
export function filterBiasRange(filters: number, channels: number, kernel: number): CellRange {
  const { cols } = filtersGridSize(filters, channels, kernel);
  return { row: GRID_ORIGIN.row, col: GRID_ORIGIN.col + cols + 1, rows: filters, cols: 1 };
}

/** Sheet position of weight (f, c, i, j) of a [F, C, k, k] filter tensor laid out at B4. */
export function filterCell(kernel: number, f: number, c: number, i: number, j: number): CellPosition {
  return {
    row: GRID_ORIGIN.row + f * (kernel + 1) + i,
    col: GRID_ORIGIN.col + c * (kernel + 1) + j,
  };
}

/** Which weight (f, c, i, j) or bias (f) of F filters of C k×k blocks sits at a sheet position; null elsewhere. */
export function filterElementAt(
  filters: number,
  channels: number,
  kernel: number,
  pos: CellPosition,
): { kind: 'weight'; f: number; c: number; i: number; j: number } | { kind: 'bias'; f: number } | null {
  const bias = filterBiasRange(filters, channels, kernel);
  if (pos.col === bias.col && pos.row >= bias.row && pos.row < bias.row + bias.rows) return { kind: 'bias', f: pos.row - bias.row };
  const r = pos.row - GRID_ORIGIN.row;
  const k = pos.col - GRID_ORIGIN.col;
  if (r < 0 || k < 0) return null;
  const f = Math.floor(r / (kernel + 1));
  const c = Math.floor(k / (kernel + 1));
  const i = r % (kernel + 1);
  const j = k % (kernel + 1);
  if (f >= filters || c >= channels || i === kernel || j === kernel) return null;
  return { kind: 'weight', f, c, i, j };
}

/** A [F, C, k, k] filter tensor as grid cells. */
export function filtersToGrid(weights: Tensor): Grid {
  if (weights.shape.length !== 4 || weights.shape[2] !== weights.shape[3]) {
    throw new Error(`filtersToGrid: expected a [F, C, k, k] tensor, got shape [${weights.shape.join(', ')}]`);
  }
  const [filters, channels, kernel] = weights.shape;
  return renderBlocks(filterBlocks(filters, channels, kernel), weights.data, filterOffset(channels, kernel));
}

/** Kernel size and input channels implied by a grid of `rows`×`cols` cells holding `filters` filters. */
export function filterDimsFromGrid(rows: number, cols: number, filters: number, fnName: string, argName: string): { kernel: number; channels: number } {
  assertCount(filters, fnName, 'filter count');
  const kernel = (rows + 1) / filters - 1;
  if (!Number.isInteger(kernel) || kernel < 1) {
    throw new Error(
      `${fnName}: ${argName} has ${plural(rows, 'row')}; expected ${plural(filters, 'row')} of k×k blocks, ` +
        `one per filter (${filters}×k + ${plural(filters - 1, 'gap')}, e.g. ${filters * 3 + filters - 1} rows for 3×3 kernels)`,
    );
  }
  const channels = (cols + 1) / (kernel + 1);
  if (!Number.isInteger(channels)) {
    throw new Error(
      `${fnName}: ${argName} has ${plural(cols, 'column')}; with ${kernel}×${kernel} kernels expected one ` +
        `${kernel}×${kernel} block per input channel with a blank column between blocks ` +
        `(C×${kernel} + C−1 columns: ${kernel}, ${2 * kernel + 1}, ${3 * kernel + 2}, …)`,
    );
  }
  return { kernel, channels };
}

/**
 * Reads `filters` rows of k×k blocks back into a [F, C, k, k] tensor, inferring k from the row count and C
 * from the column count.
 */
export function gridToFilters(cells: CellGrid, filters: number, fnName: string, argName: string): Tensor {
  const size = assertRectangular(cells, fnName, argName);
  const { kernel, channels } = filterDimsFromGrid(size.rows, size.cols, filters, fnName, argName);
  const data = new Float64Array(filters * channels * kernel * kernel);
  const hint = `${plural(filters, 'filter')} as rows of ${channels} blocks of ${kernel}×${kernel} with one blank row/column between blocks`;
  parseBlocks(cells, filterBlocks(filters, channels, kernel), filterOffset(channels, kernel), data, fnName, argName, 'weight cell', hint);
  return { shape: [filters, channels, kernel, kernel], data };
}

// ---------------------------------------------------------------------------------------------------------
// Dense weights [N, K] and vectors.

/** Dense weights' cells: N rows × K columns at B4. */
export function denseWeightsRange(inputs: number, classes: number): CellRange {
  return { ...GRID_ORIGIN, rows: inputs, cols: classes };
}

/** Dense biases: one row of K cells, one blank row below the weights. */
export function denseBiasRange(inputs: number, classes: number): CellRange {
  return { row: GRID_ORIGIN.row + inputs + 1, col: GRID_ORIGIN.col, rows: 1, cols: classes };
}

/** A [N, K] weight tensor as N rows of K cells. */
export function denseToGrid(weights: Tensor): number[][] {
  if (weights.shape.length !== 2) throw new Error(`denseToGrid: expected a [N, K] tensor, got shape [${weights.shape.join(', ')}]`);
  const [inputs, classes] = weights.shape;
  return Array.from({ length: inputs }, (_, n) => Array.from(weights.data.subarray(n * classes, (n + 1) * classes)));
}

/** Reads N rows × K columns of numbers into a [N, K] tensor. */
export function gridToDense(cells: CellGrid, fnName: string, argName: string): Tensor {
  const { rows, cols } = assertRectangular(cells, fnName, argName);
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = readNumber(cells[r][c], fnName, argName, r, c, 'weight cell');
  }
  return { shape: [rows, cols], data };
}

/** A column of n cells at B4 (flatten, logits, probabilities). */
export function columnRange(length: number): CellRange {
  return { ...GRID_ORIGIN, rows: length, cols: 1 };
}

/** A 1-D tensor as a column of cells. */
export function vectorToColumn(t: Tensor): number[][] {
  if (t.shape.length !== 1) throw new Error(`vectorToColumn: expected a 1-D tensor, got shape [${t.shape.join(', ')}]`);
  return Array.from(t.data, (v) => [v]);
}

/** A 1-D tensor as one row of cells. */
export function vectorToRow(t: Tensor): number[][] {
  if (t.shape.length !== 1) throw new Error(`vectorToRow: expected a 1-D tensor, got shape [${t.shape.join(', ')}]`);
  return [Array.from(t.data)];
}

/** Reads a single column or a single row of numbers into a 1-D tensor. */
export function gridToVector(cells: CellGrid, fnName: string, argName: string): Tensor {
  const { rows, cols } = assertRectangular(cells, fnName, argName);
  if (rows > 1 && cols > 1) {
    throw new Error(`${fnName}: ${argName} is ${rows}×${cols}; expected a single column (or a single row) of numbers`);
  }
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = readNumber(cells[r][c], fnName, argName, r, c, 'cell');
  }
  return { shape: [rows * cols], data };
}

/** Reads any block whose cells are numbers or blanks (e.g. RELU's input), keeping blanks as ''. */
export function gridToNumbersOrBlanks(cells: CellGrid, fnName: string, argName: string): Grid {
  assertRectangular(cells, fnName, argName);
  return cells.map((row, r) => row.map((v, c) => (isBlank(v) ? '' : readNumber(v, fnName, argName, r, c, 'cell that is not blank'))));
}

// ---------------------------------------------------------------------------------------------------------
// A1 notation.

/** 1 → A, 26 → Z, 27 → AA. */
export function columnLetter(col: number): string {
  if (!Number.isInteger(col) || col < 1) throw new Error(`columnLetter: column must be a whole number ≥ 1, got ${col}`);
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A1 address of one cell, e.g. B4. */
export function a1Cell(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

/**
 * A sheet name as it must appear before '!': bare when it is a plain identifier that cannot be read as a
 * cell address, otherwise in single quotes with inner quotes doubled ('Conv 1', 'Bob''s').
 */
export function quoteSheetName(sheet: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) && !/^[A-Za-z]{1,3}[0-9]+$/.test(sheet) && !/^R[0-9]*C[0-9]*$/i.test(sheet);
  return plain ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** A1 reference of a block: B4:D6 (or B4 for one cell), prefixed with the sheet name when one is given. */
export function a1Range(sheet: string | null, range: CellRange): string {
  const start = a1Cell(range.row, range.col);
  const single = range.rows === 1 && range.cols === 1;
  const cells = single ? start : `${start}:${a1Cell(range.row + range.rows - 1, range.col + range.cols - 1)}`;
  return sheet === null ? cells : `${quoteSheetName(sheet)}!${cells}`;
}

/** Reads "B4" or "B4:D6" (no sheet name, no $) back into a block; null when the text is not one. */
export function parseA1Range(text: string): CellRange | null {
  const match = /^([A-Z]{1,3})([1-9][0-9]{0,7})(?::([A-Z]{1,3})([1-9][0-9]{0,7}))?$/.exec(text);
  if (match === null) return null;
  const column = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const top = Number(match[2]);
  const left = column(match[1]);
  const bottom = match[4] === undefined ? top : Number(match[4]);
  const right = match[3] === undefined ? left : column(match[3]);
  if (bottom < top || right < left) return null;
  return { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}
