/** Every forward op against TensorFlow.js on random shapes: max-norm relative error ≤ 1e-5. */
import { tf, randomTensor, relativeError, tfConv, tfMaxPool, toTf, chwToNhwc } from './reference';
import { createRng } from '../../src/core/random';
import { conv2d, conv2dBackward, convOutputGeometry } from '../../src/core/conv';
import { NonFiniteError } from '../../src/core/non-finite';
import { relu } from '../../src/core/activation';
import { maxPool, maxPoolWithArgmax } from '../../src/core/pool';
import { dense, flatten } from '../../src/core/dense';
import { softmax } from '../../src/core/softmax';
import { tensor } from '../../src/core/tensor';
import type { Padding } from '../../src/core/types';

const TOLERANCE = 1e-5;

interface ConvCase {
  channels: number;
  height: number;
  width: number;
  filters: number;
  kernel: number;
  stride: number;
  padding: Padding;
}

// Odd and even sizes, 1 and many channels, strides 1–3, every padding kind, kernels 1–5.
const convCases: ConvCase[] = [
  { channels: 1, height: 7, width: 9, filters: 1, kernel: 3, stride: 1, padding: 'same' },
  { channels: 3, height: 28, width: 28, filters: 16, kernel: 3, stride: 1, padding: 'same' },
  { channels: 16, height: 14, width: 14, filters: 64, kernel: 3, stride: 1, padding: 'same' },
  { channels: 5, height: 11, width: 13, filters: 7, kernel: 3, stride: 2, padding: 'same' },
  { channels: 4, height: 10, width: 9, filters: 3, kernel: 4, stride: 2, padding: 'same' },
  { channels: 2, height: 13, width: 12, filters: 5, kernel: 3, stride: 3, padding: 'same' },
  { channels: 6, height: 9, width: 11, filters: 2, kernel: 3, stride: 1, padding: 'valid' },
  { channels: 1, height: 12, width: 15, filters: 4, kernel: 5, stride: 2, padding: 'valid' },
  { channels: 3, height: 17, width: 14, filters: 3, kernel: 2, stride: 3, padding: 'valid' },
  { channels: 3, height: 5, width: 5, filters: 2, kernel: 3, stride: 2, padding: 1 },
  { channels: 8, height: 9, width: 7, filters: 6, kernel: 3, stride: 1, padding: 2 },
  { channels: 2, height: 11, width: 10, filters: 3, kernel: 5, stride: 3, padding: 1 },
  { channels: 7, height: 6, width: 8, filters: 9, kernel: 1, stride: 1, padding: 'valid' },
];

describe('conv2d matches tf.conv2d', () => {
  const rng = createRng(11);
  test.each(convCases)('C$channels $height×$width, F$filters k$kernel s$stride padding $padding', (c) => {
    const x = randomTensor(rng, [c.channels, c.height, c.width]);
    const w = randomTensor(rng, [c.filters, c.channels, c.kernel, c.kernel]);
    const b = randomTensor(rng, [c.filters]);
    const ours = conv2d(x, w, b, c.stride, c.padding);
    const reference = tfConv(toTf(x), toTf(w), toTf(b), c.stride, c.padding);
    expect(relativeError(ours, reference)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('convOutputGeometry', () => {
  test('same padding puts the odd extra cell after, as TensorFlow does', () => {
    // 10 wide, k4, s2 → out 5, total padding (5−1)·2+4−10 = 2 → 1 before; 9 wide, k4, s1 → total 3 → 1 before.
    expect(convOutputGeometry(10, 4, 2, 'same')).toEqual({ outSize: 5, padBefore: 1 });
    expect(convOutputGeometry(9, 4, 1, 'same')).toEqual({ outSize: 9, padBefore: 1 });
    expect(convOutputGeometry(5, 3, 2, 1)).toEqual({ outSize: 3, padBefore: 1 });
    expect(convOutputGeometry(9, 3, 1, 'valid')).toEqual({ outSize: 7, padBefore: 0 });
  });

  test('rejects impossible geometry with a message that says what to change', () => {
    expect(() => convOutputGeometry(2, 3, 1, 'valid')).toThrow(
      "conv2d: kernel 3 is larger than the input (2) with 'valid' padding",
    );
    expect(() => convOutputGeometry(5, 3, 0, 'same')).toThrow('conv2d: stride 0 must be a positive integer');
    expect(() => convOutputGeometry(5, 3, 1, -1)).toThrow(
      "conv2d: padding -1 is not valid; expected 'valid', 'same' or a whole number",
    );
    expect(() => convOutputGeometry(5, 3, 1, 1.5)).toThrow('conv2d: padding 1.5 is not valid');
  });
});

describe('conv2d checks shapes at the door', () => {
  test('names the op, the argument and both shapes', () => {
    const x = tensor([3, 5, 5]);
    expect(() => conv2d(x, tensor([2, 4, 3, 3]), tensor([2]), 1, 'same')).toThrow(
      'conv2d: weights have shape [2, 4, 3, 3] for 4 input channels but input has shape [3, 5, 5] with 3; expected weights [2, 3, 3, 3]',
    );
    expect(() => conv2d(x, tensor([2, 3, 3, 3]), tensor([3]), 1, 'same')).toThrow(
      'conv2d: bias has shape [3]; expected [2]',
    );
    expect(() => conv2d(tensor([5, 5]), tensor([2, 3, 3, 3]), tensor([2]), 1, 'same')).toThrow(
      'conv2d: input has shape [5, 5]; expected 3 dimensions [channels, height, width]',
    );
    expect(() => conv2d(x, tensor([2, 3, 3, 2]), tensor([2]), 1, 'same')).toThrow('kernels must be square');
    // Plain objects can claim an empty shape that tensor() would refuse; the op, not a helper, is named.
    expect(() =>
      conv2d({ shape: [3, 0, 5], data: new Float64Array(0) }, tensor([2, 3, 3, 3]), tensor([2]), 1, 'same'),
    ).toThrow('conv2d: input has shape [3, 0, 5]; every dimension must be a whole number ≥ 1');
    expect(() => softmax({ shape: [0], data: new Float64Array(0) })).toThrow(
      'softmax: logits has shape [0]; every dimension must be a whole number ≥ 1',
    );
  });

  test('refuses NaN and ±∞ operands, naming the op, the argument and the position', () => {
    // tf.conv2d (a direct product) shows what one ∞ should give; the fast path would smear NaN over its tile.
    const x = tensor([1, 4, 4]);
    x.data[5] = Infinity;
    const w = tensor([1, 1, 3, 3], [1, 0, 2, 1, -1, 1, 0, 1, 1]);
    expect(Array.from(tfConv(toTf(x), toTf(w), toTf(tensor([1])), 1, 'valid').dataSync())).toEqual([
      -Infinity,
      Infinity,
      NaN,
      Infinity,
    ]);
    expect(() => conv2d(x, w, tensor([1]), 1, 'valid')).toThrow(NonFiniteError);
    expect(() => conv2d(x, w, tensor([1]), 1, 'valid')).toThrow(
      'conv2d: input[0, 1, 1] is Infinity; every value must be a finite number',
    );
    expect(() => conv2d(tensor([1, 4, 4]), w, tensor([1], [NaN]), 1, 'valid')).toThrow('conv2d: bias[0] is NaN');
    const dOut = tensor([1, 2, 2], [0, 0, 0, -Infinity]);
    expect(() => conv2dBackward(tensor([1, 4, 4]), w, 1, 'valid', dOut)).toThrow(
      'conv2dBackward: dOut[0, 1, 1] is -Infinity',
    );
  });
});

test('relu matches tf.relu', () => {
  const x = randomTensor(createRng(2), [4, 7, 5]);
  expect(relativeError(relu(x), tf.relu(toTf(x)))).toBe(0);
});

test('relu of special values: −∞ → 0, ∞ → ∞, NaN stays NaN, −0 → 0, as tf.relu', () => {
  const special = [-Infinity, Infinity, NaN, -0, 0, -2.5, 3];
  const ours = Array.from(relu(tensor([7], special)).data);
  expect(ours).toEqual(Array.from(tf.relu(tf.tensor1d(special)).dataSync()));
  expect(Object.is(ours[3], 0)).toBe(true);
});

describe('maxPool matches tf.maxPool', () => {
  const rng = createRng(3);
  test.each([
    [1, 6, 6, 2, 2],
    [5, 7, 9, 2, 2],
    [3, 9, 8, 3, 2],
    [2, 10, 11, 2, 3],
    [4, 7, 7, 3, 1],
  ])('C%i %i×%i size %i stride %i', (c, h, w, size, stride) => {
    const x = randomTensor(rng, [c, h, w]);
    expect(relativeError(maxPool(x, size, stride), tfMaxPool(toTf(x), size, stride))).toBe(0);
  });

  test('2×2 windows moved by 2 (unrolled) give what the general loop gives, winners too: ties, NaN, ±0, ±∞', () => {
    // One 2×2 window per entry (top-left, top-right, bottom-left, bottom-right), side by side in a 1×2×16 map,
    // then a window of random numbers; a trailing odd column and row that no window covers.
    const windows = [
      [1, 1, 1, 1],
      [-0, 0, 0, -0],
      [1, NaN, 3, 2],
      [NaN, 5, 6, 7],
      [2, 3, 3, 1],
      [-Infinity, -Infinity, -5, Infinity],
      [0, -1, 4, 4],
      [rng.normal(), rng.normal(), rng.normal(), rng.normal()],
    ];
    const x = tensor([1, 3, 17]);
    windows.forEach(([a, b, d, e], n) => {
      x.data.set([a, b], 2 * n);
      x.data.set([d, e], 17 + 2 * n);
    });
    const { out, argmax } = maxPoolWithArgmax(x, 2, 2);
    const general = maxPool(x, 2, 1); // the general loop; its even windows are the ones above
    expect(Array.from(maxPool(x, 2, 2).data)).toEqual(windows.map((_, n) => general.data[2 * n]));
    expect(Array.from(out.data)).toEqual(windows.map((_, n) => general.data[2 * n]));
    // The general rule: the first maximum in row-major order, compared with > (a NaN keeps the place it found).
    expect(Array.from(argmax)).toEqual([0, 2, 4, 6, 9, 17 + 11, 17 + 12, argmax[7]]);
    const w = windows[7];
    expect(argmax[7]).toBe([14, 15, 31, 32][w.indexOf(Math.max(...w))]);
  });

  test('with a floor of 0, both unrolled and general windows give the pool of the ReLU maps, bit for bit', () => {
    const rng = createRng(13);
    const x = randomTensor(rng, [3, 9, 8]);
    x.data.set([-0, -0, -0, -0], 0); // a window of −0: ReLU gives +0
    x.data.set([NaN, -3], 8 * 2);
    x.data.fill(-1, 8 * 4, 8 * 6); // whole windows below 0
    for (const [size, stride] of [
      [2, 2],
      [3, 2],
      [2, 1],
    ]) {
      const expected = Array.from(maxPool(relu(x), size, stride).data);
      expect(Array.from(maxPool(x, size, stride, 0).data)).toEqual(expected);
      expect(Array.from(maxPoolWithArgmax(x, size, stride, 0).out.data)).toEqual(expected);
    }
  });

  test('rejects a window larger than the maps', () => {
    expect(() => maxPool(tensor([1, 3, 3]), 4, 1)).toThrow('maxPool: window 4×4 is larger than the input maps 3×3');
  });
});

test('flatten reads channel-major (CHW), like a transpose to NCHW then reshape in TensorFlow.js', () => {
  const x = randomTensor(createRng(4), [3, 4, 5]);
  const reference = tf.reshape(tf.transpose(chwToNhwc(toTf(x)), [0, 3, 1, 2]), [60]);
  expect(relativeError(flatten(x), reference)).toBe(0);
});

describe('dense matches tf.matMul + bias', () => {
  const rng = createRng(5);
  test.each([
    [1, 1],
    [18, 3],
    [3136, 3],
    [37, 11],
  ])('%i inputs → %i classes', (n, k) => {
    const v = randomTensor(rng, [n]);
    const w = randomTensor(rng, [n, k]);
    const b = randomTensor(rng, [k]);
    const reference = tf.add(tf.matMul(tf.reshape(toTf(v), [1, n]), toTf(w)), toTf(b)).reshape([k]);
    expect(relativeError(dense(v, w, b), reference)).toBeLessThanOrEqual(TOLERANCE);
  });

  test('sums each class in input order, exactly as one input at a time would (1–9 inputs: every remainder of 4)', () => {
    for (const classes of [1, 3, 10])
      for (let inputs = 1; inputs <= 9; inputs++) {
        const [v, w, b] = [
          randomTensor(rng, [inputs]),
          randomTensor(rng, [inputs, classes]),
          randomTensor(rng, [classes]),
        ];
        const expected = Array.from(b.data);
        for (let i = 0; i < inputs; i++)
          for (let k = 0; k < classes; k++) expected[k] += v.data[i] * w.data[i * classes + k];
        expect(Array.from(dense(v, w, b).data)).toEqual(expected);
      }
  });

  test('names both shapes when weights do not fit the vector', () => {
    expect(() => dense(tensor([4]), tensor([5, 3]), tensor([3]))).toThrow(
      'dense: weights have shape [5, 3] but vector has shape [4]; expected weights [4, 3]',
    );
  });
});

describe('softmax', () => {
  test('matches tf.softmax', () => {
    const z = randomTensor(createRng(6), [7], 3);
    expect(relativeError(softmax(z), tf.softmax(toTf(z)))).toBeLessThanOrEqual(TOLERANCE);
  });

  test('is stable for logits of ±1000', () => {
    const p = softmax(tensor([3], [1000, -1000, 999]));
    // exp(0) : exp(−2000) : exp(−1) → [1/(1+e⁻¹), 0, e⁻¹/(1+e⁻¹)].
    expect(p.data[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
    expect(p.data[1]).toBe(0);
    expect(p.data[2]).toBeCloseTo(Math.exp(-1) / (1 + Math.exp(-1)), 15);
    const q = softmax(tensor([2], [-1000, -1000]));
    expect(Array.from(q.data)).toEqual([0.5, 0.5]);
  });

  test('rejects non-finite logits', () => {
    expect(() => softmax(tensor([2], [Infinity, 0]))).toThrow('softmax: logits contain Infinity');
    expect(() => softmax(tensor([2], [NaN, 0]))).toThrow('softmax: logits contain NaN');
  });
});
