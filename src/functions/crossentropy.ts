import { crossEntropy } from '../core';
import { describeCell } from '../sheet/cell-values';
import type { GridSize } from '../sheet/layout';
import { isMissing, toCells } from './args';
import type { SheetArg, SheetResult } from './args';
import { toClassNames, toProbabilities } from './probabilities';
import { CROSSENTROPY_DECLARATION } from './declarations';

const NAME = CROSSENTROPY_DECLARATION.name;

/** Size of CROSSENTROPY's result: one cell. */
export function crossEntropyResultSize(): GridSize {
  return { rows: 1, cols: 1 };
}

/** The true class as a 0-based index, from a 1-based number, a class name, or a one-hot range. */
function toLabelIndex(label: SheetArg, count: number, classes: SheetArg): number {
  const choices = `a class number from 1 to ${count}, a class name (with the classes range as third argument), or a one-hot range of ${count} cells`;
  if (isMissing(label)) throw new Error(`${NAME}: label is ${label === '' ? 'blank' : 'missing'}; expected ${choices}`);
  if (Array.isArray(label)) {
    const cells = toCells(label, NAME, 'label').flat();
    const oneHot =
      cells.length === count && cells.every((v) => v === 0 || v === 1) && cells.filter((v) => v === 1).length === 1;
    if (!oneHot) {
      throw new Error(
        `${NAME}: label range must be one-hot: ${count} cells, one 1 and the rest 0 (got ${cells.length} cells: ${cells
          .slice(0, 8)
          .map((v) => (v === '' ? 'blank' : String(v)))
          .join(', ')}${cells.length > 8 ? ', …' : ''})`,
      );
    }
    return cells.indexOf(1);
  }
  if (typeof label === 'number') {
    if (!Number.isInteger(label) || label < 1 || label > count)
      throw new Error(`${NAME}: label ${label} is out of range; expected ${choices}`);
    return label - 1;
  }
  if (typeof label === 'string') {
    if (isMissing(classes))
      throw new Error(
        `${NAME}: label is the name "${label}" but no classes were given; pass the class names as the third argument, or use a class number from 1 to ${count}`,
      );
    const names = toClassNames(classes, count, NAME, 'classes');
    const index = names.findIndex((name) => String(name).trim() === label.trim());
    if (index < 0) throw new Error(`${NAME}: label "${label}" is not one of the classes (${names.join(', ')})`);
    return index;
  }
  throw new Error(`${NAME}: label is ${describeCell(label)}; expected ${choices}`);
}

/** CROSSENTROPY as Sheets calls it; CROSSENTROPY_DECLARATION describes it and its parameters. */
export function CROSSENTROPY(probabilities: SheetArg, label: SheetArg, classes?: SheetArg): SheetResult {
  const probs = toProbabilities(probabilities, NAME, 'probabilities');
  const index = toLabelIndex(label, probs.data.length, classes);
  if (probs.data[index] === 0) {
    throw new Error(`${NAME}: the true class (number ${index + 1}) has probability 0, so the loss is infinite`);
  }
  return crossEntropy(probs, index);
}
