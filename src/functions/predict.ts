import { argMax } from '../core';
import type { GridSize } from '../sheet/layout';
import type { SheetArg, SheetResult } from './args';
import { toClassNames, toProbabilities } from './probabilities';

const NAME = 'PREDICT';

/** Size of PREDICT's result: one cell. */
export function predictResultSize(): GridSize {
  return { rows: 1, cols: 1 };
}

/**
 * The predicted class: the name of the class with the highest probability (the first one on a tie).
 *
 * @param {number[][]} probabilities K class probabilities (each 0–1, adding up to 1), a column or row, e.g. the result of SOFTMAX.
 * @param {string[][]} classes K class names in the same order.
 * @return {string} The name of the most probable class.
 * @customfunction
 */
export function PREDICT(probabilities: SheetArg, classes: SheetArg): SheetResult {
  const probs = toProbabilities(probabilities, NAME, 'probabilities');
  const names = toClassNames(classes, probs.data.length, NAME, 'classes');
  return names[argMax(probs.data)];
}
