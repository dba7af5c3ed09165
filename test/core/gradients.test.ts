/**
 * Every backward op against TensorFlow.js autodiff (tf.grads) to a max-norm relative error ≤ 1e-4,
 * and the whole-model gradient against central finite differences in float64.
 */
import { arrayRelativeError, tf, randomTensor, relativeError, tfConv, tfMaxPool, toTf } from './reference';
import { createRng } from '../../src/core/random';
import { conv2dBackward } from '../../src/core/conv';
import { relu, reluBackward } from '../../src/core/activation';
import { maxPool, maxPoolBackward, maxPoolWithArgmax, reluMaxPoolBackward } from '../../src/core/pool';
import { denseBackward, denseBackwardBatch } from '../../src/core/dense';
import { softmax } from '../../src/core/softmax';
import { softmaxCrossEntropyBackward } from '../../src/core/loss';
import { backward, forward, initParams, paramList, paramNames } from '../../src/core/model';
import { defaultSpec, smallSpec } from '../../src/core/spec';
import { tensor } from '../../src/core/tensor';
import type { Example, ModelParams, ModelSpec, Padding } from '../../src/core/types';

const TOLERANCE = 1e-4;

describe('conv2dBackward matches tf.grads of conv2d', () => {
  const rng = createRng(21);
  test.each([
    [3, 28, 28, 16, 3, 1, 'same'],
    [16, 14, 14, 8, 3, 1, 'same'],
    [5, 11, 13, 7, 3, 2, 'same'],
    [4, 10, 9, 3, 4, 2, 'same'],
    [2, 13, 12, 5, 3, 3, 'valid'],
    [1, 12, 15, 4, 5, 2, 'valid'],
    [3, 5, 5, 2, 3, 2, 1],
    [8, 9, 7, 6, 3, 1, 2],
    [2, 11, 10, 3, 5, 3, 1],
  ] as [number, number, number, number, number, number, Padding][])(
    'C%i %i×%i, F%i k%i s%i padding %s',
    (c, h, w, f, k, stride, padding) => {
      const x = randomTensor(rng, [c, h, w]);
      const weights = randomTensor(rng, [f, c, k, k]);
      const bias = randomTensor(rng, [f]);
      const forwardShape = tfConv(toTf(x), toTf(weights), toTf(bias), stride, padding).shape;
      const dOut = randomTensor(rng, forwardShape);
      const [dx, dw, db] = tf.grads((tx, tw, tb) => tf.sum(tf.mul(tfConv(tx, tw, tb, stride, padding), toTf(dOut))))([
        toTf(x),
        toTf(weights),
        toTf(bias),
      ]);
      const ours = conv2dBackward(x, weights, stride, padding, dOut);
      expect(relativeError(ours.dInput, dx)).toBeLessThanOrEqual(TOLERANCE);
      expect(relativeError(ours.dWeights, dw)).toBeLessThanOrEqual(TOLERANCE);
      expect(relativeError(ours.dBias, db)).toBeLessThanOrEqual(TOLERANCE);
    },
  );

  test('checks dOut against the forward output shape', () => {
    expect(() => conv2dBackward(tensor([3, 5, 5]), tensor([2, 3, 3, 3]), 2, 1, tensor([2, 5, 5]))).toThrow(
      'conv2dBackward: dOut has shape [2, 5, 5]; expected [2, 3, 3]',
    );
  });
});

test('reluBackward matches tf.grads of relu', () => {
  const rng = createRng(22);
  const x = randomTensor(rng, [3, 6, 7]);
  const dOut = randomTensor(rng, [3, 6, 7]);
  const [dx] = tf.grads((t) => tf.sum(tf.mul(tf.relu(t), toTf(dOut))))([toTf(x)]);
  expect(relativeError(reluBackward(x, dOut), dx)).toBe(0);
});

test('reluBackward passes infinite gradients only where the input was positive', () => {
  const dx = reluBackward(tensor([4], [-1, 2, -3, 4]), tensor([4], [Infinity, -Infinity, NaN, 5]));
  expect(Array.from(dx.data)).toEqual([0, -Infinity, NaN, 5]);
  expect(Object.is(dx.data[0], 0)).toBe(true);
});

describe('maxPoolBackward', () => {
  const rng = createRng(23);
  test.each([
    [2, 8, 8, 2, 2],
    [3, 7, 9, 2, 2],
    [4, 9, 8, 3, 2],
    [2, 10, 11, 2, 3],
    [3, 7, 7, 3, 1],
  ])('matches tf.grads of maxPool: C%i %i×%i size %i stride %i', (c, h, w, size, stride) => {
    const x = randomTensor(rng, [c, h, w]);
    const dOut = randomTensor(rng, tfMaxPool(toTf(x), size, stride).shape);
    const [dx] = tf.grads((t) => tf.sum(tf.mul(tfMaxPool(t, size, stride), toTf(dOut))))([toTf(x)]);
    expect(relativeError(maxPoolBackward(x, size, stride, dOut), dx)).toBeLessThanOrEqual(TOLERANCE);
  });

  test('a tie sends the gradient to the first maximum in row-major window order', () => {
    const x = tensor([1, 2, 2], [1, 5, 5, 5]);
    expect(Array.from(maxPoolBackward(x, 2, 2, tensor([1, 1, 1], [7])).data)).toEqual([0, 7, 0, 0]);
  });
});

describe('maxPoolWithArgmax and reluMaxPoolBackward (training keeps the pool winners from the forward pass)', () => {
  const rng = createRng(25);
  test.each([
    [2, 8, 8, 2, 2],
    [3, 7, 9, 2, 2],
    [4, 9, 8, 3, 2],
    [3, 7, 7, 3, 1],
  ])(
    'equal maxPool, and reluBackward after maxPoolBackward, exactly: C%i %i×%i size %i stride %i',
    (c, h, w, size, stride) => {
      const conv = randomTensor(rng, [c, h, w]);
      // Ties: whole windows of zeros after ReLU, and repeated positive values.
      conv.data[0] = conv.data[1] = -1;
      conv.data[w] = conv.data[w + 1] = -2;
      conv.data[3] = conv.data[4] = 3;
      const activated = relu(conv);
      // As training runs it: the winners and pooled ReLU maps straight from the convolution (floor 0).
      const { out, argmax } = maxPoolWithArgmax(conv, size, stride, 0);
      expect(Array.from(out.data)).toEqual(Array.from(maxPool(activated, size, stride).data));
      const dOut = randomTensor(rng, [...out.shape]);
      dOut.data[1] = Infinity;
      const fused = reluMaxPoolBackward(conv.shape, out, argmax, dOut);
      const separate = reluBackward(conv, maxPoolBackward(activated, size, stride, dOut));
      expect(Array.from(fused.data)).toEqual(Array.from(separate.data));
      // Into a caller's cleared buffer (training reuses one): the same numbers, written there.
      const buffer = new Float64Array(conv.data.length + 2).fill(7);
      const into = buffer.subarray(1, 1 + conv.data.length).fill(0);
      expect(reluMaxPoolBackward(conv.shape, out, argmax, dOut, into).data).toBe(into);
      expect(Array.from(into)).toEqual(Array.from(separate.data));
      expect([buffer[0], buffer[buffer.length - 1]]).toEqual([7, 7]);
      // And the bias gradient on the way: per map, the sum of the result (to rounding: summed in another order).
      const bias = new Float64Array(c).fill(9);
      reluMaxPoolBackward(conv.shape, out, argmax, dOut, new Float64Array(conv.data.length), bias);
      const plane = h * w;
      for (let map = 0; map < c; map++) {
        const expected = separate.data.subarray(map * plane, (map + 1) * plane).reduce((a, b) => a + b, 0);
        expect(bias[map]).toBeCloseTo(expected, 12);
      }
    },
  );

  test('a NaN gradient stays NaN, as in reluBackward', () => {
    const conv = tensor([1, 2, 2], [-1, -2, -3, -4]);
    const { out, argmax } = maxPoolWithArgmax(conv, 2, 2, 0);
    expect(Number.isNaN(reluMaxPoolBackward(conv.shape, out, argmax, tensor([1, 1, 1], [NaN])).data[0])).toBe(true);
    expect(Number.isNaN(reluBackward(conv, maxPoolBackward(relu(conv), 2, 2, tensor([1, 1, 1], [NaN]))).data[0])).toBe(
      true,
    );
  });

  test('names the mismatch when dOut does not fit the pool', () => {
    const conv = tensor([1, 4, 4]);
    const { out, argmax } = maxPoolWithArgmax(conv, 2, 2, 0);
    expect(() => reluMaxPoolBackward(conv.shape, out, argmax, tensor([1, 3, 3]))).toThrow(
      'reluMaxPoolBackward: dOut has shape [1, 3, 3] (9 values) and the pooled maps 4 values, but the pool had 4 outputs',
    );
  });
});

test('denseBackward matches tf.grads of matMul + bias', () => {
  const rng = createRng(24);
  const v = randomTensor(rng, [45]);
  const w = randomTensor(rng, [45, 4]);
  const b = randomTensor(rng, [4]);
  const dOut = randomTensor(rng, [4]);
  const [dv, dw, db] = tf.grads((tv, tw, tb) =>
    tf.sum(tf.mul(tf.add(tf.matMul(tf.reshape(tv, [1, 45]), tw), tb), tf.reshape(toTf(dOut), [1, 4]))),
  )([toTf(v), toTf(w), toTf(b)]);
  const ours = denseBackward(v, w, dOut);
  expect(relativeError(ours.dVector, dv)).toBeLessThanOrEqual(TOLERANCE);
  expect(relativeError(ours.dWeights, dw)).toBeLessThanOrEqual(TOLERANCE);
  expect(relativeError(ours.dBias, db)).toBeLessThanOrEqual(TOLERANCE);
});

test('denseBackward sums in class order, exactly as one input at a time would (1–9 inputs: every remainder of 4)', () => {
  const rng = createRng(25);
  for (const classes of [1, 3, 10])
    for (let inputs = 1; inputs <= 9; inputs++) {
      const [v, w, dOut] = [
        randomTensor(rng, [inputs]),
        randomTensor(rng, [inputs, classes]),
        randomTensor(rng, [classes]),
      ];
      const dVector = Array.from({ length: inputs }, (_, i) => {
        let sum = 0;
        for (let k = 0; k < classes; k++) sum += w.data[i * classes + k] * dOut.data[k];
        return sum;
      });
      const dWeights = Array.from(
        { length: inputs * classes },
        (_, j) => 0 + v.data[Math.floor(j / classes)] * dOut.data[j % classes],
      );
      const ours = denseBackward(v, w, dOut);
      expect([Array.from(ours.dVector.data), Array.from(ours.dWeights.data)]).toEqual([dVector, dWeights]);
    }
});

describe('denseBackwardBatch: a batch’s dense gradients, example after example', () => {
  // 410 × 5 weights: above the size from which the SIMD kernels take the weight and input gradients' products
  // (this file also runs with the JavaScript kernels forced).
  const [inputs, classes] = [410, 5];
  const rng = createRng(26);
  const weights = randomTensor(rng, [inputs, classes]);

  /** Sums and input gradients from denseBackwardBatch, and the same from denseBackward added up one by one. */
  function both(count: number): { ours: Float64Array[]; oneByOne: Float64Array[] } {
    const xs = Array.from({ length: count }, () => randomTensor(rng, [inputs]));
    const dys = Array.from({ length: count }, () => randomTensor(rng, [classes]));
    const [dWeights, dBias] = [tensor([inputs, classes]), tensor([classes])];
    const batch = denseBackwardBatch(weights, dWeights, dBias, count);
    const dVectors = batch.add(xs, dys).map((dVector) => dVector.data);
    batch.finish();
    const [sumWeights, sumBias] = [new Float64Array(inputs * classes), new Float64Array(classes)];
    const expectedVectors = xs.map((x, n) => {
      const single = denseBackward(x, weights, dys[n]);
      single.dWeights.data.forEach((value, j) => (sumWeights[j] += value));
      single.dBias.data.forEach((value, k) => (sumBias[k] += value));
      return single.dVector.data;
    });
    return { ours: [dWeights.data, dBias.data, ...dVectors], oneByOne: [sumWeights, sumBias, ...expectedVectors] };
  }

  test.each([1, 2, 3, 64])('%i examples: exactly denseBackward’s numbers, added one after another', (count) => {
    const { ours, oneByOne } = both(count);
    ours.forEach((values, j) => expect(Array.from(values)).toEqual(Array.from(oneByOne[j])));
  });

  test('70 examples (more than one product on the SIMD kernels) agree with them to 1e-14', () => {
    const { ours, oneByOne } = both(70);
    ours.forEach((values, j) => expect(arrayRelativeError(values, oneByOne[j])).toBeLessThanOrEqual(1e-14));
  });

  test('names a vector or an output gradient of the wrong shape', () => {
    const [dWeights, dBias] = [tensor([inputs, classes]), tensor([classes])];
    const batch = denseBackwardBatch(weights, dWeights, dBias, 3);
    expect(() => batch.add([randomTensor(rng, [inputs + 1])], [randomTensor(rng, [classes])])).toThrow(
      'denseBackward: weights have shape [410, 5] but vector has shape [411]',
    );
    expect(() => batch.add([randomTensor(rng, [inputs])], [randomTensor(rng, [classes + 1])])).toThrow(
      'denseBackward: dOut has shape [6]',
    );
  });
});

test('softmaxCrossEntropyBackward matches tf.grads of tf.losses.softmaxCrossEntropy', () => {
  const logits = randomTensor(createRng(25), [5], 2);
  for (let label = 0; label < 5; label++) {
    const oneHot = tf.oneHot([label], 5).toFloat();
    const [dz] = tf.grads((z) => tf.losses.softmaxCrossEntropy(oneHot, tf.reshape(z, [1, 5])))([toTf(logits)]);
    expect(relativeError(softmaxCrossEntropyBackward(softmax(logits), label), dz)).toBeLessThanOrEqual(TOLERANCE);
  }
});

/** The model written directly in TensorFlow.js ops: image CHW (0–255) → cross-entropy loss. */
function tfModelLoss(spec: ModelSpec, image: tf.Tensor, label: number, params: tf.Tensor[]): tf.Scalar {
  let x: tf.Tensor = tf.mul(image, spec.inputScale);
  spec.blocks.forEach((block, i) => {
    x = tf.relu(tfConv(x, params[2 * i], params[2 * i + 1], block.stride, block.padding));
    if (block.pool) x = tfMaxPool(x, block.pool.size, block.pool.stride);
  });
  const flat = tf.reshape(x, [1, -1]);
  const logits = tf.add(tf.matMul(flat, params[params.length - 2]), params[params.length - 1]);
  return tf.losses.softmaxCrossEntropy(tf.oneHot([label], spec.classes.length).toFloat(), logits) as tf.Scalar;
}

/** Parameters with float32-exact values and small random biases, so every part of the gradient is exercised. */
function float32Params(spec: ModelSpec, seed: number): ModelParams {
  const params = initParams(spec, seed);
  const rng = createRng(seed + 1);
  for (const t of paramList(params)) {
    const isBias = t.shape.length === 1;
    for (let i = 0; i < t.data.length; i++) t.data[i] = Math.fround(isBias ? 0.1 * rng.normal() : t.data[i]);
  }
  return params;
}

function randomImage(spec: ModelSpec, seed: number): Example['image'] {
  const rng = createRng(seed);
  const image = tensor([spec.input.channels, spec.input.height, spec.input.width]);
  for (let i = 0; i < image.data.length; i++) image.data[i] = Math.floor(rng.next() * 256);
  return image;
}

const wholeModelSpecs: [string, ModelSpec][] = [
  ['the default network', defaultSpec()],
  ['the small worked example', smallSpec()],
  [
    'three blocks with strides, valid and numeric padding, 4 classes',
    {
      input: { channels: 3, height: 19, width: 17 },
      inputScale: 1 / 255,
      blocks: [
        { filters: 5, kernel: 3, stride: 1, padding: 'valid', pool: { size: 3, stride: 2 } },
        { filters: 6, kernel: 2, stride: 2, padding: 1, pool: null },
        { filters: 4, kernel: 3, stride: 1, padding: 'same', pool: { size: 2, stride: 1 } },
      ],
      classes: ['a', 'b', 'c', 'd'],
    },
  ],
];

describe('whole-model gradient', () => {
  test.each(wholeModelSpecs)('matches tf.grads for %s', (_, spec) => {
    const params = float32Params(spec, 31);
    const image = randomImage(spec, 32);
    const label = 1;
    const ours = backward(spec, params, { image, label });
    const list = paramList(params);
    const tfGrads = tf.grads((...ps: tf.Tensor[]) => tfModelLoss(spec, toTf(image), label, ps))(list.map(toTf));
    const oursList = paramList(ours.grads);
    paramNames(params).forEach((name, i) => {
      const error = relativeError(oursList[i], tfGrads[i]);
      if (!(error <= TOLERANCE)) throw new Error(`${name}: relative error ${error}`);
    });
    expect(ours.loss).toBeCloseTo(tfModelLoss(spec, toTf(image), label, list.map(toTf)).dataSync()[0], 5);
  });

  test.each(wholeModelSpecs)('agrees with central finite differences in float64 for %s', (_, spec) => {
    const params = float32Params(spec, 41);
    const image = randomImage(spec, 42);
    const label = 2;
    const lossAt = (): number => {
      const { logits } = forward(spec, params, image);
      const z = logits.data;
      const max = Math.max(...z);
      return max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0)) - z[label];
    };
    const analytic = paramList(backward(spec, params, { image, label }).grads);
    const rng = createRng(43);
    const h = 1e-6;
    paramList(params).forEach((t, i) => {
      // A handful of coordinates per tensor, picked at random.
      for (let n = 0; n < 6; n++) {
        const j = Math.floor(rng.next() * t.data.length);
        const saved = t.data[j];
        t.data[j] = saved + h;
        const up = lossAt();
        t.data[j] = saved - h;
        const down = lossAt();
        t.data[j] = saved;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(numeric - analytic[i].data[j])).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(numeric));
      }
    });
  });
});
