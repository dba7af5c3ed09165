/** Specs, seeded initialisation, forward activations, batching, shuffling and evaluation. */
import { arrayRelativeError, tf, relativeError, toTf, tfConv, tfMaxPool } from './reference';
import { createRng } from '../../src/core/random';
import { defaultSpec, layerShapes, smallSpec, validateSpec } from '../../src/core/spec';
import { backward, batchGradients, cloneParams, forward, initParams, paramList } from '../../src/core/model';
import { epochOrder, trainBatch } from '../../src/core/train';
import { createOptimizerState } from '../../src/core/optim';
import { evaluate, predict } from '../../src/core/evaluate';
import { tensor } from '../../src/core/tensor';
import type { Example, ModelSpec } from '../../src/core/types';
import { kernelPath } from '../../src/core/simd/kernels';

function randomExamples(spec: ModelSpec, count: number, seed: number): Example[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, n) => {
    const image = tensor([spec.input.channels, spec.input.height, spec.input.width]);
    for (let i = 0; i < image.data.length; i++) image.data[i] = Math.floor(rng.next() * 256);
    return { image, label: n % spec.classes.length };
  });
}

describe('model specs', () => {
  test('the default network has the shapes of DESIGN.md', () => {
    expect(layerShapes(defaultSpec())).toEqual({
      input: [3, 28, 28],
      blocks: [
        { conv: [16, 28, 28], pool: [16, 14, 14] },
        { conv: [64, 14, 14], pool: [64, 7, 7] },
      ],
      flat: [3136],
      classes: [3],
    });
    expect(defaultSpec().classes).toEqual(['Elon Musk', 'Jeff Bezos', 'Jon Snow']);
  });

  test('the small worked example is 5×5×3 → 3×3×2 → 18 → 3', () => {
    expect(layerShapes(smallSpec(['cat', 'dog']))).toEqual({
      input: [3, 5, 5],
      blocks: [{ conv: [2, 3, 3], pool: [2, 3, 3] }],
      flat: [18],
      classes: [2],
    });
  });

  test('validateSpec names the field and the fix', () => {
    const base = defaultSpec();
    const withBlock = (patch: object): ModelSpec => ({
      ...base,
      blocks: [{ ...base.blocks[0], ...patch }, base.blocks[1]],
    });
    expect(() => validateSpec({ ...base, classes: ['only'] })).toThrow(
      'model spec: 1 classes given; a classifier needs at least 2',
    );
    expect(() => validateSpec({ ...base, classes: ['a', 'a'] })).toThrow('model spec: class name "a" appears twice');
    expect(() => validateSpec({ ...base, blocks: [] })).toThrow(
      'model spec: blocks must list at least one convolution block',
    );
    expect(() => validateSpec(withBlock({ filters: 0 }))).toThrow(
      'model spec block 1: filters is 0; expected a whole number ≥ 1',
    );
    expect(() => validateSpec(withBlock({ padding: 'full' }))).toThrow(
      `model spec block 1: padding is "full"; expected 'valid', 'same' or a whole number ≥ 0`,
    );
    expect(() => validateSpec(withBlock({ kernel: 29, padding: 'valid' }))).toThrow(
      "model spec block 1 (input 28×28): kernel 29 is larger than the input (28) with 'valid' padding",
    );
    expect(() =>
      validateSpec({
        ...base,
        blocks: [...base.blocks, { filters: 4, kernel: 3, stride: 1, padding: 'same', pool: { size: 8, stride: 2 } }],
      }),
    ).toThrow('model spec block 3: pool window 8×8 is larger than the conv output 7×7');
    expect(() => validateSpec({ ...base, blocks: [null as never] })).toThrow(
      'model spec block 1: expected { filters, kernel, stride, padding, pool }, got null',
    );
    expect(() => validateSpec({ ...base, inputScale: 0 })).toThrow(
      'model spec: inputScale is 0; expected a positive number',
    );
  });
});

describe('initParams', () => {
  test('the same seed gives bit-identical weights; another seed does not', () => {
    const a = paramList(initParams(defaultSpec(), 123));
    const b = paramList(initParams(defaultSpec(), 123));
    const c = paramList(initParams(defaultSpec(), 124));
    a.forEach((t, i) => expect(Buffer.from(t.data.buffer).equals(Buffer.from(b[i].data.buffer))).toBe(true));
    expect(Array.from(a[0].data)).not.toEqual(Array.from(c[0].data));
  });

  test('He scaling: conv weights have standard deviation √(2 / fan-in), biases start at 0', () => {
    const params = initParams(defaultSpec(), 5);
    const w = params.conv[1].weights.data; // fan-in 16·3·3 = 144, 9216 weights
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std / Math.sqrt(2 / 144) - 1)).toBeLessThan(0.03);
    expect(params.conv[1].bias.data.every((v) => v === 0)).toBe(true);
    expect(params.dense.weights.shape).toEqual([3136, 3]);
  });
});

describe('forward', () => {
  test('every activation matches the same network built from TensorFlow.js ops', () => {
    const spec = defaultSpec();
    const params = initParams(spec, 71);
    const [example] = randomExamples(spec, 1, 72);
    const acts = forward(spec, params, example.image);
    let x: tf.Tensor = tf.mul(toTf(example.image), spec.inputScale);
    expect(relativeError(acts.input, x)).toBeLessThanOrEqual(1e-6);
    spec.blocks.forEach((block, i) => {
      const conv = tfConv(x, toTf(params.conv[i].weights), toTf(params.conv[i].bias), block.stride, block.padding);
      expect(relativeError(acts.blocks[i].conv, conv)).toBeLessThanOrEqual(1e-5);
      x = tf.relu(conv);
      expect(relativeError(acts.blocks[i].relu, x)).toBeLessThanOrEqual(1e-5);
      x = tfMaxPool(x, 2, 2);
      expect(relativeError(acts.blocks[i].pool, x)).toBeLessThanOrEqual(1e-5);
    });
    const logits = tf
      .add(tf.matMul(tf.reshape(x, [1, -1]), toTf(params.dense.weights)), toTf(params.dense.bias))
      .reshape([3]);
    expect(relativeError(acts.logits, logits)).toBeLessThanOrEqual(1e-5);
    expect(relativeError(acts.probabilities, tf.softmax(logits))).toBeLessThanOrEqual(1e-5);
  });

  test('rejects an image or weights that do not fit the spec', () => {
    const spec = defaultSpec();
    const params = initParams(spec, 1);
    expect(() => forward(spec, params, tensor([3, 32, 32]))).toThrow(
      'forward: image has shape [3, 32, 32]; expected [3, 28, 28]',
    );
    expect(() => forward(smallSpec(), params, tensor([3, 5, 5]))).toThrow(
      'forward: params have 2 conv layers but the spec has 1 blocks',
    );
    const wrongDense = { ...params, dense: { ...params.dense, bias: tensor([4]) } };
    expect(() => forward(spec, wrongDense, tensor([3, 28, 28]))).toThrow(
      'forward: dense.bias has shape [4]; expected [3]',
    );
  });

  test('backward rejects a label that is not a class', () => {
    const spec = smallSpec();
    expect(() => backward(spec, initParams(spec, 1), { image: tensor([3, 5, 5]), label: 3 })).toThrow(
      'backward: label 3 is not a class index',
    );
  });
});

test('batchGradients is the mean of the per-example gradients and losses', () => {
  const spec = smallSpec();
  const params = initParams(spec, 81);
  const examples = randomExamples(spec, 3, 82);
  const batch = batchGradients(spec, params, examples);
  const singles = examples.map((e) => backward(spec, params, e));
  expect(batch.loss).toBeCloseTo(singles.reduce((s, r) => s + r.loss, 0) / 3, 14);
  expect(batch.correct).toBe(singles.filter((r) => r.correct).length);
  // Training's products run in float32 where WebAssembly SIMD does, and the filter gradient's sums then run over
  // the batch's tiles together: float32 rounding there; the JavaScript loops keep float64's, value by value.
  paramList(batch.grads).forEach((t, i) => {
    const mean = Float64Array.from(
      t.data,
      (_, j) => singles.reduce((s, r) => s + paramList(r.grads)[i].data[j], 0) / 3,
    );
    if (kernelPath() === 'wasm-simd') expect(arrayRelativeError(t.data, mean)).toBeLessThanOrEqual(1e-5);
    else t.data.forEach((v, j) => expect(v).toBeCloseTo(mean[j], 14));
  });
  expect(() => batchGradients(spec, params, [])).toThrow('batchGradients: the batch is empty');
});

describe('epochOrder', () => {
  test('is a permutation, the same for the same arguments and different across epochs and seeds', () => {
    const order = epochOrder(9, 0, 50);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochOrder(9, 0, 50)).toEqual(order);
    expect(epochOrder(9, 1, 50)).not.toEqual(order);
    expect(epochOrder(10, 0, 50)).not.toEqual(order);
    expect(epochOrder(9, 0, 0)).toEqual([]);
    expect(() => epochOrder(9, -1, 5)).toThrow('epochOrder: epoch -1 must be a whole number ≥ 0');
  });
});

test('trainBatch lowers the loss on the batch it trains on, and is reproducible', () => {
  const spec = smallSpec();
  const examples = randomExamples(spec, 6, 91);
  const config = { kind: 'sgd', learningRate: 0.1, momentum: 0.9 } as const;
  const run = (): { losses: number[]; params: number[] } => {
    const params = initParams(spec, 92);
    let state = createOptimizerState(config, params);
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const result = trainBatch(spec, params, examples, config, state);
      losses.push(result.loss);
      state = result.state;
    }
    return { losses, params: paramList(params).flatMap((t) => Array.from(t.data)) };
  };
  const first = run();
  expect(first.losses[29]).toBeLessThan(first.losses[0] * 0.5);
  expect(run()).toEqual(first);
});

describe('predict and evaluate on a hand-checked network', () => {
  // 2 input channels of 1×1 pixel, a 1×1 identity conv, so logits = [a, b, 0.5, −10] for pixel (a, b).
  const spec: ModelSpec = {
    input: { channels: 2, height: 1, width: 1 },
    inputScale: 1,
    blocks: [{ filters: 2, kernel: 1, stride: 1, padding: 'valid', pool: null }],
    classes: ['A', 'B', 'C', 'D'],
  };
  const params = {
    conv: [{ weights: tensor([2, 2, 1, 1], [1, 0, 0, 1]), bias: tensor([2]) }],
    dense: { weights: tensor([2, 4], [1, 0, 0, 0, 0, 1, 0, 0]), bias: tensor([4], [0, 0, 0.5, -10]) },
  };
  const pixel = (a: number, b: number): Example['image'] => tensor([2, 1, 1], [a, b]);

  test('predict gives the softmax of the logits and the argmax', () => {
    const { probabilities, classIndex } = predict(spec, params, pixel(2, 1));
    const e = [Math.exp(2), Math.exp(1), Math.exp(0.5), Math.exp(-10)];
    const sum = e.reduce((s, v) => s + v, 0);
    probabilities.forEach((p, k) => expect(p).toBeCloseTo(e[k] / sum, 15));
    expect(classIndex).toBe(0);
  });

  test('accuracy, confusion matrix, per-class accuracy and mean loss', () => {
    const examples: Example[] = [
      { image: pixel(1, 0), label: 0 }, // predicted A ✓
      { image: pixel(0, 1), label: 0 }, // predicted B ✗
      { image: pixel(0, 0), label: 2 }, // predicted C ✓
      { image: pixel(0, 1), label: 1 }, // predicted B ✓
      { image: pixel(1, 0), label: 2 }, // predicted A ✗
    ];
    const result = evaluate(spec, params, examples);
    expect(result.count).toBe(5);
    expect(result.accuracy).toBe(3 / 5);
    expect(result.confusion).toEqual([
      [1, 1, 0, 0],
      [0, 1, 0, 0],
      [1, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
    expect(result.perClassAccuracy.slice(0, 3)).toEqual([0.5, 1, 0.5]);
    expect(result.perClassAccuracy[3]).toBeNaN();
    // −ln p(label): logits (1,0,.5,−10) label A; (0,1,.5,−10) label A; (0,0,.5,−10) label C; (0,1,.5,−10) label B; (1,0,.5,−10) label C.
    const lse = (z: number[]): number => Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
    const z10 = [1, 0, 0.5, -10];
    const z01 = [0, 1, 0.5, -10];
    const z00 = [0, 0, 0.5, -10];
    const expected = (lse(z10) - 1 + lse(z01) - 0 + lse(z00) - 0.5 + lse(z01) - 1 + lse(z10) - 0.5) / 5;
    expect(result.meanLoss).toBeCloseTo(expected, 14);
    expect(() => evaluate(spec, params, [])).toThrow('evaluate: no examples given');
  });

  test('cloneParams copies deeply', () => {
    const copy = cloneParams(params);
    copy.dense.bias.data[0] = 99;
    expect(params.dense.bias.data[0]).toBe(0);
  });
});
