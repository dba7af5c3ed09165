import type { Tensor } from './types';
import { assertRank, assertShape, tensor } from './tensor';

interface PoolPlan {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

function planPool(op: string, input: Tensor, size: number, stride: number): PoolPlan {
  const [channels, height, width] = assertRank(op, 'input', input, 3, '[channels, height, width]');
  if (!Number.isInteger(size) || size < 1) throw new Error(`${op}: size ${size} must be a positive integer`);
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`${op}: stride ${stride} must be a positive integer`);
  if (size > height || size > width) {
    throw new Error(
      `${op}: window ${size}×${size} is larger than the input maps ${height}×${width}; use a smaller pool size`,
    );
  }
  return {
    channels,
    height,
    width,
    outHeight: Math.floor((height - size) / stride) + 1,
    outWidth: Math.floor((width - size) / stride) + 1,
  };
}

/**
 * Index (into input.data) of the maximum of every window, in output order, and (when `out` is given) the
 * maximum itself raised to `floor` (0, the pool of the ReLU maps, or −∞), with Math.max's rules: NaN wins and
 * +0 beats −0. Ties go to the first maximum in row-major window order, so forward and backward agree and
 * results never depend on the platform. The index moves by arithmetic on a 0/1 comparison rather than a
 * branch, which maps of random sign would mispredict half the time.
 */
function windowArgmax(
  input: Tensor,
  plan: PoolPlan,
  size: number,
  stride: number,
  out: Float64Array | null,
  floor: number,
): Int32Array {
  const { channels: C, height: H, width: W, outHeight: OH, outWidth: OW } = plan;
  const x = input.data;
  const argmax = new Int32Array(C * OH * OW);
  let o = 0;
  // 2×2 windows moved by 2 (the default network's), unrolled. Math.max branches on every comparison, so the
  // value is read at the winning index instead; Math.max decides only the rare windows where its rules
  // differ from that (a NaN or infinity in the window, or a maximum of ±0), a branch that is predictable.
  if (size === 2 && stride === 2) {
    for (let c = 0; c < C; c++)
      for (let oy = 0; oy < OH; oy++)
        for (let ox = 0, i = c * H * W + 2 * oy * W; ox < OW; ox++, o++, i += 2) {
          const a = x[i],
            b = x[i + 1],
            d = x[i + W],
            e = x[i + W + 1];
          let best = i + +(b > a);
          best += +(d > x[best]) * (i + W - best);
          best += +(e > x[best]) * (i + W + 1 - best);
          let value = x[best];
          if (value === 0 || a - a + (b - b) + (d - d) + (e - e) !== 0) {
            best = i + +(b > a);
            value = Math.max(a, b);
            best += +(d > value) * (i + W - best);
            value = Math.max(value, d);
            best += +(e > value) * (i + W + 1 - best);
            value = Math.max(floor, value, e);
          } else if (floor === 0) {
            value = value * +(value > 0) + 0; // finite and not 0: exactly max(0, value), and +0 for negatives
          } else value = Math.max(floor, value);
          argmax[o] = best;
          if (out !== null) out[o] = value;
        }
    return argmax;
  }
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < OH; oy++) {
      const rowBase = c * H * W + oy * stride * W;
      for (let ox = 0; ox < OW; ox++, o++) {
        const first = rowBase + ox * stride;
        let best = first;
        let bestValue = x[first];
        for (let wy = 0; wy < size; wy++) {
          const row = first + wy * W;
          for (let wx = 0; wx < size; wx++) {
            const v = x[row + wx];
            best += +(v > bestValue) * (row + wx - best);
            bestValue = Math.max(bestValue, v);
          }
        }
        argmax[o] = best;
        if (out !== null) out[o] = Math.max(floor, bestValue);
      }
    }
  }
  return argmax;
}

export interface PoolWithArgmax {
  readonly out: Tensor;
  /** For every output, the index into the input's data of the value that won its window. */
  readonly argmax: Int32Array;
}

/** maxPool, also keeping each window's winner for the backward pass (training), so it is found only once. */
export function maxPoolWithArgmax(input: Tensor, size: number, stride: number, floor = -Infinity): PoolWithArgmax {
  const plan = planPool('maxPool', input, size, stride);
  const out = tensor([plan.channels, plan.outHeight, plan.outWidth]);
  return { out, argmax: windowArgmax(input, plan, size, stride, out.data, floor) };
}

/**
 * Max over size×size windows moved by `stride`, no padding: OH = floor((H − size) / stride) + 1. NaN propagates.
 * Each maximum is raised to `floor`: with 0 the result is the pool of the ReLU maps, as max commutes with ReLU.
 */
export function maxPool(input: Tensor, size: number, stride: number, floor = -Infinity): Tensor {
  return maxPoolWithArgmax(input, size, stride, floor).out;
}

/** Each output gradient goes to the input cell that won its window (summed where windows overlap). */
export function maxPoolBackward(input: Tensor, size: number, stride: number, dOut: Tensor): Tensor {
  const plan = planPool('maxPoolBackward', input, size, stride);
  assertShape('maxPoolBackward', 'dOut', dOut, [plan.channels, plan.outHeight, plan.outWidth]);
  const argmax = windowArgmax(input, plan, size, stride, null, -Infinity);
  const dInput = tensor(input.shape);
  for (let o = 0; o < argmax.length; o++) dInput.data[argmax[o]] += dOut.data[o];
  return dInput;
}

/**
 * The gradient at the convolution output (shape convShape) of the pooled ReLU maps `pooled`, from the windows'
 * winners kept by maxPoolWithArgmax(conv, …, floor 0): each output gradient goes to its winner where the pooled
 * value is > 0, which is where the winner's conv > 0, so the convolution itself need not be kept. One pass
 * instead of maxPoolBackward then reluBackward, with the same numbers for finite maps and gradients (sums in
 * the same order) and NaN gradients kept as reluBackward keeps them. `into` (all zeros, as many values as
 * convShape holds) lets a caller reuse one buffer across calls; `biasInto` gets, per map, the sum of the
 * gradients that went through: the bias gradient, without a pass over the convolution-sized result.
 */
export function reluMaxPoolBackward(
  convShape: readonly number[],
  pooled: Tensor,
  argmax: Int32Array,
  dOut: Tensor,
  into?: Float64Array,
  biasInto?: Float64Array,
): Tensor {
  if (dOut.data.length !== argmax.length || pooled.data.length !== argmax.length) {
    throw new Error(
      `reluMaxPoolBackward: dOut has shape [${dOut.shape.join(', ')}] (${dOut.data.length} values) and the pooled maps ${pooled.data.length} values, but the pool had ${argmax.length} outputs`,
    );
  }
  const dConv = tensor(convShape, into);
  const y = pooled.data;
  const dx = dConv.data;
  const dy = dOut.data;
  const maps = convShape[0];
  const plane = argmax.length / maps;
  for (let c = 0, o = 0; c < maps; c++) {
    let sum = 0;
    for (const end = o + plane; o < end; o++) {
      const g = dy[o];
      if (y[o] > 0 || g !== g) {
        dx[argmax[o]] += g;
        sum += g;
      }
    }
    if (biasInto) biasInto[c] = sum;
  }
  return dConv;
}
