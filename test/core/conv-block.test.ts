/**
 * The batched convolution blocks (src/core/conv-block.ts): on the WebAssembly SIMD path a Winograd block runs the
 * whole batch in the kernels' memory (src/core/simd/winograd-batch.ts); every output and gradient must equal the
 * JavaScript path image by image (itself held to TensorFlow.js by forward/gradients tests) to float64 rounding,
 * or, for training's batched products (float32), to float32 rounding, over shapes that reach every edge: odd sizes, 1 channel, filter and tile counts that are not multiples of the
 * SIMD blocks, padding wider than the kernel, batches of 1 and 16, and blocks Winograd does not serve.
 */
import { arrayRelativeError, randomTensor } from './reference';
import { createRng } from '../../src/core/random';
import { blockBackward, blockForward } from '../../src/core/conv-block';
import type { BlockForward } from '../../src/core/conv-block';
import {
  backward,
  batchGradients,
  classifyBatch,
  forward,
  forwardBatch,
  initParams,
  paramList,
} from '../../src/core/model';
import { defaultSpec } from '../../src/core/spec';
import { tensor } from '../../src/core/tensor';
import { mark, release } from '../../src/core/simd/wasm-heap';
import { simdKernels, useKernels } from '../../src/core/simd/kernels';
import { maxMagnitudeInKernels } from '../../src/core/simd/range-simd';
import { scaleInKernels } from '../../src/core/simd/scale-simd';
import { maxMagnitude } from '../../src/core/winograd-range';
import { maxPoolWithArgmax } from '../../src/core/pool';
import { planConv } from '../../src/core/conv';
import { winogradBatchForward } from '../../src/core/simd/winograd-batch';
import { NonFiniteError } from '../../src/core/non-finite';
import type { ConvBlockSpec, ConvParams, ModelSpec, Padding, PoolSpec, Tensor } from '../../src/core/types';

const TOLERANCE = 1e-12;
/** Training's batched products run in float32 (unit roundoff 6e-8), summing up to a few hundred terms. */
const FLOAT32_TOLERANCE = 1e-5;

/**
 * Pool winners of a float32 forward pass against the float64 path's: the same cell, or two cells whose float64
 * values are within float32 rounding of each other (a tie at float32's precision may go either way).
 */
function expectSameWinners(actual: Int32Array, expected: Int32Array, conv: Float64Array): void {
  const scale = conv.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
  actual.forEach((cell, i) => {
    if (cell !== expected[i])
      expect(Math.abs(conv[cell] - conv[expected[i]])).toBeLessThanOrEqual(FLOAT32_TOLERANCE * scale);
  });
}

function onJavaScript<T>(run: () => T): T {
  useKernels('javascript');
  try {
    return run();
  } finally {
    useKernels('auto');
  }
}

type Case = [string, number, number, number, number, number, number, Padding, PoolSpec | null, number, boolean];
// name, channels, height, width, filters, kernel, stride, padding, pool, batch, batched on SIMD
const CASES: Case[] = [
  ['default block 1, batch 16', 3, 28, 28, 16, 3, 1, 'same', { size: 2, stride: 2 }, 16, true],
  [
    '1 channel, odd sizes, 5 filters, 3×3 pool by 2, batch 1',
    1,
    7,
    9,
    5,
    3,
    1,
    'valid',
    { size: 3, stride: 2 },
    1,
    true,
  ],
  ['16 → 6 filters, padding 1, no pool, batch 3', 16, 14, 13, 6, 3, 1, 1, null, 3, true],
  // 7 tiles a row, 49 a picture: 4 pictures fill a multiple of 4 columns, with no padding column of their own.
  ['2 → 3 filters, 14 × 14, batch 4', 2, 14, 14, 3, 3, 1, 'same', { size: 2, stride: 2 }, 4, true],
  [
    'padding 3 (wider than the kernel), overlapping pool, batch 2',
    2,
    5,
    6,
    3,
    3,
    1,
    3,
    { size: 2, stride: 1 },
    2,
    true,
  ],
  ['3×3 at stride 2 (no Winograd)', 3, 11, 13, 7, 3, 2, 'same', { size: 2, stride: 2 }, 4, false],
  ['5×5 (no Winograd)', 2, 10, 9, 4, 5, 1, 'valid', null, 2, false],
];

describe.each(CASES)('%s', (_, c, h, w, f, k, stride, padding, pool, batch, batched) => {
  const rng = createRng(7 + c + h + f);
  const block: ConvBlockSpec = { filters: f, kernel: k, stride, padding, pool };
  const params: ConvParams = { weights: randomTensor(rng, [f, c, k, k]), bias: randomTensor(rng, [f]) };
  const inputs = Array.from({ length: batch }, () => randomTensor(rng, [c, h, w]));

  const simd = blockForward(block, params, inputs, 'backward');
  const js = onJavaScript(() => blockForward(block, params, inputs, 'backward'));
  const everyMap = blockForward(block, params, inputs, 'all');
  const everyMapJs = onJavaScript(() => blockForward(block, params, inputs, 'all'));
  const dOutputs = simd.pool.map((p) => randomTensor(rng, [...p.shape]));
  const backwardOf = (forwardResult: BlockForward) =>
    blockBackward(block, params, inputs, forwardResult, dOutputs, true);

  test(`runs ${batched ? 'batched in WebAssembly' : 'image by image'}, and frees its memory after a pass`, () => {
    expect(simd.transformed !== null).toBe(batched);
    expect(js.transformed).toBeNull();
    const top = mark();
    forwardBatch(defaultSpec(), initParams(defaultSpec(), 1), [tensor([3, 28, 28])]);
    expect(mark()).toBe(top);
  });

  // Training's forward pass ('backward') multiplies in float32 when batched.
  const trainingTolerance = batched ? FLOAT32_TOLERANCE : TOLERANCE;

  test('conv, relu, pool and the pool winners equal the JavaScript path (training, batched: to float32)', () => {
    for (let n = 0; n < batch; n++) {
      expect(arrayRelativeError(everyMap.conv[n].data, everyMapJs.conv[n].data)).toBeLessThanOrEqual(TOLERANCE);
      expect(arrayRelativeError(everyMap.relu[n].data, everyMapJs.relu[n].data)).toBeLessThanOrEqual(TOLERANCE);
      expect(arrayRelativeError(simd.pool[n].data, js.pool[n].data)).toBeLessThanOrEqual(trainingTolerance);
      if (batched && pool) expectSameWinners(simd.argmax[n]!, js.argmax[n]!, everyMapJs.conv[n].data);
      else expect(simd.argmax[n]).toEqual(js.argmax[n]);
      expect(simd.pool[n].shape).toEqual(js.pool[n].shape);
    }
  });

  test('keeping less gives the same outputs: bit for bit for class scores, pooling before ReLU as after it', () => {
    const output = blockForward(block, params, inputs, 'output');
    for (let n = 0; n < batch; n++) {
      expect(Array.from(output.pool[n].data)).toEqual(Array.from(everyMap.pool[n].data));
      if (batched)
        expect(arrayRelativeError(simd.pool[n].data, everyMap.pool[n].data)).toBeLessThanOrEqual(FLOAT32_TOLERANCE);
      else expect(Array.from(simd.pool[n].data)).toEqual(Array.from(everyMap.pool[n].data));
    }
    expect(simd.relu).toEqual([]);
    expect(output.relu).toEqual([]);
    expect(simd.conv).toEqual([]);
    expect(output.conv).toEqual([]);
    expect(output.argmax.every((a) => a === null)).toBe(true);
    expect(simd.argmax.every((a) => (a !== null) === (pool !== null))).toBe(true);
  });

  test('weight, bias and input gradients (summed over the batch) equal the JavaScript path (batched: to float32)', () => {
    const fast = backwardOf(simd);
    // From the same forward pass (its winners), so only the backward pass's arithmetic differs.
    const reference = onJavaScript(() => backwardOf(simd));
    expect(arrayRelativeError(fast.dWeights.data, reference.dWeights.data)).toBeLessThanOrEqual(
      batched ? FLOAT32_TOLERANCE : 1e-11,
    );
    expect(arrayRelativeError(fast.dBias.data, reference.dBias.data)).toBeLessThanOrEqual(TOLERANCE);
    for (let n = 0; n < batch; n++)
      expect(arrayRelativeError(fast.dInputs![n].data, reference.dInputs![n].data)).toBeLessThanOrEqual(
        trainingTolerance,
      );
  });
});

test("training's products run in float64 where float32 would overflow, each product deciding for itself", () => {
  const rng = createRng(3);
  const block: ConvBlockSpec = { filters: 4, kernel: 3, stride: 1, padding: 'same', pool: { size: 2, stride: 2 } };
  // Inputs and weights near 1e20: their products (1e40) pass float32's largest value (3.4e38), not float64's.
  const params: ConvParams = { weights: randomTensor(rng, [4, 2, 3, 3], 1e20), bias: randomTensor(rng, [4]) };
  const inputs = [randomTensor(rng, [2, 6, 6], 1e20), randomTensor(rng, [2, 6, 6], 1e20)];
  const fast = blockForward(block, params, inputs, 'backward');
  expect(fast.transformed?.precision).toBe('float64');
  const js = onJavaScript(() => blockForward(block, params, inputs, 'backward'));
  fast.pool.forEach((p, n) => expect(arrayRelativeError(p.data, js.pool[n].data)).toBeLessThanOrEqual(TOLERANCE));
  expect(fast.argmax).toEqual(js.argmax);
  // Gradients near 1: the filter gradient (inputs × gradients, 1e20) would fit float32, but its tiles come from
  // the float64 forward pass, so it runs image by image; the input gradient (weights × gradients) runs in float32.
  const dOutputs = fast.pool.map((p) => randomTensor(rng, [...p.shape]));
  const gradients = blockBackward(block, params, inputs, fast, dOutputs, true);
  const reference = onJavaScript(() => blockBackward(block, params, inputs, fast, dOutputs, true));
  expect(Array.from(gradients.dWeights.data)).toEqual(Array.from(reference.dWeights.data));
  gradients.dInputs!.forEach((d, n) =>
    expect(arrayRelativeError(d.data, reference.dInputs![n].data)).toBeLessThanOrEqual(FLOAT32_TOLERANCE),
  );
});

test.each([
  ['a pooled block', { size: 2, stride: 2 }],
  ['a block without a pool', null],
])(
  "tiny gradients (a network already sure of its pictures) keep float32's precision in %s's batched products",
  (_, pool) => {
    const rng = createRng(5);
    const block: ConvBlockSpec = { filters: 6, kernel: 3, stride: 1, padding: 'same', pool };
    const params: ConvParams = { weights: randomTensor(rng, [6, 3, 3, 3]), bias: randomTensor(rng, [6]) };
    const inputs = [randomTensor(rng, [3, 8, 8]), randomTensor(rng, [3, 8, 8])];
    const fast = blockForward(block, params, inputs, 'backward');
    expect(fast.transformed?.precision).toBe('float32');
    const dOutputs = fast.pool.map((p) => randomTensor(rng, [...p.shape]));
    const gradients = blockBackward(block, params, inputs, fast, dOutputs, true);
    // 2^-140 (7e-43) takes the gradients below float32's smallest normal number (1.2e-38), 2^-160 below its
    // smallest denormal (1.4e-45): the gradients of the scaled-down outputs must be those above, scaled down.
    for (const exponent of [-140, -160]) {
      const factor = 2 ** exponent;
      const tiny = dOutputs.map((d) =>
        tensor(
          [...d.shape],
          d.data.map((v) => v * factor),
        ),
      );
      const scaled = blockBackward(block, params, inputs, fast, tiny, true);
      // The caller's gradients are left as they were.
      tiny.forEach((d, n) => expect(Array.from(d.data)).toEqual(Array.from(dOutputs[n].data, (v) => v * factor)));
      expect(Array.from(scaled.dWeights.data)).toEqual(Array.from(gradients.dWeights.data, (v) => v * factor));
      scaled.dInputs!.forEach((d, n) =>
        expect(Array.from(d.data)).toEqual(Array.from(gradients.dInputs![n].data, (v) => v * factor)),
      );
    }
  },
);

describe('the whole model, batch of 16', () => {
  const spec = defaultSpec();
  const params = initParams(spec, 3);
  const rng = createRng(5);
  const examples = Array.from({ length: 16 }, (_, n) => ({
    image: randomTensor(rng, [3, 28, 28], 255),
    label: n % spec.classes.length,
  }));

  test('forwardBatch gives every image the activations forward() gives it on the JavaScript path', () => {
    const acts = forwardBatch(
      spec,
      params,
      examples.map((e) => e.image),
    );
    examples.forEach((e, n) => {
      const single = onJavaScript(() => forward(spec, params, e.image));
      expect(arrayRelativeError(acts[n].logits.data, single.logits.data)).toBeLessThanOrEqual(TOLERANCE);
      acts[n].blocks.forEach((b, i) =>
        expect(arrayRelativeError(b.pool.data, single.blocks[i].pool.data)).toBeLessThanOrEqual(TOLERANCE),
      );
    });
  });

  test('classifyBatch gives exactly the scores forwardBatch gives, on both paths', () => {
    const images = examples.map((e) => e.image);
    for (const run of [<T>(f: () => T): T => f(), onJavaScript]) {
      const acts = run(() => forwardBatch(spec, params, images));
      const scores = run(() => classifyBatch(spec, params, images));
      scores.forEach((s, n) => {
        expect(Array.from(s.logits.data)).toEqual(Array.from(acts[n].logits.data));
        expect(Array.from(s.probabilities.data)).toEqual(Array.from(acts[n].probabilities.data));
      });
    }
  });

  test("classifyBatch's scores are the caller's: later calls, which reuse its work buffers, leave them as they were", () => {
    const images = examples.map((e) => e.image);
    for (const run of [<T>(f: () => T): T => f(), onJavaScript]) {
      const first = run(() => classifyBatch(spec, params, images));
      const kept = first.map((s) => Array.from(s.logits.data));
      run(() => classifyBatch(spec, params, images.slice(4).reverse()));
      run(() => forwardBatch(spec, params, images.slice(0, 3)));
      first.forEach((s, n) => expect(Array.from(s.logits.data)).toEqual(kept[n]));
      // And the reused buffers give the same scores again.
      const again = run(() => classifyBatch(spec, params, images));
      again.forEach((s, n) => expect(Array.from(s.logits.data)).toEqual(kept[n]));
    }
  });

  test('batchGradients is the mean of the per-image gradients of the JavaScript path, to float32 rounding', () => {
    const batch = batchGradients(spec, params, examples);
    const singles = onJavaScript(() => examples.map((e) => backward(spec, params, e)));
    expect(batch.loss).toBeCloseTo(singles.reduce((s, r) => s + r.loss, 0) / 16, 6);
    expect(batch.correct).toBe(singles.filter((r) => r.correct).length);
    paramList(batch.grads).forEach((g, i) => {
      const mean = new Float64Array(g.data.length);
      for (const r of singles) paramList(r.grads)[i].data.forEach((v, j) => (mean[j] += v / 16));
      expect(arrayRelativeError(g.data, mean)).toBeLessThanOrEqual(FLOAT32_TOLERANCE);
    });
  });

  test('batchGradients gives the same numbers again after other batches (its work buffers are reused)', () => {
    const first = batchGradients(spec, params, examples);
    batchGradients(spec, params, examples.slice(3, 7).reverse());
    const again = batchGradients(spec, params, examples);
    paramList(again.grads).forEach((g, i) =>
      expect(Array.from(g.data)).toEqual(Array.from(paramList(first.grads)[i].data)),
    );
  });

  test('a non-finite bias is refused as conv2d refuses it, on the batched path too', () => {
    const broken = { ...params, conv: [{ ...params.conv[0], bias: tensor([16]) }, params.conv[1]] };
    broken.conv[0].bias.data[2] = NaN;
    const images: Tensor[] = examples.map((e) => e.image);
    expect(() => forwardBatch(spec, broken, images)).toThrow(NonFiniteError);
    expect(() => forwardBatch(spec, broken, images)).toThrow(
      'conv2d: bias[2] is NaN; every value must be a finite number',
    );
  });
});

test('a batch larger than one pass of the kernels’ memory runs in several passes, with the same results', () => {
  // 64 filters on 48×48 pictures: one picture per pass (PASS_DOUBLES in model.ts), so 5 pictures take 5 passes.
  const spec: ModelSpec = {
    input: { channels: 3, height: 48, width: 48 },
    inputScale: 1 / 255,
    blocks: [{ filters: 64, kernel: 3, stride: 1, padding: 'same', pool: { size: 2, stride: 2 } }],
    classes: ['a', 'b'],
  };
  const params = initParams(spec, 9);
  const rng = createRng(10);
  const examples = Array.from({ length: 5 }, (_, n) => ({ image: randomTensor(rng, [3, 48, 48], 255), label: n % 2 }));
  const top = mark();
  const batch = batchGradients(spec, params, examples);
  const acts = forwardBatch(
    spec,
    params,
    examples.map((e) => e.image),
  );
  expect(mark()).toBe(top);
  const singles = onJavaScript(() => examples.map((e) => backward(spec, params, e)));
  expect(batch.correct).toBe(singles.filter((r) => r.correct).length);
  paramList(batch.grads).forEach((g, i) => {
    const mean = new Float64Array(g.data.length);
    for (const r of singles) paramList(r.grads)[i].data.forEach((v, j) => (mean[j] += v / 5));
    expect(arrayRelativeError(g.data, mean)).toBeLessThanOrEqual(FLOAT32_TOLERANCE);
  });
  examples.forEach((e, n) => {
    const single = onJavaScript(() => forward(spec, params, e.image));
    expect(arrayRelativeError(acts[n].logits.data, single.logits.data)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe("the kernels' scaling (pictures' pixels to the network's inputs)", () => {
  test.each([[[1]], [[2]], [[3, 2352]], [[5, 0, 4]]])(
    "gives JavaScript's products exactly: arrays of %j",
    (lengths) => {
      const rng = createRng(lengths.length + lengths[0]);
      const arrays = lengths.map((n) => randomTensor(rng, [Math.max(n, 1)], 255).data.subarray(0, n));
      const specials = [-0, 0, NaN, Infinity, -Infinity, 5e-324, 1e308, -3];
      arrays[arrays.length - 1].set(specials.slice(0, arrays[arrays.length - 1].length));
      const into = lengths.map((n) => new Float64Array(n));
      const top = mark();
      scaleInKernels(simdKernels()!, arrays, 1 / 255, into);
      expect(mark()).toBe(top);
      arrays.forEach((a, n) => expect(Array.from(into[n])).toEqual(Array.from(a, (v) => v * (1 / 255))));
    },
  );
});

describe("the kernels' range measure", () => {
  test.each([[[0]], [[1]], [[3, 4]], [[5, 0, 2]], [[33, 1, 7, 16]]])(
    'equals maxMagnitude over arrays of lengths %j',
    (lengths) => {
      const rng = createRng(lengths.length);
      const arrays = lengths.map((n) => randomTensor(rng, [Math.max(n, 1)]).data.subarray(0, n));
      const expected = arrays.reduce((max, a) => Math.max(max, maxMagnitude(a)), 0);
      expect(maxMagnitudeInKernels(simdKernels()!, arrays)).toBe(expected);
      // The largest value placed last (the kernel's tail) and negative.
      const last = arrays[arrays.length - 1];
      if (last.length > 0) {
        last[last.length - 1] = -1e6;
        expect(maxMagnitudeInKernels(simdKernels()!, arrays)).toBe(1e6);
      }
    },
  );

  test('counts NaN and ±∞ as infinite, and frees what it used', () => {
    const kernels = simdKernels()!;
    const top = mark();
    for (const odd of [NaN, Infinity, -Infinity])
      for (const at of [0, 5, 8]) {
        const data = new Float64Array(9).fill(0.5);
        data[at] = odd;
        expect(maxMagnitudeInKernels(kernels, [new Float64Array([1, -2]), data])).toBe(Infinity);
      }
    expect(maxMagnitudeInKernels(kernels, [new Float64Array([-0, 0])])).toBe(0);
    expect(mark()).toBe(top);
  });
});

describe("the kernels' pooled convolution (training and classifying keep only the pooled maps)", () => {
  test.each([
    ['default block 1', 3, 28, 28, 16, 'same'],
    ['default block 2', 16, 14, 14, 64, 'same'],
    ['odd output rows and columns', 2, 7, 9, 5, 'valid'],
    ['one window per row', 1, 4, 4, 3, 'valid'],
    ['one row of windows, an odd number', 2, 4, 9, 4, 'valid'],
  ] as [string, number, number, number, number, Padding][])(
    "gives maxPoolWithArgmax(conv, 2, 2, 0)'s numbers and winners exactly, in float64 and in float32: %s",
    (_, c, h, w, f, padding) => {
      const rng = createRng(c * h + w * f);
      const block: ConvBlockSpec = { filters: f, kernel: 3, stride: 1, padding, pool: { size: 2, stride: 2 } };
      const bias = randomTensor(rng, [f]);
      bias.data[0] = -5; // every window of map 0 below 0 …
      bias.data[f - 1] = -0;
      const params: ConvParams = { weights: randomTensor(rng, [f, c, 3, 3]), bias };
      // … a picture of zeros ties every window (the first cell wins), and one of random sign.
      const inputs = [tensor([c, h, w]), randomTensor(rng, [c, h, w]), randomTensor(rng, [c, h, w], 3)];
      const maps = blockForward(block, params, inputs, 'all');
      const pooled = blockForward(block, params, inputs, 'backward');
      const classified = blockForward(block, params, inputs, 'output');
      expect(pooled.transformed?.precision).toBe('float32');
      // Training's maps, multiplied in float32 as its pooled pass multiplies them, written out.
      const training: Tensor[] = [];
      const top = mark();
      winogradBatchForward(
        simdKernels()!,
        planConv('conv2d', inputs[0], params.weights, 1, padding),
        inputs.map((x) => x.data),
        params.weights.data,
        bias.data,
        'float32',
        (conv) => training.push(tensor([...maps.conv[0].shape], conv.slice())),
      );
      release(top);
      inputs.forEach((_, n) => {
        expect(arrayRelativeError(training[n].data, maps.conv[n].data)).toBeLessThanOrEqual(FLOAT32_TOLERANCE);
        const reference32 = maxPoolWithArgmax(training[n], 2, 2, 0);
        expect(Array.from(pooled.pool[n].data)).toEqual(Array.from(reference32.out.data));
        expect(Array.from(pooled.argmax[n]!)).toEqual(Array.from(reference32.argmax));
        const reference = maxPoolWithArgmax(maps.conv[n], 2, 2, 0);
        expect(Array.from(classified.pool[n].data)).toEqual(Array.from(reference.out.data));
        expect(pooled.pool[n].shape).toEqual([f, maps.conv[n].shape[1] >> 1, maps.conv[n].shape[2] >> 1]);
      });
      // On the picture of zeros, map 0 is its bias, −5, everywhere: +0 after ReLU, and the first cells win.
      const perMap = pooled.pool[0].data.length / f;
      expect(Array.from(pooled.pool[0].data.subarray(0, perMap))).toEqual(new Array(perMap).fill(0));
      const [, OH, OW] = maps.conv[0].shape;
      expect(pooled.argmax[0]![perMap - 1]).toBe(2 * ((OH >> 1) - 1) * OW + 2 * ((OW >> 1) - 1));
    },
  );

  test('maps smaller than the window are refused as the JavaScript path refuses them', () => {
    const block: ConvBlockSpec = { filters: 2, kernel: 3, stride: 1, padding: 'valid', pool: { size: 2, stride: 2 } };
    const params: ConvParams = { weights: randomTensor(createRng(1), [2, 1, 3, 3]), bias: tensor([2]) };
    for (const keeps of ['backward', 'output'] as const)
      expect(() => blockForward(block, params, [tensor([1, 3, 5])], keeps)).toThrow(
        'maxPool: window 2×2 is larger than the input maps 1×3; use a smaller pool size',
      );
  });
});
