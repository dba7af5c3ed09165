import { flatten } from '../core';
import { gridToTensor, mapDimsFromGrid } from '../sheet/grid-values';
import { vectorToColumn } from '../sheet/layout';
import type { GridSize } from '../sheet/layout';
import { argShape, rangeSize, toCells, toWholeNumber } from './args';
import type { ArgShape, SheetArg, SheetResult } from './args';
import { FLATTENMAPS_DECLARATION } from './declarations';

const NAME = FLATTENMAPS_DECLARATION.name;

function planFlatten(args: readonly (ArgShape | undefined)[]): { channels: number; result: GridSize } {
  const [input, channelsArg] = args;
  const inputSize = rangeSize(input, NAME, 'input');
  const channels = toWholeNumber(channelsArg?.value, FLATTENMAPS_DECLARATION, 'channels');
  const { height, width } = mapDimsFromGrid(inputSize.rows, inputSize.cols, channels, NAME, 'input');
  return { channels, result: { rows: channels * height * width, cols: 1 } };
}

/** Size of FLATTENMAPS's result: one column of C×H×W cells. */
export function flattenMapsResultSize(args: readonly (ArgShape | undefined)[]): GridSize {
  return planFlatten(args).result;
}

/** FLATTENMAPS as Sheets calls it; FLATTENMAPS_DECLARATION describes it and its parameters. */
export function FLATTENMAPS(input: SheetArg, channels: SheetArg): SheetResult {
  const cells = toCells(input, NAME, 'input');
  const plan = planFlatten([argShape(cells), argShape(channels)]);
  return vectorToColumn(flatten(gridToTensor(cells, plan.channels, NAME, 'input')));
}
