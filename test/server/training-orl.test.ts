/**
 * Training the default network on ORL faces through the server's training endpoints on the local engine:
 * files 1–7 of each person train, 8–10 test, pictures grey → R = G = B at 28×28.
 */
import { evaluate } from '../../src/core';
import type { OptimizerKind } from '../../src/shared/api';
import { readParams } from '../../src/sheet/weight-sheets';
import { readLogEntries, LOG_FIRST_ROW, TRAINING_LOG_SHEET } from '../../src/sheet/training-log-sheet';
import { loadOrl } from '../helpers/orl';
import {
  expectedSpanLosses,
  maxParamDifference,
  referenceRun,
  request,
  setUpTraining,
  trainUntilDone,
} from './training-fixture';
import type { LabelledPicture } from './training-fixture';
import { recordMeasurement } from '../helpers/measurements';

const TRAIN_FILES = [1, 2, 3, 4, 5, 6, 7];
const TEST_FILES = [8, 9, 10];

function orlPictures(subjects: number[]): LabelledPicture[] {
  const pictures: LabelledPicture[] = [];
  subjects.forEach((subject, s) => {
    const train = loadOrl([subject], TRAIN_FILES).map((e) => ({ ...e, label: s }));
    const test = loadOrl([subject], TEST_FILES).map((e) => ({ ...e, label: s }));
    train.forEach((example, i) =>
      pictures.push({ name: `s${subject}/${TRAIN_FILES[i]}.pgm`, example, split: 'train' }),
    );
    test.forEach((example, i) => pictures.push({ name: `s${subject}/${TEST_FILES[i]}.pgm`, example, split: 'test' }));
  });
  return pictures;
}

interface Case {
  readonly people: number;
  readonly optimizer: OptimizerKind;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly minTestAccuracy: number;
}

const CASES: Case[] = [
  { people: 3, optimizer: 'momentum', learningRate: 0.01, batchSize: 7, epochs: 8, minTestAccuracy: 0.95 },
  { people: 10, optimizer: 'adam', learningRate: 0.002, batchSize: 10, epochs: 8, minTestAccuracy: 0.9 },
];

describe.each(CASES)('ORL faces, $people people, $optimizer', (c) => {
  const SEED = 7;
  const subjects = Array.from({ length: c.people }, (_, i) => i + 1);

  it(`reaches ≥ ${c.minTestAccuracy * 100}% test accuracy with the engine's exact weights and a falling loss curve`, () => {
    const setup = setUpTraining(
      'default',
      subjects.map((s) => `Person ${s}`),
      SEED,
      orlPictures(subjects),
    );
    const spec = setup.spec;
    const req = request(c.optimizer, c.learningRate, c.batchSize, c.epochs, 4_000);
    const answers = trainUntilDone(setup.api, req);
    const last = answers[answers.length - 1];
    expect(last.status).toBe('done');
    expect(last.epoch).toBe(c.epochs);

    const reference = referenceRun(spec, SEED, setup.train, c.optimizer, c.learningRate, c.batchSize, c.epochs);
    const finalReference = reference.params[reference.params.length - 1];
    const sheetParams = readParams(setup.inner, spec);
    expect(maxParamDifference(sheetParams, finalReference)).toBeLessThanOrEqual(1e-12);

    // Test accuracy, scored independently of the server with the engine on the original pictures.
    const scored = evaluate(spec, finalReference, setup.test);
    expect(scored.accuracy).toBeGreaterThanOrEqual(c.minTestAccuracy);
    const served = setup.api.evaluate();
    expect(served.accuracy).toBe(scored.accuracy);
    expect(served.confusion).toEqual(scored.confusion);

    // The log sheet holds the curve: one row per epoch end and one per call that ended mid-epoch, each with
    // the engine's mean loss over the batches since the row before.
    const log = readLogEntries(setup.inner, setup.inner.usedSize(TRAINING_LOG_SHEET).rows - LOG_FIRST_ROW + 1);
    expect(log).toEqual(last.log.map((row) => expect.objectContaining(row)));
    const expected = expectedSpanLosses(reference, log, last.stepsPerEpoch);
    log.forEach((row, i) => expect(row.trainLoss).toBeCloseTo(expected[i], 12));
    const epochEnds = log.filter((row) => row.step === 0);
    expect(epochEnds.map((row) => row.epoch)).toEqual(Array.from({ length: c.epochs }, (_, i) => i + 1));
    expect(epochEnds[epochEnds.length - 1].trainLoss).toBeLessThan(epochEnds[0].trainLoss / 3);
    expect(epochEnds[epochEnds.length - 1].testAccuracy).toBe(scored.accuracy);
    recordMeasurement(
      `ORL ${c.people} people: ${answers.length} call(s), test accuracy ${(scored.accuracy * 100).toFixed(1)}%, ` +
        `train loss ${epochEnds.map((r) => r.trainLoss.toFixed(3)).join(' → ')}, ${last.imagesPerSecond.toFixed(1)} images/s`,
    );
  });
});
