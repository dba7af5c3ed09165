/**
 * Shared set-up of the training tests: a model built in a local workbook, labelled pictures in its Dataset
 * sheet, and an independent run of the engine (same seed, batch order and optimizer) to compare against.
 */
import { createOptimizerState, epochOrder, initParams, smallSpec, trainBatch, cloneParams, paramList } from '../../src/core';
import type { Example, ModelParams, ModelSpec, OptimizerConfig } from '../../src/core/types';
import { fromChwTensor } from '../../src/image/tensor';
import { createLocalHost } from '../../src/local/local-host';
import type { LocalHost } from '../../src/local/local-host';
import { LocalWorkbook } from '../../src/local/local-workbook';
import { bytesToBase64 } from '../../src/shared/pixels';
import type { FormulaMode, OptimizerKind, TrainProgress, TrainRequest } from '../../src/shared/api';
import { CountingWorkbook } from '../../src/sheet/counting-workbook';
import { appendDatasetRows, contentHash, readDataset } from '../../src/sheet/dataset-sheet';
import type { Split } from '../../src/sheet/dataset-sheet';
import { buildModel } from '../../src/sheet/model-sheets';
import type { Workbook } from '../../src/sheet/workbook';
import { createTrainingEndpoints } from '../../src/server/training';
import type { TrainingEndpoints } from '../../src/server/training';
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
  readonly api: TrainingEndpoints;
  readonly spec: ModelSpec;
  readonly seed: number;
  /** The training pictures in Dataset sheet order (the order epochs shuffle). */
  readonly train: Example[];
  readonly test: Example[];
}

export interface SetupOptions {
  readonly mode?: FormulaMode;
  /** Puts a wrapper (e.g. one that fails on purpose) between the training code and the counting workbook. */
  readonly wrap?: (workbook: Workbook) => Workbook;
}

/** Builds `spec` from `seed` and stores the pictures in the Dataset sheet in the given order. */
export function setUpTraining(spec: ModelSpec, seed: number, pictures: readonly LabelledPicture[], options: SetupOptions = {}): TrainingSetup {
  const mode = options.mode ?? 'custom';
  const inner = new LocalWorkbook();
  const counting = new CountingWorkbook(inner);
  const host = createLocalHost(options.wrap ? options.wrap(counting) : counting, { userName: 'Ada' });
  buildModel(counting, spec, initParams(spec, seed), pictures[0].example.image, { mode, seed, label: -1 });
  storePictures(counting, spec, pictures);
  return {
    inner,
    counting,
    host,
    api: createTrainingEndpoints(host),
    spec,
    seed,
    train: pictures.filter((p) => p.split === 'train').map((p) => p.example),
    test: pictures.filter((p) => p.split === 'test').map((p) => p.example),
  };
}

function storePictures(workbook: Workbook, spec: ModelSpec, pictures: readonly LabelledPicture[]): void {
  const rows = pictures.map(({ name, example, split }) => {
    const rgb = fromChwTensor(example.image);
    return {
      label: spec.classes[example.label],
      name,
      split,
      hash: contentHash(rgb.width, rgb.height, rgb.data),
      width: rgb.width,
      height: rgb.height,
      pixels: bytesToBase64(rgb.data),
    };
  });
  appendDatasetRows(workbook, readDataset(workbook), rows);
}

/** Seeded pictures 0–255 of the small spec's 5×5×3 input, `perClass` per class, the last `testPerClass` of each for testing. */
export function syntheticPictures(spec: ModelSpec, seed: number, perClass: number, testPerClass: number): LabelledPicture[] {
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
      for (let j = 0; j < data.length; j++) data[j] = Math.floor(j / (height * width)) === label % channels ? 128 + (nextByte() >> 1) : nextByte() >> 1;
      pictures.push({ name: `c${label}-${i}.png`, example: { image: { shape: [channels, height, width], data }, label }, split: i >= perClass - testPerClass ? 'test' : 'train' });
    }
  });
  return pictures;
}

export function smallSetup(seed: number, perClass = 5, testPerClass = 1, options: SetupOptions = {}): TrainingSetup {
  const spec = smallSpec();
  return setUpTraining(spec, seed, syntheticPictures(spec, seed, perClass, testPerClass), options);
}

export function request(optimizer: OptimizerKind, learningRate: number, batchSize: number, epochs: number, budgetMs?: number): TrainRequest {
  return { optimizer, learningRate, batchSize, epochs, ...(budgetMs === undefined ? {} : { budgetMs }) };
}

/** Calls trainBatch as the sidebar does, until done (or `maxCalls`). */
export function trainUntilDone(api: TrainingEndpoints, req: TrainRequest, maxCalls = 1000): TrainProgress[] {
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

/** The engine alone: initParams(seed), then every epoch's seeded order in batches, keeping every step's weights. */
export function referenceRun(spec: ModelSpec, seed: number, train: readonly Example[], optimizer: OptimizerKind, learningRate: number, batchSize: number, epochs: number): ReferenceRun {
  const config: OptimizerConfig = optimizerConfig({ kind: optimizer, learningRate });
  const params = initParams(spec, seed);
  let state = createOptimizerState(config, params);
  const snapshots = [cloneParams(params)];
  const batches: { loss: number; size: number }[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = epochOrder(seed, epoch, train.length);
    for (let i = 0; i < order.length; i += batchSize) {
      const batch = order.slice(i, i + batchSize).map((j) => train[j]);
      const result = trainBatch(spec, params, batch, config, state);
      state = result.state;
      batches.push({ loss: result.loss, size: batch.length });
      snapshots.push(cloneParams(params));
    }
  }
  return { params: snapshots, batches };
}

/**
 * The train loss each log row should show: the mean over the batches since the row before, found from the
 * rows' (epoch, step) positions with a fixed batch size.
 */
export function expectedSpanLosses(reference: ReferenceRun, rows: readonly { epoch: number; step: number }[], stepsPerEpoch: number): number[] {
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
