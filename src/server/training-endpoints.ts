/**
 * The training endpoints: trainBatch (the sidebar calls it again and again, each call working for a time
 * budget), stepOnce (one batch, with its gradients shown beside the weights), resetWeights and evaluate.
 * Each one holds the document lock; how a call stays safe when cut off is explained in training-commit.ts.
 */
import { NonFiniteError, applyUpdate, batchGradients, createOptimizerState, initParams } from '../core';
import type { BatchGradients } from '../core';
import type { ModelParams, ModelSpec, OptimizerState } from '../core/types';
import type { FormulaMode, ModelInfo, ServerApi, TrainProgress } from '../shared/api';
import { plural } from '../shared/plural';
import { runForward } from '../sheet/whole-model';
import type { Workbook } from '../sheet/workbook';
import { readDataset } from '../sheet/dataset-sheet';
import { readModelInfo, readModelSheet, writeModelSheet } from '../sheet/model-sheet';
import { writeGradients, writeParams } from '../sheet/weight-sheets';
import type { CommitRecord } from '../sheet/commit-record';
import { TRAIN_STATE_SHEET, clearTrainState, readCommitRecord } from '../sheet/train-state-sheet';
import type { TrainingLogEntry } from '../sheet/training-log-sheet';
import { LOG_FIRST_ROW, readLogEntries, resetTrainingLog } from '../sheet/training-log-sheet';
import type { Host } from './host';
import { commit, loggedCount, modelKey, openRun } from './training-commit';
import type { OpenedRun } from './training-commit';
import type { TrainingData } from './training-data';
import { trainingData } from './training-data';
import { evaluateAndWriteSheet } from './evaluation';
import { hasModel } from './model-state';
import { holdModel, holdModelOrThrow } from './model-lock';
import type { RunPosition } from './training-loop';
import { SpanTotals, advance, logEntry, nextBatch, runTraining } from './training-loop';
import type { TrainOptions } from './training-request';
import {
  augmentOptions,
  describeOptimizer,
  optimizerConfig,
  parseTrainRequest,
  sameOptimizer,
} from './training-request';
import { MAX_SEED, requireInteger } from './validate';

export type TrainingEndpoints = Pick<ServerApi, 'trainBatch' | 'stepOnce' | 'resetWeights' | 'evaluate'>;

/** Where this call starts: the last commit, or a fresh start, adjusted to the request and the pictures. */
interface Resumed {
  readonly position: RunPosition;
  readonly seed: number;
  readonly logFirstRow: number;
  readonly notes: string[];
}

function resume(run: OpenedRun, data: TrainingData, options: TrainOptions): Resumed {
  const config = optimizerConfig(options.optimizer);
  const notes = [...run.notes];
  const record = run.record;
  if (record === null) {
    return {
      position: {
        step: 0,
        epoch: 0,
        epochStep: 0,
        cursor: 0,
        optimizerState: createOptimizerState(config, run.params),
      },
      seed: run.seed,
      logFirstRow: LOG_FIRST_ROW,
      notes,
    };
  }
  let position: RunPosition = {
    step: record.step,
    epoch: record.epoch,
    epochStep: record.epochStep,
    cursor: record.cursor,
    optimizerState: record.optimizerState,
  };
  // The batch size is not an optimizer setting: the cursor counts pictures, so a new size continues the epoch.
  if (!sameOptimizer(record.optimizer, options.optimizer)) {
    notes.push(
      `Optimizer changed from ${describeOptimizer(record.optimizer)} to ${describeOptimizer(options.optimizer)}: its state (momentum, Adam averages) starts from zero.`,
    );
    position = { ...position, optimizerState: createOptimizerState(config, run.params) };
  }
  if (record.dataKey !== data.trainKey && (position.cursor > 0 || position.epochStep > 0)) {
    notes.push('The training pictures changed: the current epoch starts again with the new set.');
    position = { ...position, cursor: 0, epochStep: 0 };
  }
  return { position, seed: record.seed, logFirstRow: LOG_FIRST_ROW + loggedCount(record), notes };
}

function readTrainingData(host: Host, spec: ModelSpec): TrainingData {
  const data = trainingData(readDataset(host.workbook), spec);
  if (data.train.length === 0) {
    throw new Error(
      'There are no training pictures yet: add labelled pictures in the Dataset panel (with some in the train split), then train.',
    );
  }
  return data;
}

interface CallSpeed {
  readonly images: number;
  readonly seconds: number;
}

function progress(
  status: TrainProgress['status'],
  message: string,
  position: Pick<RunPosition, 'epoch' | 'epochStep' | 'cursor'>,
  trainCount: number,
  options: TrainOptions,
  log: TrainingLogEntry[],
  speed: CallSpeed,
): TrainProgress {
  const imagesPerSecond = speed.seconds > 0 ? speed.images / speed.seconds : 0;
  const remaining = Math.max(0, (options.epochs - position.epoch) * trainCount - position.cursor);
  return {
    status,
    message,
    epoch: position.epoch,
    step: position.epochStep,
    stepsPerEpoch: Math.ceil(trainCount / options.batchSize),
    totalEpochs: options.epochs,
    secondsLeft: remaining === 0 ? 0 : imagesPerSecond > 0 ? remaining / imagesPerSecond : NaN,
    imagesPerSecond,
    log: log.map(({ note: _note, ...row }) => row),
  };
}

function statusOf(epoch: number, options: TrainOptions): TrainProgress['status'] {
  return epoch >= options.epochs ? 'done' : 'running';
}

function doneMessage(options: TrainOptions, log: readonly TrainingLogEntry[]): string {
  const last = log[log.length - 1];
  const test =
    last && Number.isFinite(last.testAccuracy) ? `; test accuracy ${(last.testAccuracy * 100).toFixed(1)}%` : '';
  return `Trained ${plural(options.epochs, 'epoch')}${test}. Raise Epochs to train further, or Reset weights to start over.`;
}

function withNotes(message: string, notes: readonly string[]): string {
  return [...notes, message].filter((m) => m !== '').join(' ');
}

function newRecord(
  run: OpenedRun,
  data: TrainingData,
  options: TrainOptions,
  resumed: Resumed,
  position: RunPosition,
  entries: TrainingLogEntry[],
): CommitRecord {
  return {
    step: position.step,
    phase: 'pending',
    modelKey: modelKey(run.spec, run.seed),
    dataKey: data.trainKey,
    trainCount: data.train.length,
    seed: resumed.seed,
    epoch: position.epoch,
    epochStep: position.epochStep,
    cursor: position.cursor,
    optimizer: options.optimizer,
    optimizerState: position.optimizerState,
    params: run.params,
    logFirstRow: resumed.logFirstRow,
    logEntries: entries,
  };
}

/**
 * The answer when the batch after `position` diverged. The engine changed no weight in that batch, so what
 * the sheets hold is the state after the last whole good batch.
 */
function divergedError(position: RunPosition, trainCount: number, batchSize: number): Error {
  return new Error(
    `Training stopped at epoch ${position.epoch + 1}, step ${position.epochStep + 1} of ${Math.ceil(trainCount / batchSize)} because the weights diverged: ` +
      'that batch would have made a weight or a logit infinite or NaN. The sheets keep the weights after the last good batch; ' +
      'lower the learning rate (or Reset weights) and train again.',
  );
}

/** The progress a busy call reports: the last commit as saved (reads only; the holder may be writing a newer one). */
function busyProgress(host: Host, message: string, options: TrainOptions): TrainProgress {
  const saved = host.workbook.sheetNames().includes(TRAIN_STATE_SHEET);
  const record = saved ? readCommitRecord(host.workbook).record : null;
  const log = readLogEntries(host.workbook, loggedCount(record));
  const position = record ?? { epoch: 0, epochStep: 0, cursor: 0 };
  return progress('busy', message, position, record?.trainCount ?? 0, options, log, { images: 0, seconds: 0 });
}

/**
 * After new weights: in values mode the step sheets hold numbers, not formulas, so they are recomputed; in
 * every mode their formats, widths and colour scales follow the new sizes of the numbers.
 */
function refreshStepSheets(workbook: Workbook, mode: FormulaMode): void {
  if (mode === 'values') {
    runForward(workbook);
    return;
  }
  // The formulas have already recomputed; only their look is refreshed. A picture cell holding text shows
  // its check on the sheets already, and must not fail a training call whose weights are saved.
  try {
    runForward(workbook);
  } catch {
    // The formats chosen at the last forward pass stay.
  }
}

function trainWithinBudget(host: Host, options: TrainOptions, startedAt: number): TrainProgress {
  const workbook = host.workbook;
  const run = openRun(workbook);
  const data = readTrainingData(host, run.spec);
  const resumed = resume(run, data, options);
  if (resumed.position.epoch >= options.epochs) {
    const log = readLogEntries(workbook, resumed.logFirstRow - LOG_FIRST_ROW);
    return progress(
      'done',
      withNotes(doneMessage(options, log), resumed.notes),
      resumed.position,
      data.train.length,
      options,
      log,
      { images: 0, seconds: 0 },
    );
  }
  const outcome = runTraining({
    spec: run.spec,
    params: run.params,
    train: data.train,
    test: data.test,
    seed: resumed.seed,
    batchSize: options.batchSize,
    augment: augmentOptions(options.augment),
    totalEpochs: options.epochs,
    config: optimizerConfig(options.optimizer),
    start: resumed.position,
    startedAt,
    budgetMs: options.budgetMs,
    now: () => host.now(),
    note: resumed.notes.join(' '),
  });
  const record = newRecord(run, data, options, resumed, outcome.position, outcome.entries);
  // The batches done before a diverging one are whole: they are saved as when a call runs out of time.
  if (outcome.images > 0) {
    commit(workbook, run.spec, record, run.recordWidth);
    refreshStepSheets(workbook, run.mode);
  }
  if (outcome.diverged) throw divergedError(outcome.position, data.train.length, options.batchSize);
  const log = readLogEntries(workbook, loggedCount(record));
  const status = statusOf(outcome.position.epoch, options);
  const message = withNotes(status === 'done' ? doneMessage(options, log) : '', resumed.notes);
  const speed = { images: outcome.images, seconds: (host.now() - startedAt) / 1000 };
  return progress(status, message, outcome.position, data.train.length, options, log, speed);
}

function stepOnceShowingGradients(host: Host, options: TrainOptions, startedAt: number): TrainProgress {
  const workbook = host.workbook;
  const run = openRun(workbook);
  const data = readTrainingData(host, run.spec);
  const resumed = resume(run, data, options);
  const batch = nextBatch(
    resumed.position,
    data.train,
    resumed.seed,
    options.batchSize,
    augmentOptions(options.augment),
  );
  // The gradients are shown, so they are computed here rather than inside the engine's trainBatch.
  let gradients: BatchGradients;
  let optimizerState: OptimizerState;
  try {
    gradients = batchGradients(run.spec, run.params, batch);
    optimizerState = applyUpdate(
      run.params,
      gradients.grads,
      optimizerConfig(options.optimizer),
      resumed.position.optimizerState,
    );
  } catch (error) {
    throw error instanceof NonFiniteError
      ? divergedError(resumed.position, data.train.length, options.batchSize)
      : error;
  }
  const { loss, correct, grads } = gradients;
  const position = advance(resumed.position, batch.length, data.train.length, optimizerState);
  const span = new SpanTotals(startedAt);
  span.add(batch.length, loss, correct);
  const entry = logEntry(
    { spec: run.spec, params: run.params, test: data.test },
    position,
    span,
    host.now(),
    resumed.notes.join(' '),
  );
  const record = newRecord(run, data, options, resumed, position, [entry]);
  commit(workbook, run.spec, record, run.recordWidth);
  refreshStepSheets(workbook, run.mode);
  writeGradients(workbook, run.spec, grads);
  const log = readLogEntries(workbook, loggedCount(record));
  const message = withNotes(
    `One batch of ${plural(batch.length, 'picture')} (loss before the step ${loss.toFixed(4)}): the Gradient sheets show dL/dW for it.`,
    resumed.notes,
  );
  const speed = { images: batch.length, seconds: (host.now() - startedAt) / 1000 };
  return progress(statusOf(position.epoch, options), message, position, data.train.length, options, log, speed);
}

/**
 * Fresh seeded weights. The training state goes first: a reset cut off after that point leaves weights that
 * training simply starts over from, never an old optimizer state applied to new weights.
 */
function resetToSeededWeights(host: Host, seed: number): ModelInfo {
  const workbook = host.workbook;
  // Only the Model sheet is read: the weights are replaced, so a weight cell holding text does not stop a reset.
  const model = readModelSheet(workbook);
  const params: ModelParams = initParams(model.spec, seed);
  clearTrainState(workbook, {
    name: host.userName(),
    activity: 'resetting the weights',
    startedAt: host.now(),
    finishedAt: null,
  });
  resetTrainingLog(workbook);
  writeModelSheet(workbook, model.spec, { mode: model.mode, seed, label: model.label, sherlock: model.sherlock });
  writeParams(workbook, model.spec, params);
  refreshStepSheets(workbook, model.mode);
  workbook.flush();
  return readModelInfo(workbook);
}

/**
 * Checked before the model is held: holding it writes the holder row, which would create a Train state
 * sheet in a workbook that has nothing to train.
 */
function requireModel(host: Host, message: string): void {
  if (!hasModel(host.workbook)) throw new Error(message);
}

const NO_MODEL_TO_TRAIN =
  'There is no model to train yet: build the model or import a picture first, then add labelled pictures and train.';

type TrainingWork = (host: Host, options: TrainOptions, startedAt: number) => TrainProgress;

/** A Train or Step once call: checks the request, then works holding the model, or answers busy with the saved progress. */
function trainingCall(host: Host, activity: string, work: TrainingWork, request: unknown): TrainProgress {
  const options = parseTrainRequest(request);
  requireModel(host, NO_MODEL_TO_TRAIN);
  // The call's clock starts before the lock and the reads: they count against its time budget.
  const startedAt = host.now();
  const held = holdModel(host, activity, () => work(host, options, startedAt));
  return held.busy ? busyProgress(host, held.message, options) : held.value;
}

export function createTrainingEndpoints(host: Host): TrainingEndpoints {
  return {
    trainBatch: (request) => trainingCall(host, 'training the model', trainWithinBudget, request),
    stepOnce: (request) => trainingCall(host, 'training the model one step', stepOnceShowingGradients, request),
    resetWeights(seed) {
      const checked = requireInteger(seed, 'Seed', 0, MAX_SEED);
      requireModel(host, 'There is no model yet, so there are no weights to reset: build the model first.');
      return holdModelOrThrow(host, 'resetting the weights', () => resetToSeededWeights(host, checked));
    },
    evaluate() {
      requireModel(
        host,
        'There is no model to evaluate yet: build the model or import a picture first, then add labelled pictures.',
      );
      return holdModelOrThrow(host, 'evaluating the model', () => evaluateAndWriteSheet(host));
    },
  };
}
