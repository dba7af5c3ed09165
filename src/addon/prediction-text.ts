import type { Prediction } from '../shared/api';

/** "Jon Snow 87.3% · Elon Musk 10.1% · Jeff Bezos 2.6%", most likely first, plus the loss when a label is chosen. */
export function predictionText(prediction: Prediction): string {
  const ranked = prediction.classes
    .map((name, k) => ({ name, p: prediction.probabilities[k] }))
    .sort((a, b) => b.p - a.p)
    .map(({ name, p }) => `${name} ${(100 * p).toFixed(1)}%`)
    .join(' · ');
  const loss = prediction.loss
    ? ` — label ${prediction.classes[prediction.label]}, cross-entropy loss ${prediction.loss.crossEntropy.toFixed(3)}`
    : '';
  return ranked + loss;
}
