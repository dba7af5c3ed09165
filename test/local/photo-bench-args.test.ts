/**
 * The photo benchmark's options (npm run bench -- --photos DIR …): defaults, cross-validation folds, the
 * training settings, and a message for a value it cannot use.
 */
import * as path from 'path';
import { parsePhotoBenchArgs, pickPerClass } from '../../scripts/photo-bench';

test("defaults: the Train panel's settings on the held-out photos, no folds", () => {
  expect(parsePhotoBenchArgs(['--photos', 'faces'])).toEqual({
    photos: path.resolve('faces'),
    seeds: [1, 2, 3],
    epochs: 120,
    optimizer: { kind: 'adam', learningRate: 0.001 },
    batchSize: 8,
    sizes: [28, 48],
    crops: ['centre', 'face'],
    augment: ['off', 'medium'],
    folds: 0,
    perClass: [null],
  });
});

test('--per-class N,… trains on at most N photos of each class, "all" on every one', () => {
  expect(parsePhotoBenchArgs(['--photos', 'faces', '--per-class', '4,8,all']).perClass).toEqual([4, 8, null]);
  expect(() => parsePhotoBenchArgs(['--photos', 'faces', '--per-class', '0'])).toThrow(
    '--per-class: "0" is not a number of photos (1 or more) or "all".',
  );
});

test('the per-class pick: at most N of each class, seeded, and each smaller pick inside the larger ones', () => {
  // Class 0 has photos 0–5, class 1 photos 6–8; photo 9 (class 0) is a test photo, left out of the training list.
  const photos = [0, 0, 0, 0, 0, 0, 1, 1, 1, 0].map((label, i) => ({ file: `${i}.jpg`, label, test: i === 9 }));
  const train = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const classOf = (picked: number[]): number[] => picked.map((i) => photos[i].label).sort();
  expect(classOf(pickPerClass(train, photos, 2, 1))).toEqual([0, 0, 1, 1]);
  expect(classOf(pickPerClass(train, photos, 4, 1))).toEqual([0, 0, 0, 0, 1, 1, 1]);
  expect(pickPerClass(train, photos, null, 1)).toEqual(train);
  for (const seed of [1, 2, 3]) {
    const two = pickPerClass(train, photos, 2, seed);
    const four = pickPerClass(train, photos, 4, seed);
    expect(two.every((i) => four.includes(i) && train.includes(i))).toBe(true);
  }
  const picks = [1, 2, 3, 4, 5].map((seed) => pickPerClass(train, photos, 2, seed).join());
  expect(new Set(picks).size).toBeGreaterThan(1);
});

test('--folds K asks for K-fold cross-validation, and needs at least 2 folds', () => {
  expect(parsePhotoBenchArgs(['--photos', 'faces', '--folds', '5']).folds).toBe(5);
  expect(parsePhotoBenchArgs(['--photos=faces', '--folds=10']).folds).toBe(10);
  expect(() => parsePhotoBenchArgs(['--photos', 'faces', '--folds', '1'])).toThrow(
    '--folds 1: cross-validation needs 2 or more folds (5 is usual).',
  );
  expect(() => parsePhotoBenchArgs(['--photos', 'faces', '--folds', 'five'])).toThrow(
    '--folds: "five" is not a whole number.',
  );
});

test('--optimizer, --rate and --batch change the training; an optimizer named alone trains at its usual rate', () => {
  const parse = (...flags: string[]) => parsePhotoBenchArgs(['--photos', 'faces', ...flags]);
  expect(parse('--optimizer', 'momentum').optimizer).toEqual({ kind: 'momentum', learningRate: 0.01 });
  expect(parse('--optimizer=sgd', '--rate=0.05').optimizer).toEqual({ kind: 'sgd', learningRate: 0.05 });
  expect(parse('--rate', '0.0003').optimizer).toEqual({ kind: 'adam', learningRate: 0.0003 });
  expect(parse('--batch', '16').batchSize).toBe(16);
  // The command line's own checks (src/local/cli/training-flags.ts), so both refuse the same values alike.
  expect(() => parse('--optimizer', 'rmsprop')).toThrow(
    '--optimizer must be one of sgd, momentum, adam; got "rmsprop".',
  );
  expect(() => parse('--rate', 'fast')).toThrow('--rate must be a number above 0, at most 10, e.g. 0.001; got "fast".');
  expect(() => parse('--batch', '0')).toThrow('--batch must be a whole number from 1 to 1024; got "0".');
  expect(() => parse('--rate', '0')).toThrow('--rate must be a number above 0, at most 10, e.g. 0.001; got "0".');
});
