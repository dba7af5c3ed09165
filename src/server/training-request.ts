/**
 * The Train panel's request, checked, and the optimizer it names in the engine's terms.
 */
import { AUGMENT_STRENGTHS } from '../core/augment';
import type { AugmentOptions, AugmentStrength } from '../core/augment';
import type { OptimizerConfig } from '../core/types';
import type { OptimizerKind, TrainRequest } from '../shared/api';
import type { OptimizerChoice } from '../sheet/commit-record';
import { requireChoice, requireInteger, requireNumber, requirePositive, requireRecord } from './validate';

/** Work per call when the sidebar does not say: well inside the 30 s a google.script.run call may wait comfortably. */
export const DEFAULT_BUDGET_MS = 25_000;
/** Hard cap: Apps Script stops an execution at 6 minutes; this leaves 80 s for reads, test scoring and writes. */
export const MAX_BUDGET_MS = 280_000;
export const MAX_EPOCHS = 10_000;
export const MAX_BATCH_SIZE = 1_024;
/** Far above any rate that trains; a typo such as 100 is refused rather than diverging. */
export const MAX_LEARNING_RATE = 10;
/** Momentum of the 'momentum' optimizer, the usual choice. */
export const MOMENTUM = 0.9;

export const OPTIMIZERS: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam'];
export const AUGMENTATIONS: readonly AugmentStrength[] = ['off', 'light', 'medium', 'strong'];

export interface TrainOptions {
  /** Epochs the run should reach in total (counted since the weights were reset). */
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerChoice;
  readonly augment: AugmentStrength;
  readonly budgetMs: number;
}

export function parseTrainRequest(value: unknown): TrainOptions {
  const request = requireRecord(value, 'Train request') as Partial<Record<keyof TrainRequest, unknown>>;
  // Refused rather than capped, so that the time a caller sets is the time each call works.
  const budget =
    request.budgetMs === undefined
      ? DEFAULT_BUDGET_MS
      : requireNumber(
          request.budgetMs,
          `Time per call in milliseconds (budgetMs, at most ${MAX_BUDGET_MS / 1000} seconds)`,
          1,
          MAX_BUDGET_MS,
        );
  return {
    epochs: requireInteger(request.epochs, 'Epochs', 1, MAX_EPOCHS),
    batchSize: requireInteger(request.batchSize, 'Batch size', 1, MAX_BATCH_SIZE),
    optimizer: {
      kind: requireChoice(request.optimizer, 'Optimizer', OPTIMIZERS),
      learningRate: requirePositive(request.learningRate, 'Learning rate', MAX_LEARNING_RATE),
    },
    augment: request.augment === undefined ? 'off' : requireChoice(request.augment, 'Augmentation', AUGMENTATIONS),
    budgetMs: budget,
  };
}

export function optimizerConfig(choice: OptimizerChoice): OptimizerConfig {
  switch (choice.kind) {
    case 'sgd':
      return { kind: 'sgd', learningRate: choice.learningRate };
    case 'momentum':
      return { kind: 'sgd', learningRate: choice.learningRate, momentum: MOMENTUM };
    case 'adam':
      return { kind: 'adam', learningRate: choice.learningRate };
  }
}

/** What a strength does to each training picture, for the engine; null for 'off'. */
export function augmentOptions(strength: AugmentStrength): AugmentOptions | null {
  return strength === 'off' ? null : AUGMENT_STRENGTHS[strength];
}

export function describeOptimizer(choice: OptimizerChoice): string {
  const name = choice.kind === 'sgd' ? 'SGD' : choice.kind === 'momentum' ? `SGD with momentum ${MOMENTUM}` : 'Adam';
  return `${name}, learning rate ${choice.learningRate}`;
}

export function sameOptimizer(a: OptimizerChoice, b: OptimizerChoice): boolean {
  return a.kind === b.kind && a.learningRate === b.learningRate;
}
