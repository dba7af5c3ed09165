import { maxPool } from '../core';
import { gridToTensor, mapDimsFromGrid } from '../sheet/grid-values';
import { mapGridSize, tensorToGrid } from '../sheet/layout';
import type { GridSize } from '../sheet/layout';
import { argShape, assertResultSize, rangeSize, toCells, toWholeNumber } from './args';
import type { ArgShape, SheetArg, SheetResult } from './args';
import { MAXPOOL_DECLARATION } from './declarations';

const NAME = MAXPOOL_DECLARATION.name;

interface PoolPlan {
  readonly channels: number;
  readonly size: number;
  readonly stride: number;
  readonly result: GridSize;
}

function planMaxPool(args: readonly (ArgShape | undefined)[]): PoolPlan {
  const [input, channelsArg, sizeArg, strideArg] = args;
  const inputSize = rangeSize(input, NAME, 'input');
  const channels = toWholeNumber(channelsArg?.value, MAXPOOL_DECLARATION, 'channels');
  const size = toWholeNumber(sizeArg?.value, MAXPOOL_DECLARATION, 'size');
  const stride = toWholeNumber(strideArg?.value, MAXPOOL_DECLARATION, 'stride', { size });
  const { height, width } = mapDimsFromGrid(inputSize.rows, inputSize.cols, channels, NAME, 'input');
  if (size > height || size > width) {
    throw new Error(
      `${NAME}: size ${size} is larger than the ${height}×${width} input maps; use a window of at most ${Math.min(height, width)}`,
    );
  }
  const rows = Math.floor((height - size) / stride) + 1;
  const cols = Math.floor((width - size) / stride) + 1;
  return { channels, size, stride, result: mapGridSize(channels, rows, cols) };
}

/** Size of MAXPOOL's result, from its arguments' shapes. */
export function maxPoolResultSize(args: readonly (ArgShape | undefined)[]): GridSize {
  return planMaxPool(args).result;
}

/** MAXPOOL as Sheets calls it; MAXPOOL_DECLARATION describes it and its parameters. */
export function MAXPOOL(input: SheetArg, channels: SheetArg, size?: SheetArg, stride?: SheetArg): SheetResult {
  const cells = toCells(input, NAME, 'input');
  const plan = planMaxPool([argShape(cells), argShape(channels), argShape(size), argShape(stride)]);
  assertResultSize(plan.result.rows, plan.result.cols, NAME);
  return tensorToGrid(maxPool(gridToTensor(cells, plan.channels, NAME, 'input'), plan.size, plan.stride));
}
