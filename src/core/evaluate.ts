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

/** Pictures per forward pass: enough to batch the convolutions, few enough to keep their buffers small. */
const EVALUATION_BATCH = 16;

/** Accuracy, mean cross-entropy and confusion matrix (rows = actual class, columns = predicted class). */
export function evaluate(spec: ModelSpec, params: ModelParams, examples: readonly Example[]): Evaluation {
  if (examples.length === 0)
    throw new Error('evaluate: no examples given; evaluation needs at least one labelled image');
  const classes = spec.classes.length;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let lossSum = 0;
  let correct = 0;
  for (const example of examples) assertLabel('evaluate', example.label, classes);
  for (let start = 0; start < examples.length; start += EVALUATION_BATCH) {
    const chunk = examples.slice(start, start + EVALUATION_BATCH);
    const scores = classifyBatch(
      spec,
      params,
      chunk.map((e) => e.image),
    );
    chunk.forEach((example, n) => {
      const { logits, probabilities } = scores[n];
      const predicted = argMax(probabilities.data);
      confusion[example.label][predicted]++;
      if (predicted === example.label) correct++;
      lossSum += crossEntropyFromLogits(logits, example.label);
    });
  }
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
