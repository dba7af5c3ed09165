/**
 * The training flags the demo and the photo benchmark share (--optimizer, --rate, --batch, --augment): each
 * defaults to what the Train panel proposes and is checked against the server's own lists and limits, so a
 * value the panel would refuse is refused here too, before any work starts.
 */
import type { AugmentStrength } from '../../core/augment';
import type { OptimizerKind } from '../../shared/api';
import { SUGGESTED_LEARNING_RATES, TRAIN_DEFAULTS } from '../../shared/training-defaults';
import { AUGMENTATIONS, MAX_BATCH_SIZE, MAX_LEARNING_RATE, OPTIMIZERS } from '../../server/training-request';
import type { OptimizerChoice } from '../../sheet/commit-record';
import { oneOf, wholeNumber } from './flag-values';

/** The optimizer named (the panel's by default) at the rate given, else at that optimizer's usual rate. */
export function optimizerFlags(name: string | undefined, rate: string | undefined): OptimizerChoice {
  const kind: OptimizerKind = oneOf('--optimizer', name ?? TRAIN_DEFAULTS.optimizer, OPTIMIZERS);
  if (rate === undefined) return { kind, learningRate: SUGGESTED_LEARNING_RATES[kind] };
  const learningRate = Number(rate);
  if (rate.trim() === '' || !(learningRate > 0 && learningRate <= MAX_LEARNING_RATE))
    throw new Error(`--rate must be a number above 0, at most ${MAX_LEARNING_RATE}, e.g. 0.001; got "${rate}".`);
  return { kind, learningRate };
}

/** Pictures per training step (the panel's by default). */
export function batchSizeFlag(text: string | undefined): number {
  return text === undefined ? TRAIN_DEFAULTS.batchSize : wholeNumber('--batch', text, 1, MAX_BATCH_SIZE);
}

/** How much each training picture is changed (the panel's strength by default). */
export function augmentFlag(text: string | undefined): AugmentStrength {
  return oneOf('--augment', text ?? TRAIN_DEFAULTS.augment, AUGMENTATIONS);
}
