import { softmax } from '../core';
import { gridToVector } from '../sheet/grid-values';
import { vectorToColumn } from '../sheet/layout';
import type { GridSize } from '../sheet/layout';
import { orient, rangeSize, toCells, vectorLength } from './args';
import type { ArgShape, SheetArg, SheetResult } from './args';
import { SOFTMAX_DECLARATION } from './declarations';

const NAME = SOFTMAX_DECLARATION.name;

/** Size of SOFTMAX's result: the size of its logits. */
export function softmaxResultSize(args: readonly (ArgShape | undefined)[]): GridSize {
  vectorLength(args[0], NAME, 'logits');
  return rangeSize(args[0], NAME, 'logits');
}

/** SOFTMAX as Sheets calls it; SOFTMAX_DECLARATION describes it and its parameters. */
export function SOFTMAX(logits: SheetArg): SheetResult {
  const cells = toCells(logits, NAME, 'logits');
  const probabilities = softmax(gridToVector(cells, NAME, 'logits'));
  return orient(vectorToColumn(probabilities), cells.length === 1 && cells[0].length > 1);
}
