import { dense } from '../core';
import { gridToDense, gridToVector } from '../sheet/grid-values';
import { vectorToColumn } from '../sheet/layout';
import type { GridSize } from '../sheet/layout';
import { argShape, assertFiniteGrid, rangeSize, toCells, vectorLength } from './args';
import type { ArgShape, SheetArg, SheetResult } from './args';
import { DENSE_DECLARATION } from './declarations';

const NAME = DENSE_DECLARATION.name;

function planDense(args: readonly (ArgShape | undefined)[]): GridSize {
  const [vector, weights, biases] = args;
  const inputs = vectorLength(vector, NAME, 'vector');
  const { rows, cols } = rangeSize(weights, NAME, 'weights');
  const classes = vectorLength(biases, NAME, 'biases');
  if (rows !== inputs) {
    throw new Error(`${NAME}: weights has ${rows} rows; expected ${inputs}, one row per cell of vector`);
  }
  if (cols !== classes) {
    throw new Error(
      `${NAME}: weights has ${cols} columns but biases has ${classes} cells; expected one weights column per bias (one per class)`,
    );
  }
  return { rows: classes, cols: 1 };
}

/** Size of DENSE's result: one column of K cells, K = the number of biases. */
export function denseResultSize(args: readonly (ArgShape | undefined)[]): GridSize {
  return planDense(args);
}

/** DENSE as Sheets calls it; DENSE_DECLARATION describes it and its parameters. */
export function DENSE(vector: SheetArg, weights: SheetArg, biases: SheetArg): SheetResult {
  const vectorCells = toCells(vector, NAME, 'vector');
  const weightCells = toCells(weights, NAME, 'weights');
  const biasCells = toCells(biases, NAME, 'biases');
  planDense([argShape(vectorCells), argShape(weightCells), argShape(biasCells)]);
  const x = gridToVector(vectorCells, NAME, 'vector');
  const w = gridToDense(weightCells, NAME, 'weights');
  const b = gridToVector(biasCells, NAME, 'biases');
  const logits = vectorToColumn(dense(x, w, b));
  assertFiniteGrid(
    logits,
    NAME,
    'vector × weights',
    'scale the vector or the weights down',
    (row) => `output ${row + 1}`,
  );
  return logits;
}
