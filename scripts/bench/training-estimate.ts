/**
 * The Build panel's training estimate (picturesPerTrainingCall) against the engine: for twelve networks — the
 * presets and others of varied shape — pictures per second trained with the Train panel's defaults (Adam,
 * batches of 8, augmentation), and the estimate's ratio to it. The rates in src/core/architecture.ts were fitted
 * to these networks; run once per path (lib/bench-kernels.ts): `npm run bench -- training-estimate`, then with
 * BENCH_KERNELS=javascript.
 */
import type { BenchRow, BenchSection } from './lib/section';
import { itemsPerSecond, progress } from './lib/timing';
import { picturesPerTrainingCall, presetLayers } from '../../src/core/architecture';
import { createOptimizerState, defaultSpec, initParams, KERNEL_PATH_NAMES, trainBatch } from '../../src/core';
import { onBenchKernels } from './lib/bench-kernels';
import type { ConvBlockSpec, Example, ModelSpec } from '../../src/core/types';
import { augmentOptions, optimizerConfig } from '../../src/server/training-request';
import { advance, nextBatch } from '../../src/server/training-loop';
import type { RunPosition } from '../../src/server/training-loop';
import { TRAIN_DEFAULTS } from '../../src/shared/training-defaults';

const block = (filters: number, kernel = 3, stride = 1, pool: number | null = 2): ConvBlockSpec => ({
  filters,
  kernel,
  stride,
  padding: 'same',
  pool: pool === null ? null : { size: pool, stride: pool },
});
const BASE = defaultSpec(Array.from({ length: 10 }, (_, i) => `person ${i + 1}`));
const sized = (size: number, channels = 3): ModelSpec['input'] => ({ channels, height: size, width: size });
const NETWORKS: [string, ModelSpec][] = [
  ['worked example', { ...BASE, ...presetLayers('small') }],
  ['worked example, 10 filters', { ...BASE, ...presetLayers('small-10-filters') }],
  ['default', BASE],
  ['Tiny VGG', { ...BASE, ...presetLayers('tiny-vgg') }],
  ['64 and 64 filters', { ...BASE, blocks: [block(64), block(64)] }],
  ['one block of 8', { ...BASE, blocks: [block(8)] }],
  ['default at 48×48', { ...BASE, input: sized(48) }],
  ['5×5 kernels, 16 and 32', { ...BASE, blocks: [block(16, 5), block(32)] }],
  ['three blocks, 16, 32, 64', { ...BASE, blocks: [block(16), block(32), block(64)] }],
  ['64×64, stride 2', { ...BASE, input: sized(64), blocks: [block(16, 3, 2), block(32)] }],
  ['8 without a pool, 16', { ...BASE, blocks: [block(8, 3, 1, null), block(16, 3, 1, 4)] }],
  ['grey, 32 and 32', { ...BASE, input: sized(28, 1), blocks: [block(32), block(32)] }],
];

/** Batch-sized synthetic pictures: the time depends on the shapes, not the values. */
function pictures(spec: ModelSpec, count: number): Example[] {
  const { channels, height, width } = spec.input;
  return Array.from({ length: count }, (_, n) => ({
    label: n % spec.classes.length,
    image: {
      shape: [channels, height, width],
      data: Float64Array.from({ length: channels * height * width }, (_, i) => (i * 7919 + n * 104729) % 256),
    },
  }));
}

/** Pictures per second the engine trains, batch after batch as a Train call builds them (training-loop). */
function picturesPerSecond(spec: ModelSpec): number {
  const { batchSize, learningRate, optimizer, augment } = TRAIN_DEFAULTS;
  const params = initParams(spec, 1);
  const train = pictures(spec, batchSize);
  const config = optimizerConfig({ kind: optimizer, learningRate });
  const options = augmentOptions(augment);
  let position: RunPosition = {
    step: 0,
    epoch: 0,
    epochStep: 0,
    cursor: 0,
    optimizerState: createOptimizerState(config, params),
  };
  return itemsPerSecond(
    () => {
      const batch = nextBatch(position, train, 1, batchSize, options);
      const result = trainBatch(spec, params, batch, config, position.optimizerState);
      position = advance(position, batch.length, train.length, result.state);
    },
    batchSize,
    2.5,
  );
}

export const section: BenchSection = {
  title: "The Build panel's training estimate",
  run(): Promise<BenchRow[]> {
    return onBenchKernels((kernels) => {
      const ratios: number[] = [];
      const rows = NETWORKS.map(([name, spec]): BenchRow => {
        progress(`${name}: training on ${KERNEL_PATH_NAMES[kernels]}`);
        // The estimate is per 25-s call; the engine's rate times 25 s is what it would train in that time.
        const measured = picturesPerSecond(spec) * 25;
        const estimate = picturesPerTrainingCall(spec, kernels, 25);
        ratios.push(estimate / measured);
        return {
          measure: `estimate / trained in 25 s, ${name}`,
          value: estimate / measured,
          unit: '×',
          note: `estimated ${estimate}, trained at ${Math.round(measured)} per 25 s (${KERNEL_PATH_NAMES[kernels]})`,
        };
      });
      rows.push({
        measure: 'estimate / trained, the furthest from 1',
        value: ratios.reduce((far, r) => (Math.abs(Math.log(r)) > Math.abs(Math.log(far)) ? r : far)),
        unit: '×',
        note: `range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} over ${ratios.length} networks`,
      });
      return rows;
    });
  },
};
