/**
 * The one place that knows where numbers sit in a sheet. Every writer, reader, native formula and custom
 * function asks this module for positions; no other code computes grid geometry. Reading values back and
 * checking them is grid-values.ts; A1 references are a1-notation.ts.
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
import { assertCount } from './cell-values';

/** Top-left cell of every data grid (B4). */
export const GRID_ORIGIN = { row: 4, col: 2 } as const;

/** Rows above the grid (title, shape, column labels); frozen so they stay visible while scrolling. */
export const HEADER_ROWS = 3;

/** A grid cell as written: a number, or '' for a blank gap. */
export type GridCell = number | '';
export type Grid = GridCell[][];

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

export interface BlockGrid {
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
export type BlockOffset = (blockRow: number, blockCol: number) => number;

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

// ---------------------------------------------------------------------------------------------------------
// Feature maps [C, H, W].

/** How many blocks across and down a tensor of `channels` maps uses. */
export function gridShape(channels: number): { gridRows: number; gridCols: number } {
  assertCount(channels, 'gridShape', 'channels');
  const gridCols = Math.ceil(Math.sqrt(channels));
  return { gridRows: Math.ceil(channels / gridCols), gridCols };
}

export function mapBlocks(channels: number, height: number, width: number): BlockGrid {
  const { gridRows, gridCols } = gridShape(channels);
  return { blockRows: gridRows, blockCols: gridCols, height, width };
}

export function mapOffset(channels: number, height: number, width: number): BlockOffset {
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
export function mapCell(
  channels: number,
  height: number,
  width: number,
  c: number,
  y: number,
  x: number,
): CellPosition {
  const { gridCols } = gridShape(channels);
  return {
    row: GRID_ORIGIN.row + Math.floor(c / gridCols) * (height + 1) + y,
    col: GRID_ORIGIN.col + (c % gridCols) * (width + 1) + x,
  };
}

/** Which element (c, y, x) of a [C, H, W] tensor laid out at B4 sits at a sheet position; null for gaps, unused slots and cells outside. */
export function mapElementAt(
  channels: number,
  height: number,
  width: number,
  pos: CellPosition,
): { c: number; y: number; x: number } | null {
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
  if (t.shape.length !== 3)
    throw new Error(`tensorToGrid: expected a [C, H, W] tensor, got shape [${t.shape.join(', ')}]`);
  const [channels, height, width] = t.shape;
  return renderBlocks(mapBlocks(channels, height, width), t.data, mapOffset(channels, height, width));
}

// ---------------------------------------------------------------------------------------------------------
// Convolution filters [F, C, k, k] and their biases.

export function filterBlocks(filters: number, channels: number, kernel: number): BlockGrid {
  return { blockRows: filters, blockCols: channels, height: kernel, width: kernel };
}

export function filterOffset(channels: number, kernel: number): BlockOffset {
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
  if (pos.col === bias.col && pos.row >= bias.row && pos.row < bias.row + bias.rows)
    return { kind: 'bias', f: pos.row - bias.row };
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
  if (weights.shape.length !== 2)
    throw new Error(`denseToGrid: expected a [N, K] tensor, got shape [${weights.shape.join(', ')}]`);
  const [inputs, classes] = weights.shape;
  return Array.from({ length: inputs }, (_, n) => Array.from(weights.data.subarray(n * classes, (n + 1) * classes)));
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
