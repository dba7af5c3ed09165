import type { Tensor } from './types';
import { assertRank, assertShape, tensor } from './tensor';
import { simdKernels } from './simd/kernels';
import { addOuterProductsInKernels, denseInKernels, inputGradientsInKernels } from './simd/dense-simd';

/** The same numbers as a vector, in CHW (channel-major) order: the order the data already has. */
export function flatten(t: Tensor): Tensor {
  return tensor([t.data.length], Float64Array.from(t.data));
}

function planDense(op: string, vector: Tensor, weights: Tensor): { inputs: number; classes: number } {
  const [inputs] = assertRank(op, 'vector', vector, 1, '[n]');
  const [rows, classes] = assertRank(op, 'weights', weights, 2, '[inputs, classes]');
  if (rows !== inputs) {
    throw new Error(
      `${op}: weights have shape [${rows}, ${classes}] but vector has shape [${inputs}]; expected weights [${inputs}, ${classes}] (one row per input)`,
    );
  }
  return { inputs, classes };
}

/** planDense for the forward layer, whose bias must have one value per class. */
function planDenseForward(vector: Tensor, weights: Tensor, bias: Tensor): { inputs: number; classes: number } {
  const plan = planDense('dense', vector, weights);
  assertShape('dense', 'bias', bias, [plan.classes]);
  return plan;
}

/**
 * out[k] = bias[k] + Σ_i vector[i] · weights[i, k], summed in i order; four rows at a time, each out[k] read and
 * written once for the four (the sum keeps its order, so its numbers are those of one row at a time).
 */
export function dense(vector: Tensor, weights: Tensor, bias: Tensor): Tensor {
  const { inputs, classes } = planDenseForward(vector, weights, bias);
  const out = tensor([classes], Float64Array.from(bias.data));
  const [x, w, y] = [vector.data, weights.data, out.data];
  const whole = inputs - (inputs % 4);
  for (let i = 0; i < whole; i += 4) {
    const [r0, r1, r2, r3] = [i * classes, (i + 1) * classes, (i + 2) * classes, (i + 3) * classes];
    const [x0, x1, x2, x3] = [x[i], x[i + 1], x[i + 2], x[i + 3]];
    for (let k = 0; k < classes; k++) y[k] = y[k] + x0 * w[r0 + k] + x1 * w[r1 + k] + x2 * w[r2 + k] + x3 * w[r3 + k];
  }
  for (let i = whole; i < inputs; i++) {
    const row = i * classes;
    for (let k = 0; k < classes; k++) y[k] += x[i] * w[row + k];
  }
  return out;
}

/**
 * Below this many weights, copying them into WebAssembly memory costs more than the layer (the default
 * network's 3,136 × 5 = 15,680 runs there).
 */
const SIMD_MIN_WEIGHTS = 2048;

/** dense of each vector, with the same numbers; on the SIMD kernels when the host has them and the layer is big. */
export function denseEach(vectors: readonly Tensor[], weights: Tensor, bias: Tensor): Tensor[] {
  const kernels = weights.data.length >= SIMD_MIN_WEIGHTS ? simdKernels() : null;
  if (kernels === null) return vectors.map((vector) => dense(vector, weights, bias));
  for (const vector of vectors) planDenseForward(vector, weights, bias);
  return denseInKernels(kernels, vectors, weights, bias).map((logits) => tensor([logits.length], logits));
}

export interface DenseGradients {
  readonly dVector: Tensor;
  readonly dWeights: Tensor;
  readonly dBias: Tensor;
}

export function denseBackward(vector: Tensor, weights: Tensor, dOut: Tensor): DenseGradients {
  const { inputs, classes } = planDense('denseBackward', vector, weights);
  const dWeights = tensor([inputs, classes]);
  const dBias = tensor([classes]);
  const dVector = denseBackwardAdding(vector, weights, dOut, dWeights, dBias);
  return { dVector, dWeights, dBias };
}

/**
 * denseBackward that adds this example's weight and bias gradients into running sums instead of allocating
 * its own (a batch's dense weight gradient is as large as the weights, once per image otherwise), and returns
 * the gradient with respect to the vector, in one pass over the weights. Adding into zeros gives
 * denseBackward's numbers exactly.
 */
function denseBackwardAdding(
  vector: Tensor,
  weights: Tensor,
  dOut: Tensor,
  dWeightsSum: Tensor,
  dBiasSum: Tensor,
): Tensor {
  const { inputs, classes } = startDenseBackward(vector, weights, dOut, dWeightsSum, dBiasSum);
  const dVector = tensor([inputs]);
  const [x, w, dy, dw, dx] = [vector.data, weights.data, dOut.data, dWeightsSum.data, dVector.data];
  // Four rows at a time, each dOut[k] read once for the four (2.3× faster for 3,136 × 10 weights); every sum
  // and every weight gradient still runs in k order, so the numbers are those of one row at a time.
  const whole = inputs - (inputs % 4);
  for (let i = 0; i < whole; i += 4) {
    const [r0, r1, r2, r3] = [i * classes, (i + 1) * classes, (i + 2) * classes, (i + 3) * classes];
    const [x0, x1, x2, x3] = [x[i], x[i + 1], x[i + 2], x[i + 3]];
    let [s0, s1, s2, s3] = [0, 0, 0, 0];
    for (let k = 0; k < classes; k++) {
      const d = dy[k];
      s0 += w[r0 + k] * d;
      dw[r0 + k] += x0 * d;
      s1 += w[r1 + k] * d;
      dw[r1 + k] += x1 * d;
      s2 += w[r2 + k] * d;
      dw[r2 + k] += x2 * d;
      s3 += w[r3 + k] * d;
      dw[r3 + k] += x3 * d;
    }
    [dx[i], dx[i + 1], dx[i + 2], dx[i + 3]] = [s0, s1, s2, s3];
  }
  for (let i = whole; i < inputs; i++) {
    const row = i * classes;
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      sum += w[row + k] * dy[k];
      dw[row + k] += x[i] * dy[k];
    }
    dx[i] = sum;
  }
  return dVector;
}

/**
 * What both paths of an example's backward pass begin with: its shapes checked against the weights and the sums
 * (denseBackward's messages), and its bias gradient, dOut itself, added into dBiasSum.
 */
function startDenseBackward(
  vector: Tensor,
  weights: Tensor,
  dOut: Tensor,
  dWeightsSum: Tensor,
  dBiasSum: Tensor,
): { inputs: number; classes: number } {
  const plan = planDense('denseBackward', vector, weights);
  const { inputs, classes } = plan;
  assertShape('denseBackward', 'dOut', dOut, [classes]);
  assertShape('denseBackward', 'dWeightsSum', dWeightsSum, [inputs, classes]);
  assertShape('denseBackward', 'dBiasSum', dBiasSum, [classes]);
  for (let k = 0; k < classes; k++) dBiasSum.data[k] += dOut.data[k];
  return plan;
}

/**
 * Fewer examples than this take the JavaScript path's one pass per example: with the default network's 3,136 ×
 * 10 weights, the two products (weight and input gradients) cost 2.6× that pass for 1 example, 1.5× for 2, the
 * same for 3 and less from 4 on (0.8×; 8: 0.6×, 16: 0.46×).
 */
const SIMD_MIN_EXAMPLES = 3;

/** The dense layer's backward pass over a batch, a pass of examples at a time (see denseBackwardBatch). */
export interface DenseBackwardBatch {
  /** The gradients at these examples' vectors; their weight and bias gradients go into the sums (by finish()). */
  add(vectors: readonly Tensor[], dOuts: readonly Tensor[]): Tensor[];
  /** Adds what add() left for the end; the sums are complete after it. */
  finish(): void;
}

/**
 * Sums a batch's dense weight and bias gradients into dWeightsSum and dBiasSum: the numbers of adding the
 * examples one after another into them (on the SIMD kernels up to 64 examples a batch: larger batches go in
 * products of 64, each added in turn, which rounds differently). On the JavaScript path each example's are added
 * in the pass over the weights that gives its input gradient; on the kernels a pass's input gradients are taken
 * together (inputGradientsInKernels) and the weight gradients wait for finish(), which adds them with one product
 * for the whole batch.
 * `examples`: how many add() will take (the batch's size), which decides the path.
 */
export function denseBackwardBatch(
  weights: Tensor,
  dWeightsSum: Tensor,
  dBiasSum: Tensor,
  examples: number,
): DenseBackwardBatch {
  const kernels = weights.data.length >= SIMD_MIN_WEIGHTS && examples >= SIMD_MIN_EXAMPLES ? simdKernels() : null;
  if (kernels === null)
    return {
      add: (vectors, dOuts) =>
        vectors.map((vector, n) => denseBackwardAdding(vector, weights, dOuts[n], dWeightsSum, dBiasSum)),
      finish() {},
    };
  const vectors: Float64Array[] = [];
  const dOuts: Float64Array[] = [];
  return {
    add(passVectors, passDOuts) {
      passVectors.forEach((vector, n) => {
        startDenseBackward(vector, weights, passDOuts[n], dWeightsSum, dBiasSum);
        vectors.push(vector.data);
        dOuts.push(passDOuts[n].data);
      });
      const inputs = weights.shape[0];
      return inputGradientsInKernels(kernels, weights, passDOuts).map((dVector) => tensor([inputs], dVector));
    },
    finish() {
      if (vectors.length > 0) addOuterProductsInKernels(kernels, vectors, dOuts, dWeightsSum.data);
      vectors.length = 0;
      dOuts.length = 0;
    },
  };
}
