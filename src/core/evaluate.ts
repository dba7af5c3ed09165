import type { Evaluation, Example, ModelParams, ModelSpec, Tensor } from './types';
import { argMax } from './tensor';
import { classifyBatch, forward } from './model';
import { assertLabel, crossEntropyFromLogits } from './loss';

export interface Prediction {
  readonly probabilities: number[];
  /** Index of the most probable class (the first one on ties). */
  readonly classIndex: number;
}

export function predict(spec: ModelSpec, params: ModelParams, image: Tensor): Prediction {
  const { probabilities } = forward(spec, params, image);
  return { probabilities: Array.from(probabilities.data), classIndex: argMax(probabilities.data) };
}

/** Accuracy, mean cross-entropy and confusion matrix (rows = actual class, columns = predicted class). */
export function evaluate(spec: ModelSpec, params: ModelParams, examples: readonly Example[]): Evaluation {
  if (examples.length === 0)
    throw new Error('evaluate: no examples given; evaluation needs at least one labelled image');
  const classes = spec.classes.length;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let lossSum = 0;
  let correct = 0;
  for (const example of examples) assertLabel('evaluate', example.label, classes);
  // classifyBatch runs the pictures in passes of its own and keeps only their scores, so all go in one call.
  const scores = classifyBatch(
    spec,
    params,
    examples.map((e) => e.image),
  );
  examples.forEach((example, n) => {
    const { logits, probabilities } = scores[n];
    const predicted = argMax(probabilities.data);
    confusion[example.label][predicted]++;
    if (predicted === example.label) correct++;
    lossSum += crossEntropyFromLogits(logits, example.label);
  });
  const perClassAccuracy = confusion.map((row, actual) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? NaN : row[actual] / total;
  });
  return {
    count: examples.length,
    meanLoss: lossSum / examples.length,
    accuracy: correct / examples.length,
    confusion,
    perClassAccuracy,
  };
}
