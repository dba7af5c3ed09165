import type { ConvBlockSpec, ConvParams, Tensor } from './types';
import { tensor } from './tensor';
import {
  assertFiniteOperands,
  conv2d,
  convBackwardBias,
  convBackwardInput,
  convBackwardWeights,
  planConv,
} from './conv';
import { relu, reluBackward } from './activation';
import { maxPool, maxPoolWithArgmax, reluMaxPoolBackward } from './pool';
import { winogradApplies } from './winograd';
import { FLOAT32_MAX, winogradFits } from './winograd-range';
import { simdKernels } from './simd/kernels';
import type { SimdKernels } from './simd/kernels';
import { maxMagnitudeInKernels } from './simd/range-simd';
import { scaleInKernels } from './simd/scale-simd';
import {
  winogradBatchFilterGradient,
  winogradBatchInputGradient,
  winogradBatchForward,
  winogradBatchForwardPooled,
} from './simd/winograd-batch';
import type { ProductPrecision, TransformedBatch } from './simd/winograd-batch';
import { scratch, ScratchSlot } from './scratch';

/*
 * One block of the network (convolution, ReLU, optional max-pool) for a batch of images. Where WebAssembly SIMD
 * runs and the block's convolution is Winograd's (3×3, stride 1, in range), the batch's convolutions and their
 * gradients run together in the kernels' memory (src/core/simd/winograd-batch.ts); otherwise image by image.
 * Training's batched products run in float32, twice as fast, where its numbers fit float32's range (float32Fits);
 * everything the sheets show (every map, the class scores) stays float64.
 * Callers bracket a pass with the memory stack's mark()/release() (src/core/simd/wasm-heap.ts).
 */

/**
 * What blockForward keeps of each image: every map, for the sheets and Explain ('all'); what the backward pass
 * needs, the block's output and each pool window's winner ('backward': ReLU let a gradient through where the
 * output is > 0, so neither the convolution nor the ReLU maps are kept); or the block's output alone ('output',
 * which class scores need, and only until the next block has read it).
 */
export type BlockKeeps = 'all' | 'backward' | 'output';

export interface BlockForward {
  /** Empty unless every map was kept. */
  readonly conv: Tensor[];
  /** Empty unless every map was kept. */
  readonly relu: Tensor[];
  /** The block's output: the pooled ReLU maps, or the ReLU maps themselves when the block has no pool. */
  readonly pool: Tensor[];
  /** Per image, each pool window's winner (index into conv), or null (no pool, or not kept). */
  readonly argmax: (Int32Array | null)[];
  /** The batch's transformed inputs when it ran batched, for the filter gradient. */
  readonly transformed: TransformedBatch | null;
  /** Largest |input| of the batch, measured when it could run batched (NaN otherwise). */
  readonly inputMax: number;
  /** Largest |weight|, measured with inputMax (NaN otherwise), for the backward pass's range rule too. */
  readonly weightsMax: number;
}

/** Whether a batched product of operands bounded by maxA and maxB, summed over `terms`, may run in float32. */
const float32Fits = (maxA: number, maxB: number, terms: number): boolean =>
  winogradFits(maxA, maxB, terms, FLOAT32_MAX);

/**
 * Output gradients whose largest |value| is below this are scaled up before the batched products. A network
 * already sure of a batch's pictures hands back gradients of 1e-40 and less (every wrong class's logit trailing by
 * 90 or more), which float32 holds only as denormals, with fewer digits, and as zero below 1.4e-45: the float32
 * products would no longer match the float64 path's to float32 rounding.
 */
const TINY_GRADIENT = 2 ** -32;

/**
 * The power of two that brings gradients at most `max` in size to between 1 and 2 when max is tiny (1 otherwise).
 * Multiplying by a power of two changes only the exponent, so the products, divided by it again, are exactly those
 * of the unscaled gradients wherever those stay normal, and keep float32's precision where they would not.
 */
function tinyGradientScale(max: number): number {
  if (!(max > 0 && max < TINY_GRADIENT)) return 1;
  // 2^1023 is the largest finite power of two: gradients near float64's smallest values come up as far as it goes.
  return 2 ** Math.min(1023, -Math.floor(Math.log2(max)));
}

/** Largest |value| over the tensors (Infinity when one holds NaN or ±∞). */
const largest = (kernels: SimdKernels, tensors: readonly Tensor[]): number =>
  maxMagnitudeInKernels(
    kernels,
    tensors.map((t) => t.data),
  );

/** total[j] = Σ over images of part(n)[j], image 0 written as is (so one image gives its own numbers, bit for bit). */
function sumOverImages(count: number, total: Float64Array, part: (n: number, into: Float64Array) => void): void {
  const scratch = count > 1 ? new Float64Array(total.length) : total;
  for (let n = 0; n < count; n++) {
    part(n, n === 0 ? total : scratch);
    if (n > 0) for (let j = 0; j < total.length; j++) total[j] += scratch[j];
  }
}

/**
 * `reuse`, for keeps 'output': a work buffer where the block's output may be left (valid until that slot is used
 * again), instead of new arrays; the caller needs the output only until then.
 */
export function blockForward(
  block: ConvBlockSpec,
  params: ConvParams,
  inputs: readonly Tensor[],
  keeps: BlockKeeps,
  reuse?: ScratchSlot,
): BlockForward {
  const { weights, bias } = params;
  const plan = planConv('conv2d', inputs[0], weights, block.stride, block.padding);
  const kernels = simdKernels();
  const measured = kernels !== null && winogradApplies(plan.kernel, plan.stride);
  const inputMax = measured ? largest(kernels, inputs) : NaN;
  const weightsMax = measured ? maxMagnitudeInKernels(kernels, [weights.data]) : NaN;
  const result: BlockForward = { conv: [], relu: [], pool: [], argmax: [], transformed: null, inputMax, weightsMax };
  const { pool } = block;
  // Each image's maps are pooled as soon as its convolution is done: while they are in cache, and, when only
  // the output is kept, straight from the kernels' memory without copying them out.
  const activate = (c: Tensor): void => {
    if (keeps === 'all') {
      result.conv.push(c);
      const activated = relu(c);
      result.relu.push(activated);
      result.pool.push(pool ? maxPool(activated, pool.size, pool.stride) : activated);
      result.argmax.push(null);
    } else if (pool && keeps === 'backward') {
      // ReLU commutes with max: pooling the convolution with a floor of 0 gives the pooled ReLU maps, and a
      // winner the gradient can reach (conv > 0, so output > 0) is the ReLU maps' winner too.
      const { out, argmax } = maxPoolWithArgmax(c, pool.size, pool.stride, 0);
      result.pool.push(out);
      result.argmax.push(argmax);
    } else {
      result.pool.push(pool ? maxPool(c, pool.size, pool.stride, 0) : relu(c));
      result.argmax.push(null);
    }
  };
  const batched = kernels !== null && measured && winogradFits(inputMax, weightsMax, plan.channels);
  if (batched) {
    // The range check refused non-finite inputs and weights; the bias is checked as conv2d checks it.
    assertFiniteOperands('conv2d', { bias });
    const [filters, height, width] = [plan.filters, plan.outHeight, plan.outWidth];
    const precision: ProductPrecision =
      keeps === 'backward' && float32Fits(inputMax, weightsMax, plan.channels) ? 'float32' : 'float64';
    // Maps smaller than the window go activate's way, which refuses them.
    if (keeps !== 'all' && pool?.size === 2 && pool.stride === 2 && height >= 2 && width >= 2) {
      // Straight from the tile products to the pooled output (and the winners training needs): activate's
      // numbers, the convolution's maps never written (their finiteness, which the kernel needs, is checked above).
      const { pooled, transformed } = winogradBatchForwardPooled(
        kernels,
        plan,
        inputs.map((x) => x.data),
        weights.data,
        bias.data,
        precision,
        keeps === 'backward',
        keeps === 'output' && reuse !== undefined
          ? scratch(reuse, inputs.length * filters * (height >> 1) * (width >> 1))
          : undefined,
      );
      for (const { pooled: out, winners } of pooled) {
        result.pool.push(tensor([filters, height >> 1, width >> 1], out));
        result.argmax.push(winners);
      }
      return { ...result, transformed };
    }
    const transformed = winogradBatchForward(
      kernels,
      plan,
      inputs.map((x) => x.data),
      weights.data,
      bias.data,
      precision,
      // The maps are in the kernels' memory only until the next image: kept maps are copied out.
      (maps) => activate(tensor([filters, height, width], keeps === 'all' ? maps.slice() : maps)),
    );
    return { ...result, transformed };
  }
  for (const x of inputs) activate(conv2d(x, weights, bias, block.stride, block.padding));
  return result;
}

export interface BlockGradients {
  /** Summed over the batch. */
  readonly dWeights: Tensor;
  readonly dBias: Tensor;
  /** Per image, the gradient at the block's input; null when not asked for (the first block). */
  readonly dInputs: Tensor[] | null;
}

/**
 * Gradients of a block for the batch, from the gradients at its outputs (after the pool) and what blockForward
 * kept (argmax recorded). Weight and bias gradients are sums over the images.
 */
export function blockBackward(
  block: ConvBlockSpec,
  params: ConvParams,
  inputs: readonly Tensor[],
  forward: BlockForward,
  dOutputs: readonly Tensor[],
  needInputGradient: boolean,
): BlockGradients {
  const { weights } = params;
  const plan = planConv('backward', inputs[0], weights, block.stride, block.padding);
  const convShape = [plan.filters, plan.outHeight, plan.outWidth];
  // The batch's gradients at the convolutions live only during this call: one buffer, reused from call to call
  // and cleared, rather than a fresh array per image (the largest arrays of a training step).
  const convSize = plan.filters * plan.outHeight * plan.outWidth;
  const cleared = block.pool
    ? scratch(ScratchSlot.ConvGradients, dOutputs.length * convSize).fill(0, 0, dOutputs.length * convSize)
    : null;
  // The block's output is > 0 exactly where the convolution is (ReLU), so it stands in for it.
  const dConv: Tensor[] = [];
  const dBias = tensor([block.filters]);
  sumOverImages(dOutputs.length, dBias.data, (n, biasInto) => {
    const argmax = forward.argmax[n];
    const output = forward.pool[n];
    if (argmax && cleared) {
      const into = cleared.subarray(n * convSize, (n + 1) * convSize);
      dConv.push(reluMaxPoolBackward(convShape, output, argmax, dOutputs[n], into, biasInto));
    } else {
      dConv.push(reluBackward(output, dOutputs[n]));
      convBackwardBias(plan, dConv[n].data, biasInto);
    }
  });
  const dWeights = tensor(weights.shape);
  const kernels = simdKernels();
  const tiles = Math.ceil(plan.outHeight / 2) * Math.ceil(plan.outWidth / 2) * inputs.length;
  const batched = kernels !== null && forward.transformed !== null;
  // The range rule needs only a bound: ReLU and the pool hand each output gradient to one cell (overlapping
  // windows add up to ⌈size/stride⌉² of them there), so the pooled gradients, 4× fewer, bound dConv.
  const overlap = block.pool ? Math.ceil(block.pool.size / block.pool.stride) ** 2 : 1;
  const measuredMax = batched ? largest(kernels, dOutputs) * overlap : NaN;
  const gradientScale = batched ? tinyGradientScale(measuredMax) : 1;
  // In place, exactly (the factors are powers of two).
  const rescale = (arrays: Float64Array[], factor: number): void => {
    if (kernels !== null && factor !== 1) scaleInKernels(kernels, arrays, factor, arrays);
  };
  rescale(
    dConv.map((d) => d.data),
    gradientScale,
  );
  const dConvMax = measuredMax * gradientScale;
  // The filter gradient's tiles are float32, so it runs batched only on a forward pass transformed in float32.
  if (batched && forward.transformed.precision === 'float32' && float32Fits(forward.inputMax, dConvMax, tiles)) {
    winogradBatchFilterGradient(
      kernels,
      plan,
      forward.transformed,
      dConv.map((d) => d.data),
      dWeights.data,
    );
  } else {
    sumOverImages(inputs.length, dWeights.data, (n, into) =>
      convBackwardWeights(plan, inputs[n].data, dConv[n].data, into),
    );
  }
  rescale([dWeights.data], 1 / gradientScale);
  if (!needInputGradient) return { dWeights, dBias, dInputs: null };
  const dInputs = inputs.map((x) => tensor(x.shape));
  // The weights are those the forward pass measured (its transformed inputs are used above on the same terms).
  if (batched && winogradFits(dConvMax, forward.weightsMax, plan.filters)) {
    winogradBatchInputGradient(
      kernels,
      plan,
      weights.data,
      dConv.map((d) => d.data),
      dInputs.map((d) => d.data),
      float32Fits(dConvMax, forward.weightsMax, plan.filters) ? 'float32' : 'float64',
    );
  } else {
    dInputs.forEach((dX, n) => convBackwardInput(plan, weights.data, dConv[n].data, dX.data));
  }
  rescale(
    dInputs.map((d) => d.data),
    1 / gradientScale,
  );
  return { dWeights, dBias, dInputs };
}
