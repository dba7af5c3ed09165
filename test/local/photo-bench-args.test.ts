/**
 * The photo benchmark's options (npm run bench -- --photos DIR …): defaults, cross-validation folds, the
 * training settings, and a message for a value it cannot use.
 */
import * as path from 'path';
import { parsePhotoBenchArgs } from '../../scripts/photo-bench';

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
  });
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
