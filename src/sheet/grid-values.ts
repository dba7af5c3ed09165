/**
 * Reading a block of cells back into numbers: checks that it is rectangular, that number cells hold numbers
 * and that gaps are blank, with messages that name the function, the argument and the cell (row/column
 * counted within the block). The positions come from layout.ts.
 */
import type { Tensor } from '../core/types';
import { plural } from '../shared/plural';
import type { BlockGrid, BlockOffset, Grid, GridSize } from './layout';
import { filterBlocks, filterOffset, gridShape, mapBlocks, mapOffset } from './layout';
import { assertCount, describeCell, isBlank } from './cell-values';

/** A block of cells as read from a sheet or passed to a custom function (any cell type, checked on read). */
export type CellGrid = readonly (readonly unknown[])[];

/**
 * Reads one data cell; `what` names the kind of cell for the message ("map cell", "weight cell"). A blank
 * where a number belongs usually means the layout was misread, so `why` (how the layout was chosen) is added.
 */
function readNumber(
  value: unknown,
  fnName: string,
  argName: string,
  row: number,
  col: number,
  what: string,
  why = '',
): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const found = isBlank(value) ? 'blank' : describeCell(value);
  const reason = isBlank(value) ? why : '';
  throw new Error(
    `${fnName}: ${argName} cell (row ${row + 1}, col ${col + 1}) is ${found}; every ${what} must be a number${reason}`,
  );
}

function assertRectangular(cells: CellGrid, fnName: string, argName: string): GridSize {
  const rows = cells.length;
  const cols = rows > 0 ? cells[0].length : 0;
  if (rows === 0 || cols === 0) throw new Error(`${fnName}: ${argName} is empty; select the cells that hold it`);
  for (let r = 1; r < rows; r++) {
    if (cells[r].length !== cols) {
      throw new Error(
        `${fnName}: ${argName} row ${r + 1} has ${cells[r].length} cells but row 1 has ${cols}; pass a rectangular range`,
      );
    }
  }
  return { rows, cols };
}

/** Where parseBlocks reads from and writes to, and what its messages call things. */
interface BlocksToParse {
  readonly cells: CellGrid;
  readonly blocks: BlockGrid;
  readonly offsetOf: BlockOffset;
  /** Receives each block cell's number at its tensor offset. */
  readonly out: Float64Array;
  readonly fnName: string;
  readonly argName: string;
  /** The kind of number cell, e.g. "map cell", "weight cell". */
  readonly what: string;
  /** How the blocks are laid out, said when a gap holds a value. */
  readonly layoutHint: string;
  /** How the layout was chosen, added where a wrong count is the likely cause; '' when not needed. */
  readonly why?: string;
}

/**
 * Reads blocks into `out`, checking that block cells are numbers and every other cell (gaps, unused slots)
 * is blank — a number in a gap means the range or the channel count is off, so it must not pass silently.
 */
function parseBlocks({
  cells,
  blocks: g,
  offsetOf,
  out,
  fnName,
  argName,
  what,
  layoutHint,
  why = '',
}: BlocksToParse): void {
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

// ---------------------------------------------------------------------------------------------------------
// Feature maps [C, H, W].

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
  parseBlocks({
    cells,
    blocks,
    offsetOf: mapOffset(channels, height, width),
    out: data,
    fnName,
    argName,
    what: 'map cell',
    layoutHint: hint,
    why,
  });
  return { shape: [channels, height, width], data };
}

// ---------------------------------------------------------------------------------------------------------
// Convolution filters [F, C, k, k].

/** Kernel size and input channels implied by a grid of `rows`×`cols` cells holding `filters` filters. */
export function filterDimsFromGrid(
  rows: number,
  cols: number,
  filters: number,
  fnName: string,
  argName: string,
): { kernel: number; channels: number } {
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
  parseBlocks({
    cells,
    blocks: filterBlocks(filters, channels, kernel),
    offsetOf: filterOffset(channels, kernel),
    out: data,
    fnName,
    argName,
    what: 'weight cell',
    layoutHint: hint,
  });
  return { shape: [filters, channels, kernel, kernel], data };
}

// ---------------------------------------------------------------------------------------------------------
// Dense weights [N, K] and vectors.

/** Reads N rows × K columns of numbers into a [N, K] tensor. */
export function gridToDense(cells: CellGrid, fnName: string, argName: string): Tensor {
  const { rows, cols } = assertRectangular(cells, fnName, argName);
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = readNumber(cells[r][c], fnName, argName, r, c, 'weight cell');
  }
  return { shape: [rows, cols], data };
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
  return cells.map((row, r) =>
    row.map((v, c) => (isBlank(v) ? '' : readNumber(v, fnName, argName, r, c, 'cell that is not blank'))),
  );
}
