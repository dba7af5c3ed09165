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
  expect(() => parse('--optimizer', 'rmsprop')).toThrow('--optimizer: "rmsprop" is not one of sgd, momentum, adam');
  expect(() => parse('--rate', 'fast')).toThrow('--rate fast: a learning rate is a number above 0, at most 10.');
  expect(() => parse('--batch', '0')).toThrow('--batch 0: a batch holds at least 1 picture.');
  expect(() => parse('--rate', '0')).toThrow('--rate 0: a learning rate is a number above 0, at most 10.');
});
