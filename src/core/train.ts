import type { Example, ModelParams, ModelSpec, OptimizerConfig, OptimizerState } from './types';
import { createRng } from './random';
import { batchGradients } from './model';
import { applyUpdate } from './optim';

/**
 * The order in which epoch `epoch` visits examples 0..n−1: a Fisher–Yates shuffle seeded by (seed, epoch),
 * so a run interrupted between calls resumes with exactly the same batches.
 */
export function epochOrder(seed: number, epoch: number, n: number): number[] {
  if (!Number.isInteger(epoch) || epoch < 0) throw new Error(`epochOrder: epoch ${epoch} must be a whole number ≥ 0`);
  if (!Number.isInteger(n) || n < 0) throw new Error(`epochOrder: n ${n} must be a whole number ≥ 0`);
  const seedWord = Math.floor(createRng(seed).next() * 0x100000000);
  const rng = createRng((seedWord ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}

export interface TrainBatchResult {
  /** Mean cross-entropy of the batch before the update. */
  readonly loss: number;
  /** Examples the model classified correctly before the update. */
  readonly correct: number;
  readonly state: OptimizerState;
}

/** One optimisation step on one mini-batch: mean gradient, then the optimizer's update of `params` in place. */
export function trainBatch(
  spec: ModelSpec,
  params: ModelParams,
  batch: readonly Example[],
  config: OptimizerConfig,
  state: OptimizerState,
): TrainBatchResult {
  const { loss, correct, grads } = batchGradients(spec, params, batch);
  return { loss, correct, state: applyUpdate(params, grads, config, state) };
}
