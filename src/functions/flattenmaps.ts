import { flatten } from '../core';
import { gridToTensor, mapDimsFromGrid } from '../sheet/grid-values';
import { vectorToColumn } from '../sheet/layout';
import type { GridSize } from '../sheet/layout';
import { argShape, rangeSize, toCells, toWholeNumber } from './args';
import type { ArgShape, SheetArg, SheetResult } from './args';

const NAME = 'FLATTENMAPS';

function planFlatten(args: readonly (ArgShape | undefined)[]): { channels: number; result: GridSize } {
  const [input, channelsArg] = args;
  const inputSize = rangeSize(input, NAME, 'input');
  const channels = toWholeNumber(channelsArg?.value, NAME, 'channels', 1, 'how many maps the input grid holds');
  const { height, width } = mapDimsFromGrid(inputSize.rows, inputSize.cols, channels, NAME, 'input');
  return { channels, result: { rows: channels * height * width, cols: 1 } };
}

/** Size of FLATTENMAPS's result: one column of C×H×W cells. */
export function flattenMapsResultSize(args: readonly (ArgShape | undefined)[]): GridSize {
  return planFlatten(args).result;
}

/**
 * Flattens a grid of maps into one column of numbers: all of map 1 row by row, then map 2, and so on
 * (channel-major order), ready for the fully connected layer.
 *
 * @param {number[][]} input C maps of H×W laid out as a grid of blocks (ceil(√C) blocks across, one blank row and column between blocks).
 * @param {number} channels C, the number of maps in input (a whole number ≥ 1).
 * @return {number[][]} One column of C×H×W numbers.
 * @customfunction
 */
export function FLATTENMAPS(input: SheetArg, channels: SheetArg): SheetResult {
  const cells = toCells(input, NAME, 'input');
  const plan = planFlatten([argShape(cells), argShape(channels)]);
  return vectorToColumn(flatten(gridToTensor(cells, plan.channels, NAME, 'input')));
}
