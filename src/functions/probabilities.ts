import type { Tensor } from '../core/types';
import { gridToVector } from '../sheet/grid-values';
import { toCells } from './args';
import type { SheetArg } from './args';

/** How far from 1 a sum of probabilities may be: covers rounding in sheets, not a wrong range. */
export const SUM_TOLERANCE = 1e-6;

/** A column (or row) of probabilities: each between 0 and 1, together adding up to 1. */
export function toProbabilities(value: SheetArg, fnName: string, argName: string): Tensor {
  const vector = gridToVector(toCells(value, fnName, argName), fnName, argName);
  let sum = 0;
  vector.data.forEach((p, i) => {
    if (p < 0 || p > 1)
      throw new Error(`${fnName}: ${argName} cell ${i + 1} is ${p}; probabilities must lie between 0 and 1`);
    sum += p;
  });
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new Error(
      `${fnName}: the cells of ${argName} add up to ${sum}; expected 1 (a probability distribution, e.g. the result of SOFTMAX)`,
    );
  }
  return vector;
}

/** Class names from a column (or row) of non-blank cells. */
export function toClassNames(value: SheetArg, count: number, fnName: string, argName: string): (string | number)[] {
  const cells = toCells(value, fnName, argName);
  if (cells.length > 1 && cells[0].length > 1) {
    throw new Error(
      `${fnName}: ${argName} is ${cells.length}×${cells[0].length}; expected a single column (or row) of class names`,
    );
  }
  const names = cells.flat();
  if (names.length !== count) {
    throw new Error(`${fnName}: ${argName} has ${names.length} names; expected ${count}, one per probability`);
  }
  return names.map((name, i) => {
    if (typeof name === 'string' && name.trim() !== '') return name;
    if (typeof name === 'number' && Number.isFinite(name)) return name;
    throw new Error(
      `${fnName}: ${argName} cell ${i + 1} is ${name === '' ? 'blank' : String(name)}; every class needs a name`,
    );
  });
}
