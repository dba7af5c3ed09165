/**
 * A whole training run on real photos: ORL faces of subjects s1–s3 (files 1–7 train, 8–10 held out),
 * grey → R=G=B, 28×28, the default network, Adam, a fixed seed.
 */
import { loadOrl } from '../helpers/orl';
import { defaultSpec } from '../../src/core/spec';
import { initParams } from '../../src/core/model';
import { createOptimizerState } from '../../src/core/optim';
import { epochOrder, trainBatch } from '../../src/core/train';
import { evaluate } from '../../src/core/evaluate';
import type { OptimizerConfig } from '../../src/core/types';

test('the default network learns three ORL faces: held-out accuracy ≥ 90%, training loss falls', () => {
  const train = loadOrl([1, 2, 3], [1, 2, 3, 4, 5, 6, 7]);
  const heldOut = loadOrl([1, 2, 3], [8, 9, 10]);
  expect(train).toHaveLength(21);
  expect(heldOut).toHaveLength(9);
  expect(train[0].image.shape).toEqual([3, 28, 28]);

  const spec = defaultSpec(['s1', 's2', 's3']);
  const seed = 1;
  const config: OptimizerConfig = { kind: 'adam', learningRate: 0.001 };
  const params = initParams(spec, seed);
  let state = createOptimizerState(config, params);
  const before = evaluate(spec, params, heldOut);

  const batchSize = 7;
  const epochLosses: number[] = [];
  for (let epoch = 0; epoch < 15; epoch++) {
    const order = epochOrder(seed, epoch, train.length);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const result = trainBatch(
        spec,
        params,
        order.slice(start, start + batchSize).map((i) => train[i]),
        config,
        state,
      );
      state = result.state;
      lossSum += result.loss;
      batches++;
    }
    epochLosses.push(lossSum / batches);
  }

  const after = evaluate(spec, params, heldOut);
  expect(epochLosses[epochLosses.length - 1]).toBeLessThan(0.25 * epochLosses[0]);
  expect(after.meanLoss).toBeLessThan(before.meanLoss);
  expect(after.accuracy).toBeGreaterThanOrEqual(0.9);
  expect(after.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([3, 3, 3]);
  expect(state.step).toBe(45);
});
