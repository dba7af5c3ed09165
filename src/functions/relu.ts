import { relu, tensor } from '../core';
import { gridToNumbersOrBlanks } from '../sheet/grid-values';
import type { GridSize } from '../sheet/layout';
import { rangeSize, toCells } from './args';
import type { ArgShape, SheetArg, SheetResult } from './args';
import { RELU_DECLARATION } from './declarations';

const NAME = RELU_DECLARATION.name;

/** Size of RELU's result: the size of its range. */
export function reluResultSize(args: readonly (ArgShape | undefined)[]): GridSize {
  return rangeSize(args[0], NAME, 'range');
}

/** RELU as Sheets calls it; RELU_DECLARATION describes it and its parameters. */
export function RELU(range: SheetArg): SheetResult {
  const grid = gridToNumbersOrBlanks(toCells(range, NAME, 'range'), NAME, 'range');
  const numbers = grid.flat().filter((v): v is number => v !== '');
  let result = grid;
  if (numbers.length > 0) {
    const rectified = relu(tensor([numbers.length], numbers)).data;
    let next = 0;
    result = grid.map((row) => row.map((v) => (v === '' ? '' : rectified[next++])));
  }
  // One cell in, one value out, as Google Sheets passes a single cell as a scalar.
  return Array.isArray(range) ? result : result[0][0];
}
