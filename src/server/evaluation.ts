/**
 * Evaluate: the model as the sheets hold it, scored on the test pictures (all pictures when there is no
 * test split), with per-class accuracy and a confusion matrix written to the Evaluation sheet.
 */
import { evaluate } from '../core';
import type { EvaluationResult } from '../shared/api';
import { readDataset } from '../sheet/dataset-sheet';
import { writeEvaluationSheet } from '../sheet/evaluation-sheet';
import type { Host } from './host';
import { openRun } from './training-commit';
import { trainingData } from './training-data';

/** Runs with the model held (it may finish a cut-off training commit first, which writes the weights). */
export function evaluateAndWriteSheet(host: Host): EvaluationResult {
  const workbook = host.workbook;
  const run = openRun(workbook);
  const data = trainingData(readDataset(workbook), run.spec);
  const split = data.test.length > 0 ? 'test' : 'all';
  const examples = split === 'test' ? data.test : data.train;
  if (examples.length === 0)
    throw new Error('There are no pictures to evaluate: add labelled pictures in the Dataset panel first.');
  const result = evaluate(run.spec, run.params, examples);
  writeEvaluationSheet(workbook, run.spec.classes, result, split);
  workbook.flush();
  return {
    classes: [...run.spec.classes],
    count: result.count,
    accuracy: result.accuracy,
    perClassAccuracy: result.perClassAccuracy,
    confusion: result.confusion,
  };
}
