/**
 * Evaluate: the confusion matrix and per-class accuracy of the test split (all pictures without one),
 * equal to the engine's evaluation of the weights in the sheets, returned and written to the Evaluation sheet.
 */
import { PROBABILITY_COLOR } from '../../src/sheet/colors';
import { evaluate } from '../../src/core';
import { readDataset, writeDatasetColumn } from '../../src/sheet/dataset-sheet';
import { EVALUATION_SHEET } from '../../src/sheet/evaluation-sheet';
import { readParams } from '../../src/sheet/weight-sheets';
import { request, smallSetup } from './training-fixture';

describe('evaluate', () => {
  it("returns and writes the engine's confusion matrix of the test pictures, class names on both axes", () => {
    const setup = smallSetup(31, 8, 3);
    setup.api.trainBatch(request('adam', 0.02, 3, 3, 60_000));
    const result = setup.api.evaluate();
    const expected = evaluate(setup.spec, readParams(setup.inner, setup.spec), setup.test);
    expect(result).toEqual({
      classes: [...setup.spec.classes],
      count: 9,
      accuracy: expected.accuracy,
      perClassAccuracy: expected.perClassAccuracy,
      confusion: expected.confusion,
    });

    const k = setup.spec.classes.length;
    const cells = setup.inner.readValues(EVALUATION_SHEET, { row: 2, col: 1, rows: k + 4, cols: k + 4 });
    expect(cells[0][0]).toMatch(/^Confusion matrix of 9 test pictures: each row is the actual class/);
    expect(cells[1]).toEqual(['Actual ↓ / predicted →', ...setup.spec.classes, '', 'Pictures', 'Accuracy']);
    setup.spec.classes.forEach((name, actual) => {
      const row = cells[2 + actual];
      expect(row[0]).toBe(name);
      expect(row.slice(1, 1 + k)).toEqual(expected.confusion[actual]);
      expect(row[k + 2]).toBe(3);
      expect(row[k + 3]).toBe(expected.perClassAccuracy[actual]);
    });
    expect(cells[k + 3].slice(0, 1)).toEqual(['All']);
    expect(cells[k + 3].slice(k + 2)).toEqual([9, expected.accuracy]);
    const rules = setup.inner.snapshot(EVALUATION_SHEET).colorRules;
    expect(rules[0]).toEqual({
      ranges: [{ row: 4, col: 2, rows: k, cols: k }],
      min: { color: '#ffffff', value: 0 },
      max: { color: PROBABILITY_COLOR },
    });
  });

  it('scores every picture when there is no test split, and says so', () => {
    const setup = smallSetup(32, 4, 1);
    writeDatasetColumn(setup.inner, readDataset(setup.inner), 'split', () => 'train');
    const result = setup.api.evaluate();
    const all = [...setup.train, ...setup.test];
    expect(result.count).toBe(all.length);
    expect(result.confusion).toEqual(evaluate(setup.spec, readParams(setup.inner, setup.spec), all).confusion);
    expect(setup.inner.readValues(EVALUATION_SHEET, { row: 2, col: 1, rows: 1, cols: 1 })[0][0]).toMatch(
      /there is no test split, so all of them/,
    );
  });
});
