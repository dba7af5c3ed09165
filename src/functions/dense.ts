import { dense } from '../core';
import { gridToDense, gridToVector } from '../sheet/grid-values';
import { vectorToColumn } from '../sheet/layout';
import type { GridSize } from '../sheet/layout';
import { argShape, assertFiniteGrid, rangeSize, toCells, vectorLength } from './args';
import type { ArgShape, SheetArg, SheetResult } from './args';

const NAME = 'DENSE';

function planDense(args: readonly (ArgShape | undefined)[]): GridSize {
  const [vector, weights, biases] = args;
  const inputs = vectorLength(vector, NAME, 'vector');
  const { rows, cols } = rangeSize(weights, NAME, 'weights');
  const classes = vectorLength(biases, NAME, 'biases');
  if (rows !== inputs) {
    throw new Error(`${NAME}: weights has ${rows} rows; expected ${inputs}, one row per cell of vector`);
  }
  if (cols !== classes) {
    throw new Error(`${NAME}: weights has ${cols} columns but biases has ${classes} cells; expected one weights column per bias (one per class)`);
  }
  return { rows: classes, cols: 1 };
}

/** Size of DENSE's result: one column of K cells, K = the number of biases. */
export function denseResultSize(args: readonly (ArgShape | undefined)[]): GridSize {
  return planDense(args);
}

/**
 * Fully connected layer: every output k is its bias plus the sum of vector × weights column k. With one
 * weights column per class, the outputs are the logits (class scores) that SOFTMAX turns into probabilities.
 *
 * @param {number[][]} vector N numbers, a column (or row), e.g. the result of FLATTENMAPS.
 * @param {number[][]} weights N rows × K columns of weights, one column per class.
 * @param {number[]} biases K biases, a row (or column), one per class.
 * @return {number[][]} One column of K outputs (logits).
 * @customfunction
 */
export function DENSE(vector: SheetArg, weights: SheetArg, biases: SheetArg): SheetResult {
  const vectorCells = toCells(vector, NAME, 'vector');
  const weightCells = toCells(weights, NAME, 'weights');
  const biasCells = toCells(biases, NAME, 'biases');
  planDense([argShape(vectorCells), argShape(weightCells), argShape(biasCells)]);
  const x = gridToVector(vectorCells, NAME, 'vector');
  const w = gridToDense(weightCells, NAME, 'weights');
  const b = gridToVector(biasCells, NAME, 'biases');
  const logits = vectorToColumn(dense(x, w, b));
  assertFiniteGrid(logits, NAME, 'vector × weights', 'scale the vector or the weights down', (row) => `output ${row + 1}`);
  return logits;
}
