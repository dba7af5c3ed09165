import { argMax } from '../core';
import type { GridSize } from '../sheet/layout';
import type { SheetArg, SheetResult } from './args';
import { toClassNames, toProbabilities } from './probabilities';
import { PREDICT_DECLARATION } from './declarations';

const NAME = PREDICT_DECLARATION.name;

/** Size of PREDICT's result: one cell. */
export function predictResultSize(): GridSize {
  return { rows: 1, cols: 1 };
}

/** PREDICT as Sheets calls it; PREDICT_DECLARATION describes it and its parameters. */
export function PREDICT(probabilities: SheetArg, classes: SheetArg): SheetResult {
  const probs = toProbabilities(probabilities, NAME, 'probabilities');
  const names = toClassNames(classes, probs.data.length, NAME, 'classes');
  return names[argMax(probs.data)];
}
