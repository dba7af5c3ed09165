/**
 * Shared set-up of the training tests: a model built in a local workbook, labelled pictures in its Dataset
 * sheet, and an independent run of the engine (same seed, batch order and optimizer) to compare against.
 */
import {
  createOptimizerState,
  epochOrder,
  initParams,
  smallSpec,
  trainBatch,
  cloneParams,
  paramList,
} from '../../src/core';
import { createServer } from '../../src/server';
import type { Example, ModelParams, ModelSpec, OptimizerConfig } from '../../src/core/types';
import { fromChwTensor } from '../../src/image/tensor';
import { createLocalHost } from '../../src/local/engine/local-host';
import type { LocalHost } from '../../src/local/engine/local-host';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { bytesToBase64 } from '../../src/shared/pixels';
import type {
  FormulaMode,
  OptimizerKind,
  PicturePixels,
  ServerApi,
  SpecName,
  TrainProgress,
  TrainRequest,
} from '../../src/shared/api';
import { CountingWorkbook } from '../../src/sheet/counting-workbook';
import { readDataset, writeDatasetColumn } from '../../src/sheet/dataset-sheet';
import type { Split } from '../../src/sheet/dataset-sheet';
import { readModelSheet } from '../../src/sheet/model-sheet';
import type { Workbook } from '../../src/sheet/workbook';
import { optimizerConfig } from '../../src/server/training-request';

export interface LabelledPicture {
  readonly name: string;
  readonly example: Example;
  readonly split: Split;
}

export interface TrainingSetup {
  readonly inner: LocalWorkbook;
  readonly counting: CountingWorkbook;
  readonly host: LocalHost;
  /** The whole server, as the sidebar reaches it. */
  readonly api: ServerApi;
  readonly spec: ModelSpec;
  readonly seed: number;
  /** The training pictures in Dataset sheet order (the order epochs shuffle). */
  readonly train: Example[];
  readonly test: Example[];
}

export interface SetupOptions {
  readonly mode?: FormulaMode;
  /** Puts a wrapper (e.g. one that fails on purpose) between the server and the counting workbook. */
  readonly wrap?: (workbook: Workbook) => Workbook;
}

/**
 * Builds the model through the server (buildModel from `seed`), adds the pictures class by class through
 * addPictures, then sets each picture's split in the Dataset sheet as given (the tests use fixed splits,
 * such as ORL files 8–10 for testing, where the server would draw a seeded one).
 */
export function setUpTraining(
  specName: SpecName,
  classes: readonly string[],
  seed: number,
  pictures: readonly LabelledPicture[],
  options: SetupOptions = {},
): TrainingSetup {
  const inner = new LocalWorkbook();
  const counting = new CountingWorkbook(inner);
  const host = createLocalHost(options.wrap ? options.wrap(counting) : counting, { userName: 'Ada' });
  const api = createServer(host);
  api.buildModel({ specName, mode: options.mode ?? 'custom', seed, classes: [...classes] });
  classes.forEach((label, k) => {
    const own = pictures.filter((p) => p.example.label === k);
    const answer = api.addPictures({ label, pictures: own.map(({ name, example }) => toPicturePixels(name, example)) });
    expect(answer.duplicates).toEqual([]);
  });
  const splitByName = new Map(pictures.map((p) => [p.name, p.split]));
  writeDatasetColumn(counting, readDataset(counting), 'split', (row) => splitByName.get(row.name) ?? row.split);
  const stored = readDataset(counting).rows.map((row) => row.name);
  // Training follows the Dataset sheet's order; the reference run must see the same order.
  const inSheetOrder = stored.map((name) => pictures.find((p) => p.name === name) as LabelledPicture);
  const spec = readModelSheet(counting).spec;
  return {
    inner,
    counting,
    host,
    api,
    spec,
    seed,
    train: inSheetOrder.filter((p) => p.split === 'train').map((p) => p.example),
    test: inSheetOrder.filter((p) => p.split === 'test').map((p) => p.example),
  };
}

function toPicturePixels(name: string, example: Example): PicturePixels {
  const rgb = fromChwTensor(example.image);
  return { name, width: rgb.width, height: rgb.height, rgbBase64: bytesToBase64(rgb.data) };
}

/** Seeded pictures 0–255 of the small spec's 5×5×3 input, `perClass` per class, the last `testPerClass` of each for testing. */
export function syntheticPictures(
  spec: ModelSpec,
  seed: number,
  perClass: number,
  testPerClass: number,
): LabelledPicture[] {
  let state = seed >>> 0 || 1;
  const nextByte = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % 256;
  };
  const { channels, height, width } = spec.input;
  const pictures: LabelledPicture[] = [];
  spec.classes.forEach((_, label) => {
    for (let i = 0; i < perClass; i++) {
      const data = new Float64Array(channels * height * width);
      // Each class is brighter in its own channel, so the pictures are learnable.
      for (let j = 0; j < data.length; j++)
        data[j] = Math.floor(j / (height * width)) === label % channels ? 128 + (nextByte() >> 1) : nextByte() >> 1;
      pictures.push({
        name: `c${label}-${i}.png`,
        example: { image: { shape: [channels, height, width], data }, label },
        split: i >= perClass - testPerClass ? 'test' : 'train',
      });
    }
  });
  return pictures;
}

export function smallSetup(seed: number, perClass = 5, testPerClass = 1, options: SetupOptions = {}): TrainingSetup {
  const spec = smallSpec();
  return setUpTraining('small', spec.classes, seed, syntheticPictures(spec, seed, perClass, testPerClass), options);
}

export function request(
  optimizer: OptimizerKind,
  learningRate: number,
  batchSize: number,
  epochs: number,
  budgetMs?: number,
): TrainRequest {
  return { optimizer, learningRate, batchSize, epochs, ...(budgetMs === undefined ? {} : { budgetMs }) };
}

/** Calls trainBatch as the sidebar does, until done (or `maxCalls`). */
export function trainUntilDone(api: ServerApi, req: TrainRequest, maxCalls = 1000): TrainProgress[] {
  const answers: TrainProgress[] = [];
  for (let i = 0; i < maxCalls; i++) {
    const progress = api.trainBatch(req);
    answers.push(progress);
    if (progress.status !== 'running') return answers;
  }
  throw new Error(`training not done after ${maxCalls} calls`);
}

export interface ReferenceRun {
  /** params[k] = the weights after k batches (k = 0 … steps). */
  readonly params: ModelParams[];
  /** Each batch's mean loss (before its update) and size, in training order. */
  readonly batches: { readonly loss: number; readonly size: number }[];
}

/**
 * The engine alone: trains `params` in place through epochs [from, to) of `seed`'s shuffled orders, with a
 * fresh optimizer state, calling `afterBatch` with each batch's mean loss (before its update) and size.
 */
export function trainEpochs(
  spec: ModelSpec,
  params: ModelParams,
  train: readonly Example[],
  seed: number,
  config: OptimizerConfig,
  batchSize: number,
  epochs: { readonly from: number; readonly to: number },
  afterBatch: (loss: number, size: number) => void = () => undefined,
): void {
  let state = createOptimizerState(config, params);
  for (let epoch = epochs.from; epoch < epochs.to; epoch++) {
    const order = epochOrder(seed, epoch, train.length);
    for (let i = 0; i < order.length; i += batchSize) {
      const batch = order.slice(i, i + batchSize).map((j) => train[j]);
      const result = trainBatch(spec, params, batch, config, state);
      state = result.state;
      afterBatch(result.loss, batch.length);
    }
  }
}

/** initParams(seed), then every epoch's seeded order in batches, keeping every step's weights. */
export function referenceRun(
  spec: ModelSpec,
  seed: number,
  train: readonly Example[],
  optimizer: OptimizerKind,
  learningRate: number,
  batchSize: number,
  epochs: number,
): ReferenceRun {
  const params = initParams(spec, seed);
  const snapshots = [cloneParams(params)];
  const batches: { loss: number; size: number }[] = [];
  trainEpochs(
    spec,
    params,
    train,
    seed,
    optimizerConfig({ kind: optimizer, learningRate }),
    batchSize,
    { from: 0, to: epochs },
    (loss, size) => {
      batches.push({ loss, size });
      snapshots.push(cloneParams(params));
    },
  );
  return { params: snapshots, batches };
}

/**
 * The train loss each log row should show: the mean over the batches since the row before, found from the
 * rows' (epoch, step) positions with a fixed batch size.
 */
export function expectedSpanLosses(
  reference: ReferenceRun,
  rows: readonly { epoch: number; step: number }[],
  stepsPerEpoch: number,
): number[] {
  let from = 0;
  return rows.map((row) => {
    const to = row.epoch * stepsPerEpoch + row.step;
    const span = reference.batches.slice(from, to);
    from = to;
    return span.reduce((sum, b) => sum + b.loss * b.size, 0) / span.reduce((sum, b) => sum + b.size, 0);
  });
}

/** Largest absolute difference between two parameter sets of the same shapes. */
export function maxParamDifference(a: ModelParams, b: ModelParams): number {
  const listA = paramList(a);
  const listB = paramList(b);
  let max = 0;
  listA.forEach((t, i) => {
    expect(t.shape).toEqual(listB[i].shape);
    for (let j = 0; j < t.data.length; j++) max = Math.max(max, Math.abs(t.data[j] - listB[i].data[j]));
  });
  return max;
}
