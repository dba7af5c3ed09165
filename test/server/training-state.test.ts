/**
 * What training continues from between calls: weights people edited, a changed optimizer (its state starts
 * from zero, with a note), a rebuilt model or Reset weights (training starts over), and clear messages for
 * requests that cannot work.
 */
import { cloneParams, forward, initParams, smallSpec } from '../../src/core';
import type { ModelParams } from '../../src/core/types';
import { columnRange, filterCell } from '../../src/sheet/layout';
import { readInputImage } from '../../src/sheet/input-picture-sheets';
import { readParams } from '../../src/sheet/weight-sheets';
import { readDataset, writeDatasetColumn } from '../../src/sheet/dataset-sheet';
import { SOFTMAX_SHEET, filtersSheet } from '../../src/sheet/sheet-names';
import { TRAIN_STATE_SHEET, readCommitRecord } from '../../src/sheet/train-state-sheet';
import { LOG_FIRST_ROW, TRAINING_LOG_SHEET } from '../../src/sheet/training-log-sheet';
import { optimizerConfig } from '../../src/server/training-request';
import { newServer } from './server-fixture';
import {
  maxParamDifference,
  referenceRun,
  request,
  setUpTraining,
  smallSetup,
  syntheticPictures,
  trainEpochs,
} from './training-fixture';

function logNotes(setup: ReturnType<typeof smallSetup>): string[] {
  const rows = setup.inner.usedSize(TRAINING_LOG_SHEET).rows - LOG_FIRST_ROW + 1;
  return setup.inner
    .readValues(TRAINING_LOG_SHEET, { row: LOG_FIRST_ROW, col: 9, rows, cols: 1 })
    .map((r) => String(r[0]));
}

describe('training state between calls', () => {
  it('continues from weights people edited in the sheet', () => {
    const setup = smallSetup(41);
    setup.api.trainBatch(request('sgd', 0.05, 3, 1, 60_000));
    const edited = cloneParams(readParams(setup.inner, setup.spec));
    const cell = filterCell(3, 1, 2, 0, 1);
    setup.inner.writeCells(filtersSheet(0), cell.row, cell.col, [[0.75]]);
    edited.conv[0].weights.data[(1 * 3 + 2) * 9 + 1] = 0.75;
    setup.api.trainBatch(request('sgd', 0.05, 3, 2, 60_000));
    trainEpochs(setup.spec, edited, setup.train, setup.seed, optimizerConfig({ kind: 'sgd', learningRate: 0.05 }), 3, {
      from: 1,
      to: 2,
    });
    expect(maxParamDifference(readParams(setup.inner, setup.spec), edited)).toBe(0);
  });

  it('starts the optimizer state afresh, with a note in the log, when the optimizer changes', () => {
    const setup = smallSetup(42);
    setup.api.trainBatch(request('momentum', 0.05, 3, 1, 60_000));
    const answer = setup.api.trainBatch(request('adam', 0.01, 3, 2, 60_000));
    expect(answer.message).toMatch(
      /^Optimizer changed from SGD with momentum 0\.9, learning rate 0\.05 to Adam, learning rate 0\.01: its state \(momentum, Adam averages\) starts from zero\./,
    );
    const expected = referenceRun(setup.spec, setup.seed, setup.train, 'momentum', 0.05, 3, 1).params.at(
      -1,
    ) as ModelParams;
    trainEpochs(
      setup.spec,
      expected,
      setup.train,
      setup.seed,
      optimizerConfig({ kind: 'adam', learningRate: 0.01 }),
      3,
      { from: 1, to: 2 },
    );
    expect(maxParamDifference(readParams(setup.inner, setup.spec), expected)).toBe(0);
    expect(logNotes(setup)).toEqual(['', expect.stringMatching(/^Optimizer changed from SGD with momentum/)]);
  });

  it('starts over when the model is rebuilt from another seed, and after Reset weights', () => {
    const setup = smallSetup(43);
    setup.api.trainBatch(request('sgd', 0.05, 3, 2, 60_000));
    setup.api.buildModel({ specName: 'small', mode: 'custom', seed: 99, classes: [...setup.spec.classes] });
    const rebuilt = setup.api.trainBatch(request('sgd', 0.05, 3, 1, 60_000));
    expect(rebuilt.message).toMatch(
      /^The model was rebuilt since the last training call; training state starts over\./,
    );
    expect([rebuilt.status, rebuilt.epoch, rebuilt.log.length]).toEqual(['done', 1, 1]);
    const fromNewSeed = referenceRun(setup.spec, 99, setup.train, 'sgd', 0.05, 3, 1).params.at(-1) as ModelParams;
    expect(maxParamDifference(readParams(setup.inner, setup.spec), fromNewSeed)).toBe(0);

    const info = setup.api.resetWeights(7);
    expect(info.seed).toBe(7);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), initParams(setup.spec, 7))).toBe(0);
    expect(readCommitRecord(setup.inner).record).toBeNull();
    expect(setup.inner.usedSize(TRAINING_LOG_SHEET).rows).toBe(LOG_FIRST_ROW - 1);
    expect(setup.inner.sheetNames()).toContain(TRAIN_STATE_SHEET);
    setup.api.trainBatch(request('sgd', 0.05, 3, 1, 60_000));
    const fromReset = referenceRun(setup.spec, 7, setup.train, 'sgd', 0.05, 3, 1).params.at(-1) as ModelParams;
    expect(maxParamDifference(readParams(setup.inner, setup.spec), fromReset)).toBe(0);
  });

  it('starts over from the weights in the sheets, with a note, when someone edited the Train state sheet', () => {
    const setup = smallSetup(46);
    setup.api.trainBatch(request('momentum', 0.05, 3, 1, 60_000));
    const trained = cloneParams(readParams(setup.inner, setup.spec));
    setup.inner.writeCells(TRAIN_STATE_SHEET, 4, 6, [['edited by hand']]);
    const answer = setup.api.trainBatch(request('momentum', 0.05, 3, 1, 60_000));
    expect(answer.message).toMatch(
      /^Train state row 4 could not be read \(a text cell does not start with "j:"\); training state starts over from the weights in the sheets\./,
    );
    expect([answer.epoch, answer.log.length]).toEqual([1, 1]);
    trainEpochs(
      setup.spec,
      trained,
      setup.train,
      setup.seed,
      optimizerConfig({ kind: 'momentum', learningRate: 0.05 }),
      3,
      { from: 0, to: 1 },
    );
    expect(maxParamDifference(readParams(setup.inner, setup.spec), trained)).toBe(0);
  });

  it('recomputes the step sheets of a values-mode model for the trained weights', () => {
    const spec = smallSpec();
    const setup = setUpTraining('small', spec.classes, 47, syntheticPictures(spec, 47, 5, 1), { mode: 'values' });
    const softmax = (): number[] => setup.inner.readValues(SOFTMAX_SHEET, columnRange(3)).map((r) => r[0] as number);
    const before = softmax();
    setup.api.trainBatch(request('adam', 0.05, 3, 2, 60_000));
    const expected = forward(setup.spec, readParams(setup.inner, setup.spec), readInputImage(setup.inner, setup.spec))
      .probabilities.data;
    expect(softmax()).toEqual(Array.from(expected));
    expect(softmax()).not.toEqual(before);
  });

  it('answers "done" without training once the requested epochs are reached', () => {
    const setup = smallSetup(44);
    setup.api.trainBatch(request('sgd', 0.05, 3, 1, 60_000));
    setup.counting.reset();
    const again = setup.api.trainBatch(request('sgd', 0.05, 3, 1, 60_000));
    expect(again.status).toBe('done');
    expect(again.message).toMatch(
      /^Trained 1 epoch; test accuracy \d+\.\d%\. Raise Epochs to train further, or Reset weights to start over\.$/,
    );
    expect(setup.counting.counts().writeCells).toBe(2); // only the holder row: started, finished
  });

  it('Train, Step once, Evaluate and Reset without a model say to build one, and create no sheet', () => {
    const empty = newServer();
    const toTrain =
      'There is no model to train yet: build the model or import a picture first, then add labelled pictures and train.';
    expect(() => empty.api.trainBatch(request('sgd', 0.05, 3, 1))).toThrow(toTrain);
    expect(() => empty.api.stepOnce(request('sgd', 0.05, 3, 1))).toThrow(toTrain);
    expect(() => empty.api.evaluate()).toThrow(
      'There is no model to evaluate yet: build the model or import a picture first, then add labelled pictures.',
    );
    expect(() => empty.api.resetWeights(1)).toThrow(
      'There is no model yet, so there are no weights to reset: build the model first.',
    );
    expect(empty.inner.sheetNames()).toEqual([]);
    expect(empty.counting.counts().writeCells ?? 0).toBe(0);
    expect(empty.host.lock.isHeld()).toBe(false);
  });

  it('Reset weights needs a model, and replaces weights even when a cell holds text', () => {
    const empty = newServer();
    expect(() => empty.api.resetWeights(1)).toThrow(
      'There is no model yet, so there are no weights to reset: build the model first.',
    );
    const setup = smallSetup(48);
    const cell = filterCell(3, 0, 1, 2, 2);
    setup.inner.writeCells(filtersSheet(0), cell.row, cell.col, [['0,5']]);
    expect(() => setup.api.trainBatch(request('sgd', 0.05, 3, 1))).toThrow(/holds (the )?text "0,5"/);
    setup.api.resetWeights(5);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), initParams(setup.spec, 5))).toBe(0);
  });

  it('refuses requests that cannot work, saying what to fix', () => {
    const setup = smallSetup(45, 2, 1);
    expect(() => setup.api.trainBatch(request('sgd', 0.05, 0, 1))).toThrow(
      'Batch size is 0; expected a whole number from 1 to 1024',
    );
    expect(() => setup.api.trainBatch(request('sgd', -1, 2, 1))).toThrow(
      /^Learning rate is -1; expected a number above 0 and at most 10$/,
    );
    expect(() => setup.api.trainBatch(request('sgd', 0, 2, 1))).toThrow(
      /^Learning rate is 0; expected a number above 0 and at most 10$/,
    );
    expect(() => setup.api.trainBatch({ ...request('sgd', 0.1, 2, 1), optimizer: 'rmsprop' as never })).toThrow(
      'Optimizer is the text "rmsprop"; expected one of "sgd", "momentum", "adam"',
    );
    expect(() => setup.api.trainBatch(request('sgd', 0.1, 2, 1, 300_000))).toThrow(
      /^Time per call in milliseconds \(budgetMs, at most 280 seconds\) is 300000; expected a number from 1 to 280000$/,
    );
    expect(() => setup.api.resetWeights(1.5)).toThrow('Seed is 1.5; expected a whole number from 0 to 2147483647');
    writeDatasetColumn(setup.inner, readDataset(setup.inner), 'split', () => 'test');
    expect(() => setup.api.trainBatch(request('sgd', 0.1, 2, 1))).toThrow(
      'There are no training pictures yet: add labelled pictures in the Dataset panel (with some in the train split), then train.',
    );
    expect(setup.host.lock.isHeld()).toBe(false);
  });
});
