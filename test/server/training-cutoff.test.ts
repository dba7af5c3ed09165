/**
 * Training calls cut off at random points. Apps Script's time limit stops a script between any two
 * statements; here a workbook that fails from its N-th call on stands for that (nothing after the cut
 * reaches the sheet), a clock that jumps ends calls after a random number of batches, and the engine
 * throwing in the middle of a batch stands for an error. After every cut the saved weights and the model
 * sheets must be the engine's weights after a whole number of batches, and resuming must end exactly where
 * an uninterrupted run ends.
 */
import { createRng, forward } from '../../src/core';
import * as engineTraining from '../../src/core/train';
import type { Rng } from '../../src/core';
import type { ModelParams } from '../../src/core/types';
import { paramList } from '../../src/core/model';
import type { OptimizerKind, TrainRequest } from '../../src/shared/api';
import { readInputImage } from '../../src/sheet/input-picture-sheets';
import { readParams } from '../../src/sheet/weight-sheets';
import { TRAIN_STATE_SHEET, readCommitRecord, writeCommitRecord } from '../../src/sheet/train-state-sheet';
import type { CommitRecord } from '../../src/sheet/commit-record';
import { readLogEntries } from '../../src/sheet/training-log-sheet';
import type { Workbook } from '../../src/sheet/workbook';
import { loggedCount } from '../../src/server/training-commit';
import ExcelJS from 'exceljs';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { toExcelWorkbook, xlsxBytesOfModel } from '../../src/local/engine/xlsx-export';
import { XlsxExportError } from '../../src/local/engine/xlsx-formula';
import { maxParamDifference, referenceRun, request, smallSetup } from './training-fixture';
import { recordMeasurement } from '../helpers/measurements';

class Killed extends Error {}

/** A workbook that works until `killAt` calls have been made, then fails every call (the script has stopped). */
class KillableWorkbook {
  calls = 0;
  killAt = Infinity;

  wrap(inner: Workbook): Workbook {
    return new Proxy(inner, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          this.calls++;
          if (this.calls >= this.killAt) throw new Killed(`stopped at workbook call ${this.calls}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
}

/** Does every tensor of `sheet` equal the same tensor of some whole-batch state? Returns the matching steps per tensor. */
function matchingSteps(sheet: ModelParams, states: readonly ModelParams[]): number[][] {
  return paramList(sheet).map((t, i) =>
    states.flatMap((state, step) => {
      const ref = paramList(state)[i].data;
      return t.data.every((v, j) => v === ref[j]) ? [step] : [];
    }),
  );
}

type Cut = 'kill' | 'kill-step' | 'error-before-update' | 'error-after-update' | 'clock-jump' | 'none';
const CUTS: Cut[] = ['kill', 'kill', 'kill-step', 'error-before-update', 'error-after-update', 'clock-jump', 'none'];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)];
}

describe('a training call cut off at any point', () => {
  const SEEDS = Array.from({ length: 20 }, (_, i) => 101 + i);
  let totalCuts = 0;
  /** Cuts that left the model sheets mid-way through a commit (some blocks new, some old, or not yet marked). */
  let pendingCuts = 0;

  afterAll(() => {
    recordMeasurement(
      `cut-off runs: ${SEEDS.length} seeds, ${totalCuts} cuts (${pendingCuts} inside a commit), every one recovered to a whole batch`,
    );
    expect(pendingCuts).toBeGreaterThan(0);
  });

  it.each(SEEDS)(
    'seed %i: weights stay those of a whole batch and resuming ends where an uninterrupted run ends',
    (seed) => {
      const rng = createRng(seed);
      const killable = new KillableWorkbook();
      const setup = smallSetup(seed, 5, 1, { wrap: (w) => killable.wrap(w) });
      const optimizer: OptimizerKind = pick(rng, ['sgd', 'momentum', 'adam'] as const);
      const req: TrainRequest = request(
        optimizer,
        optimizer === 'adam' ? 0.01 : 0.05,
        2 + Math.floor(rng.next() * 3),
        4,
        8,
      );
      const reference = referenceRun(
        setup.spec,
        seed,
        setup.train,
        optimizer,
        req.learningRate,
        req.batchSize,
        req.epochs,
      );
      const lastStep = reference.params.length - 1;

      // A fake clock: 1 ms per reading, with a jump past any budget when armed.
      let time = 1_000_000;
      let jumpAt = Infinity;
      let readings = 0;
      setup.host.setClock(() => {
        readings++;
        if (readings === jumpAt) time += 10_000_000;
        return ++time;
      });
      const originalTrainBatch = engineTraining.trainBatch;

      // Workbook calls of the longest whole call so far: kills land anywhere inside a call.
      let callLength = 40;
      let done = false;
      for (let call = 0; call < 200 && !done; call++) {
        const before = setup.inner.sheetNames().includes(TRAIN_STATE_SHEET)
          ? readCommitRecord(setup.inner).record
          : null;
        // A single step past the last epoch would leave the reference run behind.
        const drawn = pick(rng, CUTS);
        const cut = drawn === 'kill-step' && (before?.step ?? 0) >= lastStep - 1 ? 'kill' : drawn;
        killable.calls = 0;
        killable.killAt = cut === 'kill' || cut === 'kill-step' ? 1 + Math.floor(rng.next() * callLength) : Infinity;
        readings = 0;
        jumpAt = cut === 'clock-jump' ? 1 + Math.floor(rng.next() * 6) : Infinity;
        const failAt = 1 + Math.floor(rng.next() * 4);
        let batchCalls = 0;
        const spy =
          cut === 'error-before-update' || cut === 'error-after-update'
            ? jest.spyOn(engineTraining, 'trainBatch').mockImplementation((...args) => {
                batchCalls++;
                if (batchCalls !== failAt) return originalTrainBatch(...args);
                if (cut === 'error-after-update') originalTrainBatch(...args);
                throw new Error('failure in the middle of a batch');
              })
            : null;
        let failed = false;
        try {
          const progress = cut === 'kill-step' ? setup.api.stepOnce(req) : setup.api.trainBatch(req);
          done = progress.status === 'done' && cut !== 'kill-step';
        } catch (error) {
          failed = true;
          expect(String(error)).toMatch(/stopped at workbook call|failure in the middle of a batch/);
        } finally {
          spy?.mockRestore();
          killable.killAt = Infinity;
        }
        expect(setup.host.lock.isHeld()).toBe(false);
        if (!failed) {
          callLength = Math.max(callLength, killable.calls);
          continue;
        }
        totalCuts++;

        // What the sheets hold right after the cut, before anything repairs it.
        const hasState = setup.inner.sheetNames().includes(TRAIN_STATE_SHEET);
        const { record } = hasState ? readCommitRecord(setup.inner) : { record: null };
        const committedStep = record?.step ?? 0;
        if (record) {
          expect(maxParamDifference(record.params, reference.params[record.step])).toBe(0);
          expect(record.epoch * Math.ceil(setup.train.length / req.batchSize) + record.epochStep).toBe(record.step);
        }
        const sheetNow = readParams(setup.inner, setup.spec);
        const matches = matchingSteps(sheetNow, reference.params);
        matches.forEach((steps) => expect(steps.length).toBeGreaterThan(0));
        if (record?.phase === 'pending') pendingCuts++;
        if (!record || record.phase === 'applied')
          expect(maxParamDifference(sheetNow, reference.params[committedStep])).toBe(0);

        // Any call that reads the weights first finishes the commit: then the sheets are that whole batch.
        setup.api.evaluate();
        expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[committedStep])).toBe(0);
        if (record) {
          const log = readLogEntries(setup.inner, loggedCount(record));
          expect(log.length).toBe(loggedCount(record));
          const last = log[log.length - 1];
          expect(last.epoch * Math.ceil(setup.train.length / req.batchSize) + last.step).toBe(record.step);
        }
      }
      expect(done).toBe(true);
      expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[lastStep])).toBeLessThanOrEqual(
        1e-12,
      );
    },
  );
});

describe('a change made right after a call was cut off inside its commit', () => {
  /**
   * Trains one epoch, then leaves the state a call cut off between its commit and its first weight write
   * leaves: a pending record of the weights after the second epoch, the model sheets still after the first.
   */
  function cutInsideCommit(seed: number): { setup: ReturnType<typeof smallSetup>; committed: ModelParams } {
    const setup = smallSetup(seed);
    setup.api.trainBatch(request('sgd', 0.05, 3, 1, 60_000));
    const reference = referenceRun(setup.spec, setup.seed, setup.train, 'sgd', 0.05, 3, 2);
    const stored = readCommitRecord(setup.inner);
    const applied = stored.record as CommitRecord;
    const last = reference.params.length - 1;
    writeCommitRecord(
      setup.inner,
      { ...applied, step: last, epoch: 2, phase: 'pending', params: reference.params[last] },
      stored.width,
    );
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[applied.step])).toBe(0);
    return { setup, committed: reference.params[last] };
  }

  it('Run forward pass finishes the commit first, so it predicts with whole-batch weights', () => {
    const { setup, committed } = cutInsideCommit(131);
    const prediction = setup.api.runForwardPass();
    const expected = forward(setup.spec, committed, readInputImage(setup.inner, setup.spec)).probabilities.data;
    prediction.probabilities.forEach((p, k) => expect(Math.abs(p - expected[k])).toBeLessThanOrEqual(1e-12));
    expect(maxParamDifference(readParams(setup.inner, setup.spec), committed)).toBe(0);
    expect(readCommitRecord(setup.inner).record?.phase).toBe('applied');
  });

  it('an .xlsx export finishes the commit first; the exporter alone refuses a pending record instead of dropping it', async () => {
    const setup = smallSetup(133, 5, 1, { mode: 'native' });
    setup.api.trainBatch(request('sgd', 0.05, 3, 1, 60_000));
    const reference = referenceRun(setup.spec, setup.seed, setup.train, 'sgd', 0.05, 3, 2);
    const stored = readCommitRecord(setup.inner);
    const last = reference.params.length - 1;
    writeCommitRecord(
      setup.inner,
      { ...(stored.record as CommitRecord), step: last, epoch: 2, phase: 'pending', params: reference.params[last] },
      stored.width,
    );

    expect(() => toExcelWorkbook(setup.inner)).toThrow(
      new XlsxExportError(
        'A training call was cut off while saving its weights, so the model sheets hold weights of two different steps. Run the forward pass or train again (either finishes the saving), then export.',
      ),
    );
    const { bytes } = await xlsxBytesOfModel(setup.host, setup.inner);
    expect(readCommitRecord(setup.inner).record?.phase).toBe('applied');
    // The file's weight cells are the committed step's, every one of them.
    const excel = new ExcelJS.Workbook();
    await excel.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    const copy = new LocalWorkbook();
    for (const sheet of excel.worksheets) {
      copy.ensureSheet(sheet.name);
      sheet.eachRow((row, r) =>
        row.eachCell((cell, c) => {
          if (typeof cell.value === 'number' || typeof cell.value === 'string')
            copy.writeCells(sheet.name, r, c, [[cell.value]]);
        }),
      );
    }
    expect(maxParamDifference(readParams(copy, setup.spec), reference.params[last])).toBe(0);
  });

  it('Build model (another mode, same weights) keeps the committed weights, not a mix', () => {
    const { setup, committed } = cutInsideCommit(132);
    setup.api.buildModel({ specName: 'small', mode: 'native', seed: setup.seed });
    expect(maxParamDifference(readParams(setup.inner, setup.spec), committed)).toBe(0);
  });
});
