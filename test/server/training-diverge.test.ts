/**
 * A call whose batch diverges (a logit or a weight would become infinite or NaN) keeps the batches it
 * finished before that one, saved as a time-budget stop saves them, and says where it stopped and what to do.
 */
import { NonFiniteError, cloneParams, createOptimizerState, epochOrder, trainBatch } from '../../src/core';
import * as engineTraining from '../../src/core/train';
import type { ModelParams } from '../../src/core/types';
import { readParams, writeParams } from '../../src/sheet/weight-sheets';
import { readCommitRecord } from '../../src/sheet/train-state-sheet';
import { optimizerConfig } from '../../src/server/training-request';
import { maxParamDifference, referenceRun, request, smallSetup } from './training-fixture';
import type { TrainingSetup } from './training-fixture';

const BATCH = 3;

/** The engine alone from `params`: every whole batch's weights until a batch throws, and what it threw. */
function untilDivergence(setup: TrainingSetup, params: ModelParams): { states: ModelParams[]; failure: unknown } {
  const config = optimizerConfig({ kind: 'sgd', learningRate: 0.05 });
  let state = createOptimizerState(config, params);
  const states = [cloneParams(params)];
  for (let epoch = 0; epoch < 4; epoch++) {
    const order = epochOrder(setup.seed, epoch, setup.train.length);
    for (let i = 0; i < order.length; i += BATCH) {
      try {
        state = trainBatch(
          setup.spec,
          params,
          order.slice(i, i + BATCH).map((j) => setup.train[j]),
          config,
          state,
        ).state;
      } catch (failure) {
        return { states, failure };
      }
      states.push(cloneParams(params));
    }
  }
  return { states, failure: null };
}

function stoppedAt(setup: TrainingSetup, goodBatches: number, batchSize: number): string {
  const perEpoch = Math.ceil(setup.train.length / batchSize);
  return `Training stopped at epoch ${Math.floor(goodBatches / perEpoch) + 1}, step ${(goodBatches % perEpoch) + 1} of ${perEpoch} because the weights diverged`;
}

describe('a training call whose batch diverges', () => {
  it('saves the weights of the last good batch, says where it stopped, and a further call changes nothing', () => {
    const setup = smallSetup(7);
    // A bias typed in by hand, far too large: one batch still works, the next overflows a logit.
    const edited = readParams(setup.inner, setup.spec);
    edited.conv[0].bias.data[0] = 1e200;
    writeParams(setup.inner, setup.spec, edited);
    const reference = untilDivergence(setup, cloneParams(edited));
    expect(reference.failure).toBeInstanceOf(NonFiniteError);
    const good = reference.states.length - 1;
    expect(good).toBeGreaterThanOrEqual(1);

    const message = stoppedAt(setup, good, BATCH);
    expect(() => setup.api.trainBatch(request('sgd', 0.05, BATCH, 4, 60_000))).toThrow(message);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.states[good])).toBe(0);
    const { record } = readCommitRecord(setup.inner);
    expect([record?.step, record?.phase, record?.logEntries.length]).toEqual([good, 'applied', 1]);
    expect(maxParamDifference(record?.params as ModelParams, reference.states[good])).toBe(0);

    // Training again (or one step) stops at the same batch at once, writing nothing but the holder row.
    setup.counting.reset();
    expect(() => setup.api.trainBatch(request('sgd', 0.05, BATCH, 4, 60_000))).toThrow(
      `${message}: that batch would have made a weight or a logit infinite or NaN. The sheets keep the weights after the last good batch; lower the learning rate (or Reset weights) and train again.`,
    );
    expect(() => setup.api.stepOnce(request('sgd', 0.05, BATCH, 4))).toThrow(message);
    expect(setup.counting.counts().writeCells).toBe(4);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.states[good])).toBe(0);
    expect(setup.host.lock.isHeld()).toBe(false);
  });

  it('stops before the batch whose weight update the optimizer refuses, keeping the batches before it', () => {
    const setup = smallSetup(8);
    const req = request('momentum', 0.05, 2, 3, 60_000);
    const reference = referenceRun(setup.spec, setup.seed, setup.train, 'momentum', 0.05, 2, 3);
    const original = engineTraining.trainBatch;
    let calls = 0;
    // The fourth batch gets a learning rate and weight decay that overflow every non-zero weight, so the real
    // optimizer refuses that update.
    const spy = jest.spyOn(engineTraining, 'trainBatch').mockImplementation((spec, params, batch, config, state) => {
      calls++;
      const used = calls === 4 ? { ...config, learningRate: Number.MAX_VALUE, weightDecay: Number.MAX_VALUE } : config;
      return original(spec, params, batch, used, state);
    });
    try {
      expect(() => setup.api.trainBatch(req)).toThrow(stoppedAt(setup, 3, 2));
    } finally {
      spy.mockRestore();
    }
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[3])).toBe(0);
    expect(readCommitRecord(setup.inner).record?.step).toBe(3);

    // With the learning rate as asked, training resumes from there and ends where an uninterrupted run ends.
    while (setup.api.trainBatch(req).status !== 'done');
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[reference.params.length - 1])).toBe(
      0,
    );
  });
});
