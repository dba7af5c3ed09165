/**
 * The train/test split of the dataset: stratified (each class keeps the same share of test pictures) and
 * seeded (the same pictures, fraction and seed always give the same split).
 */
import { epochOrder } from '../core';
import type { Split, SplitSettings } from '../sheet/dataset-sheet';
import { fnv1a } from '../shared/fnv1a';

/**
 * Test pictures for a class of n: round(f·n), but always leaving at least one picture to train on.
 */
export function testCount(n: number, testFraction: number): number {
  return Math.max(0, Math.min(n - 1, Math.round(testFraction * n)));
}

/** Row indices of each label, in row order. */
function groupByLabel(labels: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const group = groups.get(label);
    if (group) group.push(i);
    else groups.set(label, [i]);
  });
  return groups;
}

/**
 * A fresh split of every picture: per class, a seeded shuffle of its pictures puts the first testCount of
 * them in test. Returns one split per entry of `labels`.
 */
export function stratifiedSplit(labels: readonly string[], settings: SplitSettings): Split[] {
  const splits: Split[] = labels.map(() => 'train');
  for (const [label, rows] of groupByLabel(labels)) {
    // Salted with the class name: each class gets its own shuffle, independent of the other classes.
    const order = epochOrder(settings.seed, fnv1a(label), rows.length);
    const tests = testCount(rows.length, settings.testFraction);
    for (let k = 0; k < tests; k++) splits[rows[order[k]]] = 'test';
  }
  return splits;
}

/**
 * Folds for k-fold cross-validation: per class, the same seeded shuffle as stratifiedSplit deals its pictures
 * round-robin into `folds` folds, so every fold holds each class's share to within one picture. Returns one
 * fold number (0 to folds − 1) per entry of `labels`.
 */
export function stratifiedFolds(labels: readonly string[], folds: number, seed: number): number[] {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`Cross-validation needs 2 or more folds; got ${folds}.`);
  const fold = labels.map(() => 0);
  for (const [label, rows] of groupByLabel(labels)) {
    const order = epochOrder(seed, fnv1a(label), rows.length);
    order.forEach((row, k) => (fold[rows[row]] = k % folds));
  }
  return fold;
}

export interface LabelledSplit {
  readonly label: string;
  readonly split: Split;
}

/**
 * Splits for pictures being added, leaving existing ones where they are (moving a picture the model has
 * trained on into test would flatter the test accuracy). Each class's test count is topped up towards
 * testCount(total); which new pictures go to test is a seeded shuffle of the new ones, salted with the class
 * size so that adding the same pictures to the same dataset always gives the same answer.
 */
export function splitsForNewPictures(
  existing: readonly LabelledSplit[],
  newLabels: readonly string[],
  settings: SplitSettings,
): Split[] {
  const splits: Split[] = newLabels.map(() => 'train');
  for (const [label, rows] of groupByLabel(newLabels)) {
    const before = existing.filter((p) => p.label === label);
    const testsBefore = before.filter((p) => p.split === 'test').length;
    const wanted = testCount(before.length + rows.length, settings.testFraction) - testsBefore;
    const tests = Math.max(0, Math.min(rows.length, wanted));
    const order = epochOrder(settings.seed, (fnv1a(label) + before.length) >>> 0, rows.length);
    for (let k = 0; k < tests; k++) splits[rows[order[k]]] = 'test';
  }
  return splits;
}
