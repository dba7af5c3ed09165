import { conv2d, convOutputGeometry } from '../core';
import type { Padding } from '../core/types';
import { filterDimsFromGrid, gridToFilters, gridToTensor, gridToVector, mapDimsFromGrid } from '../sheet/grid-values';
import { mapGridSize, tensorToGrid } from '../sheet/layout';
import type { GridSize } from '../sheet/layout';
import {
  argShape,
  assertFiniteGrid,
  assertResultSize,
  rangeSize,
  toCells,
  toPadding,
  toWholeNumber,
  vectorLength,
} from './args';
import type { ArgShape, SheetArg, SheetResult } from './args';
import { CONV2D_DECLARATION } from './declarations';

const NAME = CONV2D_DECLARATION.name;

interface Conv2dPlan {
  readonly filters: number;
  readonly stride: number;
  readonly padding: Padding;
  readonly result: GridSize;
}

/** Why an input grid must hold as many maps as the filters are deep. */
function depthHint(channels: number): string {
  return ` (the filters are ${channels} ${channels === 1 ? 'channel' : 'channels'} deep, so input must be a grid of ${channels} ${channels === 1 ? 'map' : 'maps'})`;
}

/** Most multiply-adds one call may do: under a second here, a few seconds in Apps Script, well inside its 30 s. */
const MAX_MULTIPLY_ADDS = 250_000_000;
/** Most numbers the unrolled (im2col) input may hold: 192 MB of float64 working memory. */
const MAX_WORKING_VALUES = 24_000_000;

const grouped = (n: number): string => n.toLocaleString('en-US');

/**
 * Refuses a convolution whose work or working memory a custom function cannot afford, before anything is
 * allocated, naming the argument that makes it so when one stands out (padding beyond the kernel, filters
 * larger than the maps).
 */
function assertAffordable(
  height: number,
  width: number,
  channels: number,
  filters: number,
  kernel: number,
  padding: Padding,
  rows: number,
  cols: number,
): void {
  const outputs = rows * cols;
  const weights = channels * kernel * kernel;
  const multiplyAdds = outputs * filters * weights;
  // The direct path unrolls every output's window; Winograd needs less, and falls back to this path on overflow.
  const workingValues = outputs * weights;
  if (multiplyAdds <= MAX_MULTIPLY_ADDS && workingValues <= MAX_WORKING_VALUES) return;
  let culprit = '';
  if (typeof padding === 'number' && padding > kernel - 1) {
    culprit = `padding ${padding} is more than the kernel size less one (${kernel - 1}); cells further out see only zeros, and `;
  } else if (kernel > height || kernel > width) {
    culprit = `filters are ${kernel}×${kernel}, larger than the ${height}×${width} input maps, and `;
  }
  const shape = `${rows}×${cols} outputs × ${filters} ${filters === 1 ? 'filter' : 'filters'} × ${grouped(weights)} weights`;
  const fix = 'Use a smaller input, smaller filters or a larger stride.';
  if (multiplyAdds > MAX_MULTIPLY_ADDS) {
    throw new Error(
      `${NAME}: ${culprit}this convolution needs ${grouped(multiplyAdds)} multiply-adds (${shape}); the limit is ${grouped(MAX_MULTIPLY_ADDS)} ` +
        `per call, about what a custom function finishes in its 30 seconds. ${fix}`,
    );
  }
  throw new Error(
    `${NAME}: ${culprit}this convolution needs ${grouped(workingValues)} numbers of working memory (${rows}×${cols} outputs × ${grouped(weights)} weights); ` +
      `the limit is ${grouped(MAX_WORKING_VALUES)}. ${fix}`,
  );
}

function planConv2d(args: readonly (ArgShape | undefined)[]): Conv2dPlan {
  const [input, filters, biases, strideArg, paddingArg] = args;
  const inputSize = rangeSize(input, NAME, 'input');
  const filtersSize = rangeSize(filters, NAME, 'filters');
  const count = vectorLength(biases, NAME, 'biases');
  const { kernel, channels } = filterDimsFromGrid(filtersSize.rows, filtersSize.cols, count, NAME, 'filters');
  const { height, width } = mapDimsFromGrid(
    inputSize.rows,
    inputSize.cols,
    channels,
    NAME,
    'input',
    depthHint(channels),
  );
  const stride = toWholeNumber(strideArg?.value, CONV2D_DECLARATION, 'stride');
  const padding = toPadding(paddingArg?.value, CONV2D_DECLARATION, 'padding');
  const rows = convOutputGeometry(height, kernel, stride, padding, NAME).outSize;
  const cols = convOutputGeometry(width, kernel, stride, padding, NAME).outSize;
  assertAffordable(height, width, channels, count, kernel, padding, rows, cols);
  return { filters: count, stride, padding, result: mapGridSize(count, rows, cols) };
}

/** Size of CONV2D's result, from its arguments' shapes. */
export function conv2dResultSize(args: readonly (ArgShape | undefined)[]): GridSize {
  return planConv2d(args).result;
}

/** CONV2D as Sheets calls it; CONV2D_DECLARATION describes it and its parameters. */
export function CONV2D(
  input: SheetArg,
  filters: SheetArg,
  biases: SheetArg,
  stride?: SheetArg,
  padding?: SheetArg,
): SheetResult {
  const inputCells = toCells(input, NAME, 'input');
  const filterCells = toCells(filters, NAME, 'filters');
  const biasCells = toCells(biases, NAME, 'biases');
  const plan = planConv2d([
    argShape(inputCells),
    argShape(filterCells),
    argShape(biasCells),
    argShape(stride),
    argShape(padding),
  ]);
  assertResultSize(plan.result.rows, plan.result.cols, NAME);
  const bias = gridToVector(biasCells, NAME, 'biases');
  const weights = gridToFilters(filterCells, plan.filters, NAME, 'filters');
  const maps = gridToTensor(inputCells, weights.shape[1], NAME, 'input', depthHint(weights.shape[1]));
  const result = tensorToGrid(conv2d(maps, weights, bias, plan.stride, plan.padding));
  assertFiniteGrid(result, NAME, 'input × weights', 'scale the input or the weights down');
  return result;
}
