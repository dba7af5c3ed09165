/**
 * Training in the sheet on the local engine: how many pictures one 25-second trainBatch call trains (the
 * sidebar's default budget, run for real, not extrapolated), and how the call's time splits between the
 * spreadsheet (every Workbook call, timed by a counting wrapper) and the maths. The default network, built
 * in the default custom-function mode, learning 10 ORL people (70 training and 30 test pictures, 28×28).
 * The call also checks the Build panel's estimate (picturesPerTrainingCall) against what it really trains.
 */
import { performance } from 'perf_hooks';
import type { BenchRow, BenchSection } from './lib/section';
import { progress } from './lib/timing';
import { picturesPerTrainingCall } from '../../src/core/architecture';
import { KERNEL_PATH_NAMES } from '../../src/core';
import { onBenchKernels } from './lib/bench-kernels';
import type { KernelPath } from '../../src/core';
import { createServer } from '../../src/server';
import { createLocalHost } from '../../src/local/engine/local-host';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { CountingWorkbook } from '../../src/sheet/counting-workbook';
import { readDataset, writeDatasetColumn } from '../../src/sheet/dataset-sheet';
import { readModelSheet } from '../../src/sheet/model-sheet';
import type { TrainRequest } from '../../src/shared/api';
import { DEFAULT_DATASET } from '../../src/local/cli/cli-args';
import { TRAIN_DEFAULTS } from '../../src/shared/training-defaults';
import { readDatasetFolder } from '../../src/local/cli/cli-pictures';

const BUDGET_MS = 25_000;
const TEST_FILES = new Set([8, 9, 10]);

async function setUp(): Promise<{ counting: CountingWorkbook; api: ReturnType<typeof createServer> }> {
  const counting = new CountingWorkbook(new LocalWorkbook(), () => performance.now());
  const api = createServer(createLocalHost(counting, { userName: 'bench' }));
  // The demo's own dataset, read the way the demo reads it: one class per folder of shipped ORL faces.
  const classes = await readDatasetFolder(DEFAULT_DATASET, { width: 28, height: 28 }, 'centre');
  api.buildModel({ specName: 'default', mode: 'custom', seed: 7, classes: classes.map((c) => c.label) });
  for (const { label, pictures } of classes) api.addPictures({ label, pictures });
  // Files 8–10 of each person are the test split.
  writeDatasetColumn(counting, readDataset(counting), 'split', (row) =>
    TEST_FILES.has(Number(/\/(\d+)\.pgm$/.exec(row.name)?.[1])) ? 'test' : 'train',
  );
  return { counting, api };
}

interface CallMeasure {
  readonly trained: number;
  readonly callMs: number;
  readonly sheetMs: number;
  readonly workbookCalls: number;
  readonly fixedMs: number;
  readonly fixedSheetMs: number;
  readonly estimate: number;
}

/** One Train call of the default budget with the Train panel's proposals, after a warm-up call. */
async function measureCall(kernels: KernelPath): Promise<CallMeasure> {
  progress('building the default model and adding the 100 ORL pictures of data/orl-faces');
  const { counting, api } = await setUp();
  const { batchSize, learningRate, optimizer, augment } = TRAIN_DEFAULTS;
  const request: TrainRequest = { epochs: 1000, batchSize, learningRate, optimizer, augment, budgetMs: 2_000 };
  // A short first call creates the state and log sheets and lets V8 optimise the maths.
  api.trainBatch(request);
  progress(`one trainBatch call with the default ${BUDGET_MS / 1000} s budget on ${KERNEL_PATH_NAMES[kernels]}`);
  counting.reset();
  const start = performance.now();
  const before = api.trainBatch({ ...request, budgetMs: 10 }); // one batch: the fixed cost of a call
  const fixedMs = performance.now() - start;
  const fixedSheetMs = counting.elapsedMs();
  counting.reset();
  const callStart = performance.now();
  const answer = api.trainBatch({ ...request, budgetMs: BUDGET_MS });
  const callMs = performance.now() - callStart;
  const steps = (p: { epoch: number; stepsPerEpoch: number; step: number }): number =>
    p.epoch * p.stepsPerEpoch + p.step;
  return {
    trained: (steps(answer) - steps(before)) * batchSize,
    callMs,
    sheetMs: counting.elapsedMs(),
    workbookCalls: counting.total(),
    fixedMs,
    fixedSheetMs,
    estimate: picturesPerTrainingCall(readModelSheet(counting).spec, kernels, BUDGET_MS / 1000),
  };
}

export const section: BenchSection = {
  title: 'Training in the sheet (local engine)',
  async run(): Promise<BenchRow[]> {
    const { batchSize, learningRate, optimizer, augment } = TRAIN_DEFAULTS;
    const { kernels, call } = await onBenchKernels(async (kernels) => ({ kernels, call: await measureCall(kernels) }));
    return [
      {
        measure: 'pictures trained in one 25 s trainBatch call',
        value: call.trained,
        unit: 'pictures',
        note: `default network, 10 ORL people, the Train panel's defaults (${optimizer} ${learningRate}, batch ${batchSize}, ${augment} augmentation), custom mode, ${KERNEL_PATH_NAMES[kernels]} (BENCH_KERNELS=javascript forces the loops)`,
      },
      {
        measure: 'speed over the whole call',
        value: (call.trained / call.callMs) * 1000,
        unit: 'pictures/s',
        note: `call took ${(call.callMs / 1000).toFixed(1)} s (budget ${BUDGET_MS / 1000} s)`,
      },
      {
        measure: 'share of the call in sheet reads and writes',
        value: (100 * call.sheetMs) / call.callMs,
        unit: '%',
        note: `${call.sheetMs.toFixed(0)} ms in ${call.workbookCalls} Workbook calls (incl. formula recalculation)`,
      },
      {
        measure: 'share of the call in maths',
        value: (100 * (call.callMs - call.sheetMs)) / call.callMs,
        unit: '%',
        note: 'training batches, test scoring for the log, packing the state',
      },
      {
        measure: 'fixed cost of a call (one batch)',
        value: call.fixedMs,
        unit: 'ms',
        note: `${call.fixedSheetMs.toFixed(0)} ms of it in the sheet`,
      },
      {
        measure: "Build panel's estimate / pictures trained",
        value: call.estimate / call.trained,
        unit: '×',
        note: `estimated ${call.estimate} pictures per call on ${KERNEL_PATH_NAMES[kernels]}`,
      },
    ];
  },
};
