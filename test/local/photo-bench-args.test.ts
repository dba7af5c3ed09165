/**
 * The photo benchmark's options (npm run bench -- --photos DIR …): defaults, cross-validation folds, and a
 * message for a value it cannot use.
 */
import * as path from 'path';
import { parsePhotoBenchArgs } from '../../scripts/photo-bench';

test('defaults: the fixed protocol on the held-out photos, no folds', () => {
  expect(parsePhotoBenchArgs(['--photos', 'faces'])).toEqual({
    photos: path.resolve('faces'),
    seeds: [1, 2, 3],
    epochs: 60,
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
