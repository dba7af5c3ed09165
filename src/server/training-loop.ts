/**
 * Mini-batch training in memory, for as long as a call's time budget allows. Pure: no sheet access, so the
 * caller decides what (and whether) to write. The batches depend only on (seed, epoch, cursor, batch size),
 * never on where calls start and stop, so a run split over many calls — or cut off and resumed — visits
 * exactly the batches of one uninterrupted run.
 */
import { augmentBatch } from '../core/augment';
import type { AugmentOptions } from '../core/augment';
import { evaluate } from '../core/evaluate';
import { NonFiniteError } from '../core/non-finite';
import { epochOrder, trainBatch } from '../core/train';
import type { TrainBatchResult } from '../core/train';
import type { Evaluation, Example, ModelParams, ModelSpec, OptimizerConfig, OptimizerState } from '../core/types';
import { formatUtc } from '../sheet/training-log-sheet';
import type { TrainingLogEntry } from '../sheet/training-log-sheet';

/** Where a run stands after a whole number of batches. */
export interface RunPosition {
  /** Batches applied since the weights were reset. */
  readonly step: number;
  /** Whole epochs done. */
  readonly epoch: number;
  /** Batches done in the current epoch. */
  readonly epochStep: number;
  /** Pictures of the current epoch's shuffled order already trained on. */
  readonly cursor: number;
  readonly optimizerState: OptimizerState;
}

/**
 * The pictures of the next batch: the next `batchSize` of this epoch's seeded order (fewer at its end), each
 * changed by its own seeded draws when `augment` is given.
 */
export function nextBatch(
  position: RunPosition,
  train: readonly Example[],
  seed: number,
  batchSize: number,
  augment: AugmentOptions | null,
): Example[] {
  const indices = epochOrder(seed, position.epoch, train.length).slice(position.cursor, position.cursor + batchSize);
  const batch = indices.map((i) => train[i]);
  return augment === null ? batch : augmentBatch(batch, indices, augment, seed, position.epoch);
}

/** The position after a batch of `batchLength` pictures out of `trainCount`. */
export function advance(
  position: RunPosition,
  batchLength: number,
  trainCount: number,
  optimizerState: OptimizerState,
): RunPosition {
  const cursor = position.cursor + batchLength;
  const epochDone = cursor >= trainCount;
  return {
    step: position.step + 1,
    epoch: position.epoch + (epochDone ? 1 : 0),
    epochStep: epochDone ? 0 : position.epochStep + 1,
    cursor: epochDone ? 0 : cursor,
    optimizerState,
  };
}

/** Train figures gathered since the last log entry. */
export class SpanTotals {
  images = 0;
  lossSum = 0;
  correct = 0;

  constructor(public startedAt: number) {}

  add(batchLength: number, meanLoss: number, correct: number): void {
    this.images += batchLength;
    this.lossSum += meanLoss * batchLength;
    this.correct += correct;
  }
}

export interface EntryContext {
  readonly spec: ModelSpec;
  readonly params: ModelParams;
  readonly test: readonly Example[];
}

/** The test split scored now; null without test pictures, or when a logit overflows (the weights are diverging). */
function scoreTest(context: EntryContext): Evaluation | null {
  if (context.test.length === 0) return null;
  try {
    return evaluate(context.spec, context.params, context.test);
  } catch (error) {
    if (error instanceof NonFiniteError) return null;
    throw error;
  }
}

/** A log entry closing a span: train means over the span, test figures over the whole test split now. */
export function logEntry(
  context: EntryContext,
  position: RunPosition,
  span: SpanTotals,
  now: number,
  note: string,
): TrainingLogEntry {
  const scored = scoreTest(context);
  const seconds = (now - span.startedAt) / 1000;
  return {
    epoch: position.epoch,
    step: position.epochStep,
    trainLoss: span.lossSum / span.images,
    trainAccuracy: span.correct / span.images,
    testLoss: scored ? scored.meanLoss : NaN,
    testAccuracy: scored ? scored.accuracy : NaN,
    imagesPerSecond: seconds > 0 ? span.images / seconds : NaN,
    time: formatUtc(now),
    note,
  };
}

export interface TrainingRun extends EntryContext {
  readonly train: readonly Example[];
  readonly seed: number;
  readonly batchSize: number;
  /** How training pictures are changed each time they are used; null trains on them as they are. */
  readonly augment: AugmentOptions | null;
  readonly totalEpochs: number;
  readonly config: OptimizerConfig;
  readonly start: RunPosition;
  /** When the call began (its reads count against the budget). */
  readonly startedAt: number;
  readonly budgetMs: number;
  readonly now: () => number;
  /** Put on the first log entry of this call (what was reset and why), '' for none. */
  readonly note: string;
}

export interface RunOutcome {
  readonly position: RunPosition;
  readonly entries: TrainingLogEntry[];
  /** Pictures trained on in this call. */
  readonly images: number;
  /** Why the batch after `position` failed when the weights diverged (the run stopped before it), else null. */
  readonly diverged: NonFiniteError | null;
}

/**
 * Trains `run.params` in place, batch after batch, until `totalEpochs` are done or the next batch (plus
 * scoring the test split for the closing log entry and writing the results) would overrun the budget. At least one batch runs, so
 * every call makes progress however small its budget. A batch that diverges (a weight or logit would become
 * NaN or ±∞) stops the run before it: the engine changes no weight then, so `params` are those of `position`
 * and the batches before it can be saved. Any other exception may leave `params` half-updated: the caller
 * must then write nothing.
 */
export function runTraining(run: TrainingRun): RunOutcome {
  const entries: TrainingLogEntry[] = [];
  let position = run.start;
  let note = run.note;
  let images = 0;
  const loopStart = run.now();
  // Writing the results back costs about what reading them cost: keep that much of the budget for it.
  const writeReserve = loopStart - run.startedAt;
  let span = new SpanTotals(loopStart);
  let batches = 0;
  let diverged: NonFiniteError | null = null;
  while (position.epoch < run.totalEpochs) {
    if (batches > 0) {
      const now = run.now();
      const perBatch = (now - loopStart) / batches;
      // Scoring a test picture is a forward pass: about a third of training on one.
      const scoringReserve = ((now - loopStart) / images / 3) * run.test.length;
      if (now - run.startedAt + perBatch + scoringReserve + writeReserve > run.budgetMs) break;
    }
    const batch = nextBatch(position, run.train, run.seed, run.batchSize, run.augment);
    let result: TrainBatchResult;
    try {
      result = trainBatch(run.spec, run.params, batch, run.config, position.optimizerState);
    } catch (error) {
      if (!(error instanceof NonFiniteError)) throw error;
      diverged = error;
      break;
    }
    position = advance(position, batch.length, run.train.length, result.state);
    span.add(batch.length, result.loss, result.correct);
    images += batch.length;
    batches++;
    if (position.cursor === 0) {
      const now = run.now();
      entries.push(logEntry(run, position, span, now, note));
      note = '';
      span = new SpanTotals(now);
    }
  }
  if (span.images > 0) entries.push(logEntry(run, position, span, run.now(), note));
  return { position, entries, images, diverged };
}
