import { splitsForNewPictures, stratifiedFolds, stratifiedSplit, testCount } from '../../src/server/dataset-split';
import type { Split } from '../../src/sheet/dataset-sheet';

function labelsOf(counts: Record<string, number>): string[] {
  return Object.entries(counts).flatMap(([label, n]) => new Array<string>(n).fill(label));
}

function testsPerLabel(labels: readonly string[], splits: readonly Split[]): Record<string, number> {
  const tests: Record<string, number> = {};
  labels.forEach((label, i) => {
    tests[label] = (tests[label] ?? 0) + (splits[i] === 'test' ? 1 : 0);
  });
  return tests;
}

describe('testCount', () => {
  it.each([
    [10, 0.2, 2],
    [7, 0.2, 1],
    [3, 0.2, 1],
    [2, 0.2, 0],
    [1, 0.5, 0],
    [2, 0.9, 1],
    [10, 0, 0],
    [10, 0.9, 9],
    [0, 0.2, 0],
  ])('%i pictures at %f → %i in test (at least one left to train on)', (n, fraction, expected) => {
    expect(testCount(n, fraction)).toBe(expected);
  });
});

describe('stratifiedSplit', () => {
  const labels = labelsOf({ cat: 10, dog: 7, owl: 3, bee: 1 });

  it('puts round(f·n) of every class in test', () => {
    const splits = stratifiedSplit(labels, { testFraction: 0.2, seed: 5 });
    expect(testsPerLabel(labels, splits)).toEqual({ cat: 2, dog: 1, owl: 1, bee: 0 });
  });

  it('gives the same split for the same seed and a different one for another seed', () => {
    const many = labelsOf({ cat: 40, dog: 40 });
    const a = stratifiedSplit(many, { testFraction: 0.25, seed: 9 });
    expect(stratifiedSplit(many, { testFraction: 0.25, seed: 9 })).toEqual(a);
    expect(stratifiedSplit(many, { testFraction: 0.25, seed: 10 })).not.toEqual(a);
  });

  it('splits a class the same way whatever the other classes are and wherever its rows sit', () => {
    const alone = stratifiedSplit(labelsOf({ cat: 12 }), { testFraction: 0.3, seed: 3 });
    const mixed = ['dog', 'cat', 'dog', ...labelsOf({ cat: 11 }), 'owl'];
    const mixedSplits = stratifiedSplit(mixed, { testFraction: 0.3, seed: 3 });
    expect(mixedSplits.filter((_, i) => mixed[i] === 'cat')).toEqual(alone);
  });

  it('lets every picture land in test for some seed: the shuffle favours no row', () => {
    const labels5 = labelsOf({ cat: 5 });
    const timesInTest = [0, 0, 0, 0, 0];
    for (let seed = 0; seed < 200; seed++) {
      stratifiedSplit(labels5, { testFraction: 0.2, seed }).forEach((s, i) => {
        if (s === 'test') timesInTest[i]++;
      });
    }
    expect(timesInTest.reduce((a, b) => a + b, 0)).toBe(200);
    for (const n of timesInTest) expect(n).toBeGreaterThan(20);
  });
});

describe('splitsForNewPictures', () => {
  it('tops each class up to its test share without touching the pictures already there', () => {
    const existing = [
      ...new Array(8).fill({ label: 'cat', split: 'train' }),
      { label: 'cat', split: 'test' },
      ...new Array(4).fill({ label: 'dog', split: 'train' }),
    ] as { label: string; split: Split }[];
    const incoming = labelsOf({ cat: 6, dog: 1, owl: 5 });
    const splits = splitsForNewPictures(existing, incoming, { testFraction: 0.2, seed: 1 });
    // cat: 15 in all → 3 in test, 1 already; dog: 5 → 1; owl: 5 → 1.
    expect(testsPerLabel(incoming, splits)).toEqual({ cat: 2, dog: 1, owl: 1 });
    expect(splitsForNewPictures(existing, incoming, { testFraction: 0.2, seed: 1 })).toEqual(splits);
  });

  it('adds no test pictures to a class that already has more than its share', () => {
    const existing = new Array(3).fill({ label: 'cat', split: 'test' }) as { label: string; split: Split }[];
    expect(splitsForNewPictures(existing, labelsOf({ cat: 4 }), { testFraction: 0.2, seed: 1 })).toEqual([
      'train',
      'train',
      'train',
      'train',
    ]);
  });
});

describe('stratifiedFolds', () => {
  const labels = [...Array(14).fill('ben'), ...Array(22).fill('elton'), ...Array(5).fill('mindy')];

  it('puts every picture in one fold, each class spread over the folds to within one picture', () => {
    const folds = stratifiedFolds(labels, 5, 1);
    expect(folds).toHaveLength(labels.length);
    for (const label of ['ben', 'elton', 'mindy']) {
      const counts = [0, 1, 2, 3, 4].map((f) => folds.filter((x, i) => x === f && labels[i] === label).length);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(labels.filter((l) => l === label).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('is the same for the same seed, different for another, and refuses fewer than 2 folds', () => {
    expect(stratifiedFolds(labels, 5, 1)).toEqual(stratifiedFolds(labels, 5, 1));
    expect(stratifiedFolds(labels, 5, 2)).not.toEqual(stratifiedFolds(labels, 5, 1));
    expect(() => stratifiedFolds(labels, 1, 1)).toThrow('Cross-validation needs 2 or more folds; got 1.');
  });
});
