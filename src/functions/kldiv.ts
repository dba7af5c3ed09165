import { klDivergence } from '../core';
import type { GridSize } from '../sheet/layout';
import type { SheetArg, SheetResult } from './args';
import { toProbabilities } from './probabilities';

const NAME = 'KLDIV';

/** Size of KLDIV's result: one cell. */
export function klDivResultSize(): GridSize {
  return { rows: 1, cols: 1 };
}

/**
 * Kullback–Leibler divergence KL(p ‖ q) = Σ p·ln(p ÷ q): how much information is lost when q (the
 * prediction) is used in place of p (the target). 0 when they are equal; for a one-hot p it equals the
 * cross-entropy.
 *
 * @param {number[][]} p The target distribution: K probabilities (each 0–1, adding up to 1), a column or row.
 * @param {number[][]} q The predicted distribution: K probabilities in the same order, e.g. the result of SOFTMAX.
 * @return {number} KL(p ‖ q) in nats (0 or more).
 * @customfunction
 */
export function KLDIV(p: SheetArg, q: SheetArg): SheetResult {
  const target = toProbabilities(p, NAME, 'p');
  const prediction = toProbabilities(q, NAME, 'q');
  if (prediction.data.length !== target.data.length) {
    throw new Error(`${NAME}: q has ${prediction.data.length} cells but p has ${target.data.length}; expected the same classes in both`);
  }
  target.data.forEach((t, k) => {
    if (t > 0 && prediction.data[k] === 0) {
      throw new Error(`${NAME}: q cell ${k + 1} is 0 where p is ${t}, so the divergence is infinite`);
    }
  });
  return klDivergence(target, prediction);
}
