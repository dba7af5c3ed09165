/**
 * Spreadsheet calls per training call must not grow with the number of batches or pictures: each parameter
 * block is read once and written once, the dataset is read once, the log is appended in one write.
 */
import type { WorkbookMethod } from '../../src/sheet/counting-workbook';
import { request, smallSetup } from './training-fixture';
import { recordMeasurement } from '../helpers/measurements';

type Counts = Partial<Record<WorkbookMethod, number>>;

interface Measured {
  readonly first: Counts;
  readonly steady: Counts;
  readonly step: Counts;
  readonly steadySteps: number;
  readonly pictures: number;
}

/** Counts one fresh call (one epoch), one call that continues for `epochs` in all, and one stepOnce. */
function measure(perClass: number, epochs: number): Measured {
  const setup = smallSetup(11, perClass, 1);
  const count = (
    run: () => { epoch: number; step: number; stepsPerEpoch: number },
  ): { counts: Counts; steps: number } => {
    setup.counting.reset();
    const progress = run();
    return { counts: setup.counting.counts(), steps: progress.epoch * progress.stepsPerEpoch + progress.step };
  };
  const first = count(() => setup.api.trainBatch(request('adam', 0.01, 2, 1, 60_000)));
  const steady = count(() => setup.api.trainBatch(request('adam', 0.01, 2, epochs, 60_000)));
  const step = count(() => setup.api.stepOnce(request('adam', 0.01, 2, epochs + 1)));
  return {
    first: first.counts,
    steady: steady.counts,
    step: step.counts,
    steadySteps: steady.steps - first.steps,
    pictures: setup.train.length,
  };
}

function total(counts: Counts): number {
  return Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
}

describe('workbook calls per training call', () => {
  it('are the same for 3 batches of 6 pictures and 75 batches of 30 pictures', () => {
    const few = measure(3, 2);
    const many = measure(11, 6);
    expect(few.steadySteps).toBe(3);
    expect(many.steadySteps).toBe(75);
    expect(many.pictures).toBe(5 * few.pictures);
    expect(many.first).toEqual(few.first);
    expect(many.steady).toEqual(few.steady);
    expect(many.step).toEqual(few.step);
    recordMeasurement(
      [
        `Workbook calls per call (small spec; ${few.pictures} vs ${many.pictures} training pictures, ${few.steadySteps} vs ${many.steadySteps} batches):`,
        `  first trainBatch (creates the state and log sheets): ${total(few.first)} ${JSON.stringify(few.first)}`,
        `  later trainBatch: ${total(few.steady)} ${JSON.stringify(few.steady)}`,
        `  stepOnce (writes the gradient sheets too): ${total(few.step)} ${JSON.stringify(few.step)}`,
      ].join('\n'),
    );
  });
});
