/**
 * A Dataset sheet edited by hand, as people do: a pixel cell typed over, a label that is no class, a blank
 * row left in the middle. Training and evaluation either name the row and say how to fix it, changing
 * nothing, or (for the blank row) train on exactly the pictures that are there.
 */
import { cloneParams } from '../../src/core';
import type { CellValue } from '../../src/sheet/workbook';
import { DATASET_SHEET } from '../../src/sheet/dataset-sheet';
import { readParams } from '../../src/sheet/weight-sheets';
import { TRAINING_LOG_SHEET } from '../../src/sheet/training-log-sheet';
import { maxParamDifference, referenceRun, request, smallSetup } from './training-fixture';
import type { TrainingSetup } from './training-fixture';

/** Dataset row 6 holds the third picture of the first class. */
const ROW = 6;
const LABEL_COL = 1;
const PIXELS_COL = 7;

function cellOf(setup: TrainingSetup, row: number, col: number): CellValue {
  return setup.inner.readValues(DATASET_SHEET, { row, col, rows: 1, cols: 1 })[0][0];
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to be refused');
}

describe('training on a Dataset sheet edited by hand', () => {
  it.each<[string, number, (cell: string) => string, string]>([
    [
      'pixel text cut short',
      PIXELS_COL,
      (pixels) => pixels.slice(0, 60),
      'Dataset row 6: the pixels of picture "c0-2.png" cannot be read: Pixel text holds 45 bytes, but a 5×5 RGB picture needs 75. ' +
        'The cell was edited or cut short; delete the row and add the picture again, then try again.',
    ],
    [
      'a character that is not base64',
      PIXELS_COL,
      (pixels) => `${pixels.slice(0, 10)}#${pixels.slice(11)}`,
      'Dataset row 6: the pixels of picture "c0-2.png" cannot be read: Pixel text has "#" at character 11, which is not base64 ' +
        '(A–Z, a–z, 0–9, +, /, = at the end). The cell was edited or cut short; delete the row and add the picture again, then try again.',
    ],
    [
      'a label that is no class',
      LABEL_COL,
      () => 'Elon Must',
      'Dataset row 6: picture "c0-2.png" is labelled "Elon Must", which is not one of the model\'s classes (Elon Musk, Jeff Bezos, Jon Snow); ' +
        'correct the label, add the class in the Dataset panel, or delete the row, then try again.',
    ],
  ])('%s: Train, Step once and Evaluate name the row and the fix, and change no weight', (_, col, edit, message) => {
    const setup = smallSetup(61);
    setup.api.trainBatch(request('sgd', 0.05, 3, 1, 60_000));
    const trained = cloneParams(readParams(setup.inner, setup.spec));
    const logRows = setup.inner.usedSize(TRAINING_LOG_SHEET).rows;
    setup.inner.writeCells(DATASET_SHEET, ROW, col, [[edit(String(cellOf(setup, ROW, col)))]]);

    expect(messageOf(() => setup.api.trainBatch(request('sgd', 0.05, 3, 2, 60_000)))).toBe(message);
    expect(messageOf(() => setup.api.stepOnce(request('sgd', 0.05, 3, 2)))).toBe(message);
    expect(messageOf(() => setup.api.evaluate())).toBe(message);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), trained)).toBe(0);
    expect(setup.inner.usedSize(TRAINING_LOG_SHEET).rows).toBe(logRows);
    expect(setup.host.lock.isHeld()).toBe(false);
  });

  it('a label typed in another case counts as its class', () => {
    const setup = smallSetup(62);
    setup.inner.writeCells(DATASET_SHEET, ROW, LABEL_COL, [['ELON MUSK']]);
    setup.api.trainBatch(request('sgd', 0.05, 3, 1, 60_000));
    const reference = referenceRun(setup.spec, setup.seed, setup.train, 'sgd', 0.05, 3, 1);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[reference.params.length - 1])).toBe(
      0,
    );
  });

  it('a blank row in the middle is skipped: training sees the same pictures in the same order', () => {
    const setup = smallSetup(63);
    const { rows } = setup.inner.usedSize(DATASET_SHEET);
    // Move rows 6… one down, leaving row 6 blank, as deleting a row's contents (not the row) does.
    const below = setup.inner.readValues(DATASET_SHEET, { row: ROW, col: 1, rows: rows - ROW + 1, cols: PIXELS_COL });
    setup.inner.writeCells(DATASET_SHEET, ROW + 1, 1, below);
    setup.inner.writeCells(DATASET_SHEET, ROW, 1, [below[0].map(() => '')]);
    expect(setup.api.getDataset().total).toBe(setup.train.length + setup.test.length);

    setup.api.trainBatch(request('momentum', 0.05, 4, 2, 60_000));
    const reference = referenceRun(setup.spec, setup.seed, setup.train, 'momentum', 0.05, 4, 2);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[reference.params.length - 1])).toBe(
      0,
    );
  });
});
