import { klDivergence, tensor } from '../core';
import type { Tensor } from '../core/types';
import type { GridSize } from '../sheet/layout';
import type { SheetArg, SheetResult } from './args';
import { toProbabilities } from './probabilities';
import { KLDIV_DECLARATION } from './declarations';

const NAME = KLDIV_DECLARATION.name;

/** The distribution divided by its sum, so it adds up to 1 as exactly as floats allow. */
function normalised(distribution: Tensor): Tensor {
  let sum = 0;
  for (const v of distribution.data) sum += v;
  return tensor(
    distribution.shape,
    distribution.data.map((v) => v / sum),
  );
}

/** Size of KLDIV's result: one cell. */
export function klDivResultSize(): GridSize {
  return { rows: 1, cols: 1 };
}

/** KLDIV as Sheets calls it; KLDIV_DECLARATION describes it and its parameters. */
export function KLDIV(p: SheetArg, q: SheetArg): SheetResult {
  const target = toProbabilities(p, NAME, 'p');
  const prediction = toProbabilities(q, NAME, 'q');
  if (prediction.data.length !== target.data.length) {
    throw new Error(
      `${NAME}: q has ${prediction.data.length} cells but p has ${target.data.length}; expected the same classes in both`,
    );
  }
  target.data.forEach((t, k) => {
    if (t > 0 && prediction.data[k] === 0) {
      throw new Error(`${NAME}: q cell ${k + 1} is 0 where p is ${t}, so the divergence is infinite`);
    }
  });
  // Gibbs' inequality: KL of two distributions is ≥ 0; a negative sum left by rounding is 0.
  return Math.max(0, klDivergence(normalised(target), normalised(prediction)));
}
