/**
 * The convolution kernels under the ops: blocked matrix products against a plain triple loop, im2col/col2im as
 * adjoints, and Winograd F(2×2,3×3) against the direct convolution (float64, 1e-12) and TensorFlow.js.
 */
import { arrayRelativeError, randomTensor, relativeError, tf, tfConv, toTf } from './reference';
import { createRng } from '../../src/core/random';
import { matMul, matMulTransposed } from '../../src/core/gemm';
import { col2im, columnsShape, im2col } from '../../src/core/im2col';
import {
  conv2d,
  conv2dBackward,
  convBackwardInputDirect,
  convBackwardWeightsDirect,
  convForwardDirect,
  planConv,
} from '../../src/core/conv';
import { tensor } from '../../src/core/tensor';
import { weightsHeld } from '../../src/core/winograd';
import type { Padding, Tensor } from '../../src/core/types';

const rng = createRng(101);
const randomArray = (n: number): Float64Array => randomTensor(rng, [n]).data;

describe('matrix products', () => {
  // Sizes around the block sizes (4 rows × 2 columns, 2 rows × 4 depth) to reach every remainder loop.
  const sizes = [
    [1, 1, 1],
    [4, 2, 4],
    [5, 3, 7],
    [7, 5, 3],
    [64, 49, 16],
    [16, 27, 784],
    [3, 9, 2],
    [3, 49, 64],
    [6, 11, 5],
  ];

  test.each(sizes)('matMulTransposed %i×%i, depth %i, at offsets', (m, n, depth) => {
    const a = randomArray(3 + m * depth);
    const b = randomArray(5 + n * depth);
    const c = new Float64Array(2 + m * n).fill(7);
    matMulTransposed(m, n, depth, a, 3, b, 5, c, 2);
    const expected = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++)
        for (let k = 0; k < depth; k++) expected[i * n + j] += a[3 + i * depth + k] * b[5 + j * depth + k];
    expect(c[0]).toBe(7);
    expect(c[1]).toBe(7);
    // Every path sums each output's products in k order, as this loop does, so the numbers are the same.
    expect(Array.from(c.subarray(2))).toEqual(Array.from(expected));
  });

  test.each(sizes)('matMul %i×%i, depth %i, at offsets, overwriting the target', (m, n, depth) => {
    const a = randomArray(1 + m * depth);
    const b = randomArray(4 + depth * n);
    const c = new Float64Array(3 + m * n + 1).fill(9);
    matMul(m, n, depth, a, 1, b, 4, c, 3);
    const expected = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++)
        for (let k = 0; k < depth; k++) expected[i * n + j] += a[1 + i * depth + k] * b[4 + k * n + j];
    expect([c[0], c[1], c[2], c[3 + m * n]]).toEqual([9, 9, 9, 9]);
    expect(arrayRelativeError(c.subarray(3, 3 + m * n), expected)).toBeLessThanOrEqual(1e-14);
  });
});

test.each([
  [3, 7, 9, 3, 1, 'same'],
  [2, 8, 7, 4, 2, 'same'],
  [4, 9, 9, 2, 3, 'valid'],
  [1, 6, 5, 3, 2, 1],
] as [number, number, number, number, number, Padding][])(
  'col2im is the adjoint of im2col: C%i %i×%i k%i s%i %s',
  (c, h, w, k, s, padding) => {
    const x = randomTensor(rng, [c, h, w]);
    const plan = planConv('test', x, tensor([1, c, k, k]), s, padding);
    const { rows, cols } = columnsShape(plan);
    const columns = new Float64Array(rows * cols);
    im2col(plan, x.data, columns);
    const y = randomArray(rows * cols);
    const back = new Float64Array(c * h * w);
    col2im(plan, y, back);
    // ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩
    let left = 0;
    let right = 0;
    for (let i = 0; i < y.length; i++) left += columns[i] * y[i];
    for (let i = 0; i < back.length; i++) right += x.data[i] * back[i];
    expect(Math.abs(left - right)).toBeLessThanOrEqual(1e-12 * Math.abs(left));
  },
);

describe('Winograd F(2×2,3×3)', () => {
  // Odd and even outputs (edge tiles), every padding, 1 to many channels.
  const cases: [number, number, number, number, Padding][] = [
    [1, 5, 5, 1, 'same'],
    [3, 28, 28, 16, 'same'],
    [16, 14, 14, 24, 'same'],
    [4, 7, 9, 5, 'same'],
    [2, 9, 8, 3, 'valid'],
    [5, 6, 11, 2, 'valid'],
    [3, 8, 8, 4, 0],
    [2, 7, 6, 3, 1],
    [3, 5, 7, 2, 2],
    [2, 4, 5, 3, 3],
    [6, 3, 3, 7, 'valid'],
  ];

  function directForward(x: Tensor, w: Tensor, b: Tensor, padding: Padding): Float64Array {
    const plan = planConv('test', x, w, 1, padding);
    const out = new Float64Array(plan.filters * plan.outHeight * plan.outWidth);
    convForwardDirect(plan, x.data, w.data, b.data, out);
    return out;
  }

  test.each(cases)(
    'forward equals the direct convolution and tf.conv2d: C%i %i×%i F%i padding %s',
    (c, h, w, f, padding) => {
      const x = randomTensor(rng, [c, h, w]);
      const weights = randomTensor(rng, [f, c, 3, 3]);
      const bias = randomTensor(rng, [f]);
      const ours = conv2d(x, weights, bias, 1, padding);
      expect(arrayRelativeError(ours.data, directForward(x, weights, bias, padding))).toBeLessThanOrEqual(1e-12);
      expect(relativeError(ours, tfConv(toTf(x), toTf(weights), toTf(bias), 1, padding))).toBeLessThanOrEqual(1e-5);
    },
  );

  test.each(cases)(
    'input gradient equals the direct one and tf.grads: C%i %i×%i F%i padding %s',
    (c, h, w, f, padding) => {
      const x = randomTensor(rng, [c, h, w]);
      const weights = randomTensor(rng, [f, c, 3, 3]);
      const plan = planConv('test', x, weights, 1, padding);
      const dOut = randomTensor(rng, [f, plan.outHeight, plan.outWidth]);
      const ours = conv2dBackward(x, weights, 1, padding, dOut).dInput;
      const direct = new Float64Array(c * h * w);
      convBackwardInputDirect(plan, weights.data, dOut.data, direct);
      expect(arrayRelativeError(ours.data, direct)).toBeLessThanOrEqual(1e-12);
      const [dx] = tf.grads((tx: tf.Tensor) =>
        tf.sum(tf.mul(tfConv(tx, toTf(weights), toTf(tensor([f])), 1, padding), toTf(dOut))),
      )([toTf(x)]);
      expect(relativeError(ours, dx)).toBeLessThanOrEqual(1e-4);
    },
  );

  test.each(cases)(
    'filter gradient equals the direct one and tf.grads: C%i %i×%i F%i padding %s',
    (c, h, w, f, padding) => {
      const x = randomTensor(rng, [c, h, w]);
      const weights = randomTensor(rng, [f, c, 3, 3]);
      const plan = planConv('test', x, weights, 1, padding);
      const dOut = randomTensor(rng, [f, plan.outHeight, plan.outWidth]);
      const ours = conv2dBackward(x, weights, 1, padding, dOut).dWeights;
      const direct = new Float64Array(f * c * 9);
      convBackwardWeightsDirect(plan, x.data, dOut.data, direct);
      expect(arrayRelativeError(ours.data, direct)).toBeLessThanOrEqual(1e-12);
      const [dw] = tf.grads((tw: tf.Tensor) =>
        tf.sum(tf.mul(tfConv(toTf(x), tw, toTf(tensor([f])), 1, padding), toTf(dOut))),
      )([toTf(weights)]);
      expect(relativeError(ours, dw)).toBeLessThanOrEqual(1e-4);
    },
  );

  test('the same weight numbers read as a different [filters, channels] split get their own input-gradient transform', () => {
    const numbers = randomTensor(rng, [4 * 2 * 9]).data;
    const asFourByTwo = tensor([4, 2, 3, 3], numbers);
    const asTwoByFour = tensor([2, 4, 3, 3], numbers);
    conv2dBackward(randomTensor(rng, [2, 5, 5]), asFourByTwo, 1, 'same', randomTensor(rng, [4, 5, 5]));
    const x = randomTensor(rng, [4, 5, 5]);
    const dOut = randomTensor(rng, [2, 5, 5]);
    const plan = planConv('test', x, asTwoByFour, 1, 'same');
    const direct = new Float64Array(100);
    convBackwardInputDirect(plan, asTwoByFour.data, dOut.data, direct);
    expect(arrayRelativeError(conv2dBackward(x, asTwoByFour, 1, 'same', dOut).dInput.data, direct)).toBeLessThanOrEqual(
      1e-12,
    );
  });

  test('sees weights edited in place between calls (the filter transform cache compares the values)', () => {
    const x = randomTensor(rng, [2, 6, 6]);
    const weights = randomTensor(rng, [3, 2, 3, 3]);
    const bias = tensor([3]);
    conv2d(x, weights, bias, 1, 'same');
    weights.data[4] += 1;
    expect(
      arrayRelativeError(conv2d(x, weights, bias, 1, 'same').data, directForward(x, weights, bias, 'same')),
    ).toBeLessThanOrEqual(1e-12);
    const dOut = randomTensor(rng, [3, 6, 6]);
    conv2dBackward(x, weights, 1, 'same', dOut);
    weights.data[0] -= 2;
    const plan = planConv('test', x, weights, 1, 'same');
    const direct = new Float64Array(72);
    convBackwardInputDirect(plan, weights.data, dOut.data, direct);
    expect(arrayRelativeError(conv2dBackward(x, weights, 1, 'same', dOut).dInput.data, direct)).toBeLessThanOrEqual(
      1e-12,
    );
  });

  test('within weightsHeld the weights are compared once (the caller promised no edits); after it, edits are seen', () => {
    const x = randomTensor(rng, [2, 6, 6]);
    const weights = randomTensor(rng, [3, 2, 3, 3]);
    const bias = tensor([3]);
    const before = directForward(x, weights, bias, 'same');
    weightsHeld(() => {
      expect(arrayRelativeError(conv2d(x, weights, bias, 1, 'same').data, before)).toBeLessThanOrEqual(1e-12);
      weights.data[4] += 1; // breaks the promise, to show that it is relied on
      expect(arrayRelativeError(conv2d(x, weights, bias, 1, 'same').data, before)).toBeLessThanOrEqual(1e-12);
    });
    const after = directForward(x, weights, bias, 'same');
    expect(arrayRelativeError(conv2d(x, weights, bias, 1, 'same').data, after)).toBeLessThanOrEqual(1e-12);
    // A later held call compares again on its first use.
    weights.data[7] -= 1;
    weightsHeld(() =>
      expect(
        arrayRelativeError(conv2d(x, weights, bias, 1, 'same').data, directForward(x, weights, bias, 'same')),
      ).toBeLessThanOrEqual(1e-12),
    );
  });
});
