import type { LossReadings, Tensor } from './types';
import { assertRank, assertShape, tensor } from './tensor';
import { logSumExp, softmax } from './softmax';

/** Checks a class index against the number of classes. */
export function assertLabel(op: string, label: number, classes: number): void {
  if (!Number.isInteger(label) || label < 0 || label >= classes) {
    throw new Error(`${op}: label ${label} is not a class index; expected a whole number from 0 to ${classes - 1}`);
  }
}

function assertProbabilities(op: string, argName: string, probs: Tensor): void {
  assertRank(op, argName, probs, 1, '[classes]');
  for (let k = 0; k < probs.data.length; k++) {
    const p = probs.data[k];
    if (!(p >= 0 && p <= 1)) {
      throw new Error(`${op}: ${argName}[${k}] is ${p}; probabilities must lie between 0 and 1 (apply softmax first)`);
    }
  }
}

/** −ln p[label]: the loss the network is trained on. Infinity when the true class has probability 0. */
export function crossEntropy(probs: Tensor, label: number): number {
  assertProbabilities('crossEntropy', 'probs', probs);
  assertLabel('crossEntropy', label, probs.data.length);
  return -Math.log(probs.data[label]);
}

/** Euclidean distance between the one-hot target and the probabilities (the article's "how far off" reading). */
export function distanceLoss(probs: Tensor, label: number): number {
  assertProbabilities('distanceLoss', 'probs', probs);
  assertLabel('distanceLoss', label, probs.data.length);
  let sum = 0;
  for (let k = 0; k < probs.data.length; k++) {
    const diff = (k === label ? 1 : 0) - probs.data[k];
    sum += diff * diff;
  }
  return Math.sqrt(sum);
}

/** KL(target ‖ prediction) = Σ t·ln(t / p), with 0·ln(0 / p) = 0; ln t − ln p where t / p would overflow. */
export function klDivergence(target: Tensor, prediction: Tensor): number {
  assertProbabilities('klDivergence', 'target', target);
  assertProbabilities('klDivergence', 'prediction', prediction);
  assertShape('klDivergence', 'prediction', prediction, target.shape);
  let sum = 0;
  for (let k = 0; k < target.data.length; k++) {
    const t = target.data[k];
    if (t > 0) {
      const ratio = t / prediction.data[k];
      sum += t * (ratio < Infinity ? Math.log(ratio) : Math.log(t) - Math.log(prediction.data[k]));
    }
  }
  return sum;
}

export function oneHot(label: number, classes: number): Tensor {
  assertLabel('oneHot', label, classes);
  const t = tensor([classes]);
  t.data[label] = 1;
  return t;
}

/**
 * −ln softmax(logits)[label], from the logits themselves: finite even where that probability rounds to 0
 * (logits about 745 apart), where −ln p would be infinite.
 */
export function crossEntropyFromLogits(logits: Tensor, label: number): number {
  assertRank('crossEntropyFromLogits', 'logits', logits, 1, '[classes]');
  assertLabel('crossEntropyFromLogits', label, logits.data.length);
  return logSumExp(logits) - logits.data[label];
}

/**
 * The three readings from the logits: the cross-entropy (and the KL divergence, which equals it for a one-hot
 * target) stay finite where a probability rounds to 0.
 */
export function lossReadingsFromLogits(logits: Tensor, label: number): LossReadings {
  const crossEntropy = crossEntropyFromLogits(logits, label);
  return { crossEntropy, distance: distanceLoss(softmax(logits), label), klDivergence: crossEntropy };
}

export function lossReadings(probs: Tensor, label: number): LossReadings {
  return {
    crossEntropy: crossEntropy(probs, label),
    distance: distanceLoss(probs, label),
    klDivergence: klDivergence(oneHot(label, probs.data.length), probs),
  };
}

/** Gradient of −ln softmax(z)[label] with respect to the logits z: p − onehot(label). */
export function softmaxCrossEntropyBackward(probs: Tensor, label: number): Tensor {
  assertRank('softmaxCrossEntropyBackward', 'probs', probs, 1, '[classes]');
  assertLabel('softmaxCrossEntropyBackward', label, probs.data.length);
  const dLogits = tensor(probs.shape, Float64Array.from(probs.data));
  dLogits.data[label] -= 1;
  return dLogits;
}
