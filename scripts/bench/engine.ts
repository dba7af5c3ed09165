/**
 * The CNN engine against TensorFlow.js (CPU backend) on the default network, 28×28×3 input, the same weights
 * and data: forward (+ loss) and training (forward + backward + SGD update) images/s at batch 1 and 16, and
 * the engine's convolution multiply-accumulates per second next to a tight scalar MAC loop.
 */
import * as tf from '@tensorflow/tfjs';
import type { BenchRow, BenchSection } from './lib/section';
import { itemsPerSecond, progress } from './lib/timing';
import { tfjsBatch, tfjsModel } from './lib/tfjs-model';
import { benchExamples } from './lib/examples';
import { defaultSpec } from '../../src/core/spec';
import { classifyBatch, cloneParams, initParams } from '../../src/core/model';
import { createOptimizerState } from '../../src/core/optim';
import { trainBatch } from '../../src/core/train';
import {
  conv2d,
  conv2dBackward,
  convBackwardInputDirect,
  convBackwardWeightsDirect,
  convForwardDirect,
  planConv,
} from '../../src/core/conv';
import { createRng } from '../../src/core/random';
import { tensor } from '../../src/core/tensor';
import { crossEntropy } from '../../src/core/loss';
import type { Example, OptimizerConfig, Tensor } from '../../src/core/types';

const spec = defaultSpec();
const BATCH = 16;
const SGD: OptimizerConfig = { kind: 'sgd', learningRate: 0.01 };

function randomTensor(shape: number[], seed: number): Tensor {
  const rng = createRng(seed);
  const t = tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal();
  return t;
}

/** The practical limit: a dot product on Float64Array with 4 independent accumulators, in cache. */
function tightMacLoop(): number {
  const n = 4096;
  const a = randomTensor([n], 1).data;
  const b = randomTensor([n], 2).data;
  let sink = 0;
  const rate = itemsPerSecond(() => {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    sink += s0 + s1 + s2 + s3;
  }, n);
  if (!Number.isFinite(sink)) throw new Error('tight loop produced a non-finite sum');
  return rate;
}

function engineRates(examples: Example[]): Record<string, number> {
  const params = initParams(spec, 7);
  const forwardImages = (batch: Example[]) => (): void => {
    const scores = classifyBatch(
      spec,
      params,
      batch.map((e) => e.image),
    );
    batch.forEach((e, n) => crossEntropy(scores[n].probabilities, e.label));
  };
  const train = (batchSize: number): number => {
    const p = cloneParams(params);
    let state = createOptimizerState(SGD, p);
    let cursor = 0;
    return itemsPerSecond(() => {
      const batch = examples.slice(cursor, cursor + batchSize);
      cursor = (cursor + batchSize) % examples.length;
      state = trainBatch(spec, p, batch, SGD, state).state;
    }, batchSize);
  };
  progress('engine forward');
  const forward1 = itemsPerSecond(forwardImages(examples.slice(0, 1)), 1);
  const forward16 = itemsPerSecond(forwardImages(examples), BATCH);
  progress('engine training');
  return { forward1, forward16, train1: train(1), train16: train(BATCH) };
}

function tfjsRates(examples: Example[]): Record<string, number> {
  const model = tfjsModel(spec, initParams(spec, 7));
  const batches = [1, BATCH].map((size) => tfjsBatch(examples.slice(0, size), spec.classes.length));
  const optimizer = tf.train.sgd(SGD.learningRate);
  const forwardRate = (b: number): number =>
    itemsPerSecond(
      () => tf.tidy(() => model.loss(batches[b].images, batches[b].oneHot).dataSync()),
      batches[b].images.shape[0],
    );
  const trainRate = (b: number): number =>
    itemsPerSecond(
      () => {
        tf.tidy(() => {
          optimizer.minimize(() => model.loss(batches[b].images, batches[b].oneHot), false, model.variables);
        });
      },
      batches[b].images.shape[0],
      b === 0 ? 2 : 6,
      2,
    );
  progress('TensorFlow.js forward');
  const forward1 = forwardRate(0);
  const forward16 = forwardRate(1);
  progress('TensorFlow.js training (slow)');
  return { forward1, forward16, train1: trainRate(0), train16: trainRate(1) };
}

/**
 * Convolution speed of both default layers, counted in direct-convolution MACs (F·C·k·k·OH·OW per pass), so
 * Winograd's saving shows as a rate above the tight loop; the direct path (im2col + blocked products) shows the
 * loop efficiency itself.
 */
function convMacRates(): BenchRow[] {
  const rows: BenchRow[] = [];
  const layers = [
    { name: 'conv 1 (3→16, 28×28)', c: 3, f: 16, size: 28 },
    { name: 'conv 2 (16→64, 14×14)', c: 16, f: 64, size: 14 },
  ];
  for (const { name, c, f, size } of layers) {
    const x = randomTensor([c, size, size], 3);
    const w = randomTensor([f, c, 3, 3], 4);
    const b = randomTensor([f], 5);
    const dOut = randomTensor([f, size, size], 6);
    const plan = planConv('bench', x, w, 1, 'same');
    const out = new Float64Array(f * size * size);
    const dW = new Float64Array(w.data.length);
    const dX = new Float64Array(x.data.length);
    const macs = f * c * 9 * size * size;
    const winogradMultiplies = 16 * f * c * Math.ceil(size / 2) ** 2;
    const saving = `Winograd: ${(macs / winogradMultiplies).toFixed(2)}× fewer multiplications`;
    rows.push({
      measure: `${name} forward, Winograd`,
      value: itemsPerSecond(() => conv2d(x, w, b, 1, 'same'), macs),
      unit: 'MAC/s',
      note: saving,
    });
    rows.push({
      measure: `${name} forward, direct`,
      value: itemsPerSecond(() => convForwardDirect(plan, x.data, w.data, b.data, out), macs),
      unit: 'MAC/s',
    });
    rows.push({
      measure: `${name} backward dW + dX, Winograd`,
      value: itemsPerSecond(() => conv2dBackward(x, w, 1, 'same', dOut), 2 * macs),
      unit: 'MAC/s',
      note: saving,
    });
    rows.push({
      measure: `${name} backward dW + dX, direct`,
      value: itemsPerSecond(() => {
        convBackwardWeightsDirect(plan, x.data, dOut.data, dW);
        convBackwardInputDirect(plan, w.data, dOut.data, dX);
      }, 2 * macs),
      unit: 'MAC/s',
    });
  }
  return rows;
}

export const section: BenchSection = {
  title: 'engine vs tfjs',
  run(): BenchRow[] {
    // Production mode: tfjs skips its debug checks and logging, its fastest CPU configuration.
    tf.env().set('PROD', true);
    tf.setBackend('cpu');
    const examples = benchExamples(spec, BATCH);
    const ours = engineRates(examples);
    const theirs = tfjsRates(examples);
    const rows: BenchRow[] = [];
    const labels: Record<string, string> = {
      forward1: 'forward + loss, batch 1',
      forward16: 'forward + loss, batch 16',
      train1: 'training step, batch 1',
      train16: 'training step, batch 16',
    };
    for (const key of Object.keys(labels)) {
      rows.push({ measure: `engine ${labels[key]}`, value: ours[key], unit: 'images/s' });
      rows.push({ measure: `tfjs ${labels[key]}`, value: theirs[key], unit: 'images/s' });
      rows.push({ measure: `ratio ${labels[key]}`, value: ours[key] / theirs[key], unit: '×', note: 'goal ≥ 3' });
    }
    progress('convolution MAC rates');
    // The loop is timed before and after the convolutions and the faster result kept, so that load from other
    // processes flatters neither side.
    const tightBefore = tightMacLoop();
    const convRows = convMacRates();
    const tight = Math.max(tightBefore, tightMacLoop());
    rows.push({
      measure: 'tight scalar MAC loop (Float64Array, 4 accumulators)',
      value: tight,
      unit: 'MAC/s',
      note: 'practical limit',
    });
    for (const row of convRows)
      rows.push({
        ...row,
        note: `${((100 * row.value) / tight).toFixed(0)}% of the tight loop${row.note ? `; ${row.note}` : ''}`,
      });
    return rows;
  },
};
