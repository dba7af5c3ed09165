import { crossEntropy } from '../core';
import { describeCell } from '../sheet/cell-values';
import type { GridSize } from '../sheet/layout';
import { isMissing, toCells } from './args';
import type { SheetArg, SheetResult } from './args';
import { toClassNames, toProbabilities } from './probabilities';

const NAME = 'CROSSENTROPY';

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
    const oneHot = cells.length === count && cells.every((v) => v === 0 || v === 1) && cells.filter((v) => v === 1).length === 1;
    if (!oneHot) {
      throw new Error(`${NAME}: label range must be one-hot: ${count} cells, one 1 and the rest 0 (got ${cells.length} cells: ${cells.slice(0, 8).map((v) => (v === '' ? 'blank' : String(v))).join(', ')}${cells.length > 8 ? ', …' : ''})`);
    }
    return cells.indexOf(1);
  }
  if (typeof label === 'number') {
    if (!Number.isInteger(label) || label < 1 || label > count) throw new Error(`${NAME}: label ${label} is out of range; expected ${choices}`);
    return label - 1;
  }
  if (typeof label === 'string') {
    if (isMissing(classes)) throw new Error(`${NAME}: label is the name "${label}" but no classes were given; pass the class names as the third argument, or use a class number from 1 to ${count}`);
    const names = toClassNames(classes, count, NAME, 'classes');
    const index = names.findIndex((name) => String(name).trim() === label.trim());
    if (index < 0) throw new Error(`${NAME}: label "${label}" is not one of the classes (${names.join(', ')})`);
    return index;
  }
  throw new Error(`${NAME}: label is ${describeCell(label)}; expected ${choices}`);
}

/**
 * Cross-entropy loss: −ln of the probability given to the true class. 0 when the network is certain and
 * right; large when it gives the true class a small probability. This is the loss training minimises.
 *
 * @param {number[][]} probabilities K class probabilities (each 0–1, adding up to 1), a column or row, e.g. the result of SOFTMAX.
 * @param {number|string|number[][]} label The true class: its number (1 to K), its name (needs classes), or a one-hot range of K cells.
 * @param {string[][]} [classes] K class names, in the order of probabilities; needed only when label is a name.
 * @return {number} −ln p(true class), in nats (0 or more).
 * @customfunction
 */
export function CROSSENTROPY(probabilities: SheetArg, label: SheetArg, classes?: SheetArg): SheetResult {
  const probs = toProbabilities(probabilities, NAME, 'probabilities');
  const index = toLabelIndex(label, probs.data.length, classes);
  if (probs.data[index] === 0) {
    throw new Error(`${NAME}: the true class (number ${index + 1}) has probability 0, so the loss is infinite`);
  }
  return crossEntropy(probs, index);
}
