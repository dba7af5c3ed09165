/** The three readings of the loss, checked against TensorFlow.js and against their definitions. */
import { tf, randomTensor, toTf } from './reference';
import { createRng } from '../../src/core/random';
import { softmax } from '../../src/core/softmax';
import {
  crossEntropy,
  crossEntropyFromLogits,
  distanceLoss,
  klDivergence,
  lossReadings,
  lossReadingsFromLogits,
  oneHot,
} from '../../src/core/loss';
import { tensor } from '../../src/core/tensor';

describe('crossEntropy', () => {
  test('matches tf.losses.softmaxCrossEntropy for every label', () => {
    const logits = randomTensor(createRng(51), [6], 2);
    const probs = softmax(logits);
    for (let label = 0; label < 6; label++) {
      const reference = tf.losses
        .softmaxCrossEntropy(tf.oneHot([label], 6).toFloat(), tf.reshape(toTf(logits), [1, 6]))
        .dataSync()[0];
      expect(Math.abs(crossEntropy(probs, label) - reference) / reference).toBeLessThanOrEqual(1e-5);
    }
  });

  test('is −ln of the true class probability', () => {
    expect(crossEntropy(tensor([3], [0.2, 0.5, 0.3]), 1)).toBeCloseTo(Math.LN2, 15);
    expect(crossEntropy(tensor([2], [1, 0]), 1)).toBe(Infinity);
  });

  test('rejects a bad label or non-probabilities with a clear message', () => {
    const p = tensor([3], [0.2, 0.5, 0.3]);
    expect(() => crossEntropy(p, 3)).toThrow(
      'crossEntropy: label 3 is not a class index; expected a whole number from 0 to 2',
    );
    expect(() => crossEntropy(p, 0.5)).toThrow('crossEntropy: label 0.5 is not a class index');
    expect(() => crossEntropy(tensor([2], [1.5, -0.5]), 0)).toThrow(
      'crossEntropy: probs[0] is 1.5; probabilities must lie between 0 and 1 (apply softmax first)',
    );
  });
});

test('KL(one-hot ‖ p) equals the cross-entropy for every label', () => {
  const rng = createRng(52);
  for (let trial = 0; trial < 20; trial++) {
    const probs = softmax(randomTensor(rng, [5], 3));
    const label = trial % 5;
    expect(klDivergence(oneHot(label, 5), probs)).toBeCloseTo(crossEntropy(probs, label), 14);
  }
});

test('KL divergence of general distributions matches Σ p·(ln p − ln q) in TensorFlow.js', () => {
  const rng = createRng(53);
  const p = softmax(randomTensor(rng, [4]));
  const q = softmax(randomTensor(rng, [4]));
  const reference = tf.sum(tf.mul(toTf(p), tf.sub(tf.log(toTf(p)), tf.log(toTf(q))))).dataSync()[0];
  expect(Math.abs(klDivergence(p, q) - reference) / reference).toBeLessThanOrEqual(1e-4);
  expect(klDivergence(p, p)).toBe(0);
  expect(() => klDivergence(p, tensor([3], [0.2, 0.3, 0.5]))).toThrow(
    'klDivergence: prediction has shape [3]; expected [4]',
  );
});

test('distanceLoss is the Euclidean distance to the one-hot target', () => {
  // target (0,1,0), p (0.2,0.5,0.3): √(0.04 + 0.25 + 0.09) = √0.38.
  expect(distanceLoss(tensor([3], [0.2, 0.5, 0.3]), 1)).toBeCloseTo(Math.sqrt(0.38), 15);
  expect(distanceLoss(tensor([2], [0, 1]), 1)).toBe(0);
});

test('lossReadings gives all three readings', () => {
  const p = tensor([3], [0.2, 0.5, 0.3]);
  const readings = lossReadings(p, 2);
  expect(readings.crossEntropy).toBeCloseTo(-Math.log(0.3), 15);
  expect(readings.klDivergence).toBeCloseTo(-Math.log(0.3), 15);
  expect(readings.distance).toBeCloseTo(Math.sqrt(0.04 + 0.25 + 0.49), 15);
});

describe('from the logits', () => {
  test('the cross-entropy matches tf.losses.softmaxCrossEntropy, and the readings equal those from the probabilities', () => {
    const logits = randomTensor(createRng(54), [5], 3);
    for (let label = 0; label < 5; label++) {
      const reference = tf.losses
        .softmaxCrossEntropy(tf.oneHot([label], 5).toFloat(), tf.reshape(toTf(logits), [1, 5]))
        .dataSync()[0];
      expect(Math.abs(crossEntropyFromLogits(logits, label) - reference) / reference).toBeLessThanOrEqual(1e-5);
      const fromProbabilities = lossReadings(softmax(logits), label);
      const fromLogits = lossReadingsFromLogits(logits, label);
      expect(fromLogits.crossEntropy).toBeCloseTo(fromProbabilities.crossEntropy, 12);
      expect(fromLogits.klDivergence).toBeCloseTo(fromProbabilities.klDivergence, 12);
      expect(fromLogits.distance).toBe(fromProbabilities.distance);
    }
  });

  test('stay finite where the true class probability rounds to 0', () => {
    // softmax([1000, 0.5, -0.25]) is [1, 0, 0] in doubles; −ln p(class 3) = 1000 − (−0.25) + ln(1 + e^−999.5 + e^−1000.25) = 1000.25.
    const logits = tensor([3], [1000, 0.5, -0.25]);
    expect(crossEntropy(softmax(logits), 2)).toBe(Infinity);
    expect(lossReadingsFromLogits(logits, 2)).toEqual({
      crossEntropy: 1000.25,
      klDivergence: 1000.25,
      distance: Math.SQRT2,
    });
    expect(() => crossEntropyFromLogits(logits, 3)).toThrow(
      'crossEntropyFromLogits: label 3 is not a class index; expected a whole number from 0 to 2',
    );
  });
});
