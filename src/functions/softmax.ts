import { softmax } from '../core';
import { gridToVector } from '../sheet/grid-values';
import { vectorToColumn } from '../sheet/layout';
import type { GridSize } from '../sheet/layout';
import { orient, rangeSize, toCells, vectorLength } from './args';
import type { ArgShape, SheetArg, SheetResult } from './args';

const NAME = 'SOFTMAX';

/** Size of SOFTMAX's result: the size of its logits. */
export function softmaxResultSize(args: readonly (ArgShape | undefined)[]): GridSize {
  vectorLength(args[0], NAME, 'logits');
  return rangeSize(args[0], NAME, 'logits');
}

/**
 * Softmax: turns class scores (logits) into probabilities that are positive and add up to 1:
 * exp(z_k) ÷ Σ exp(z_j). Computed stably, so logits of ±1000 work.
 *
 * @param {number[][]} logits K class scores, a column (or row), e.g. the result of DENSE.
 * @return {number[][]} K probabilities, in the same orientation as logits.
 * @customfunction
 */
export function SOFTMAX(logits: SheetArg): SheetResult {
  const cells = toCells(logits, NAME, 'logits');
  const probabilities = softmax(gridToVector(cells, NAME, 'logits'));
  return orient(vectorToColumn(probabilities), cells.length === 1 && cells[0].length > 1);
}
