import { maxPool } from '../core';
import { gridToTensor, mapDimsFromGrid } from '../sheet/grid-values';
import { mapGridSize, tensorToGrid } from '../sheet/layout';
import type { GridSize } from '../sheet/layout';
import { argShape, assertResultSize, rangeSize, toCells, toWholeNumber } from './args';
import type { ArgShape, SheetArg, SheetResult } from './args';

const NAME = 'MAXPOOL';

interface PoolPlan {
  readonly channels: number;
  readonly size: number;
  readonly stride: number;
  readonly result: GridSize;
}

function planMaxPool(args: readonly (ArgShape | undefined)[]): PoolPlan {
  const [input, channelsArg, sizeArg, strideArg] = args;
  const inputSize = rangeSize(input, NAME, 'input');
  const channels = toWholeNumber(channelsArg?.value, NAME, 'channels', 1, 'how many maps the input grid holds');
  const size = toWholeNumber(sizeArg?.value, NAME, 'size', 1, 'height and width of the pooling window', 2);
  const stride = toWholeNumber(strideArg?.value, NAME, 'stride', 1, 'cells the window moves per step', size);
  const { height, width } = mapDimsFromGrid(inputSize.rows, inputSize.cols, channels, NAME, 'input');
  if (size > height || size > width) {
    throw new Error(`${NAME}: size ${size} is larger than the ${height}×${width} input maps; use a window of at most ${Math.min(height, width)}`);
  }
  const rows = Math.floor((height - size) / stride) + 1;
  const cols = Math.floor((width - size) / stride) + 1;
  return { channels, size, stride, result: mapGridSize(channels, rows, cols) };
}

/** Size of MAXPOOL's result, from its arguments' shapes. */
export function maxPoolResultSize(args: readonly (ArgShape | undefined)[]): GridSize {
  return planMaxPool(args).result;
}

/**
 * Max pooling: slides a size×size window over every map and keeps the largest number of each window,
 * shrinking the maps while keeping the strongest responses. No padding: a window never leaves the map.
 *
 * @param {number[][]} input C maps of H×W laid out as a grid of blocks (ceil(√C) blocks across, one blank row and column between blocks).
 * @param {number} channels C, the number of maps in input (a whole number ≥ 1).
 * @param {number} [size] Height and width of the window in cells. Default 2.
 * @param {number} [stride] Cells the window moves per step. Default: equal to size.
 * @return {number[][]} C pooled maps of floor((H − size) ÷ stride) + 1 rows, laid out as a grid of blocks like the input.
 * @customfunction
 */
export function MAXPOOL(input: SheetArg, channels: SheetArg, size?: SheetArg, stride?: SheetArg): SheetResult {
  const cells = toCells(input, NAME, 'input');
  const plan = planMaxPool([argShape(cells), argShape(channels), argShape(size), argShape(stride)]);
  assertResultSize(plan.result.rows, plan.result.cols, NAME);
  return tensorToGrid(maxPool(gridToTensor(cells, plan.channels, NAME, 'input'), plan.size, plan.stride));
}
