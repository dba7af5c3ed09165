import type { Padding, Tensor } from './types';
import { assertRank, assertShape, tensor } from './tensor';
import { matMul, matMulTransposed } from './gemm';
import { col2im, columnsShape, im2col } from './im2col';
import { scratch, ScratchSlot } from './scratch';
import { assertFinite } from './non-finite';
import { winogradApplies, winogradConv, winogradFilterGradient, winogradFilters } from './winograd';
import { maxMagnitude, winogradFits } from './winograd-range';

export interface ConvGeometry {
  readonly outSize: number;
  /** Zero cells added before the first input cell (top or left). */
  readonly padBefore: number;
}

/**
 * Output size and leading padding of a convolution along one axis.
 * 'same' follows TensorFlow: output = ceil(in / stride), and an odd total padding puts the extra cell after.
 */
export function convOutputGeometry(
  inSize: number,
  kernel: number,
  stride: number,
  padding: Padding,
  where = 'conv2d',
): ConvGeometry {
  if (!Number.isInteger(inSize) || inSize < 1)
    throw new Error(`${where}: input size ${inSize} must be a positive integer`);
  if (!Number.isInteger(kernel) || kernel < 1)
    throw new Error(`${where}: kernel size ${kernel} must be a positive integer`);
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`${where}: stride ${stride} must be a positive integer`);
  if (padding === 'valid') {
    if (kernel > inSize) {
      throw new Error(
        `${where}: kernel ${kernel} is larger than the input (${inSize}) with 'valid' padding; use a smaller kernel or 'same' padding`,
      );
    }
    return { outSize: Math.floor((inSize - kernel) / stride) + 1, padBefore: 0 };
  }
  if (padding === 'same') {
    const outSize = Math.ceil(inSize / stride);
    const padTotal = Math.max((outSize - 1) * stride + kernel - inSize, 0);
    return { outSize, padBefore: Math.floor(padTotal / 2) };
  }
  if (typeof padding !== 'number' || !Number.isInteger(padding) || padding < 0) {
    throw new Error(
      `${where}: padding ${String(padding)} is not valid; expected 'valid', 'same' or a whole number of cells ≥ 0`,
    );
  }
  const span = inSize + 2 * padding - kernel;
  if (span < 0) {
    throw new Error(
      `${where}: kernel ${kernel} is larger than the padded input (${inSize} + 2×${padding}); use a smaller kernel or more padding`,
    );
  }
  return { outSize: Math.floor(span / stride) + 1, padBefore: padding };
}

/** Everything a convolution loop needs, derived once from the shapes. */
export interface ConvPlan {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly filters: number;
  readonly kernel: number;
  readonly stride: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
  /** For kernel row ky: the output rows [rowStart[ky], rowEnd[ky]) whose input row lies inside the image. */
  readonly rowStart: Int32Array;
  readonly rowEnd: Int32Array;
  /** Same for kernel column kx and output columns. */
  readonly colStart: Int32Array;
  readonly colEnd: Int32Array;
}

/** First and one-past-last output index whose input index o*stride + offset - pad lies in [0, inSize). */
function validOutputRange(
  inSize: number,
  outSize: number,
  stride: number,
  pad: number,
  offset: number,
): [number, number] {
  const start = Math.max(0, Math.ceil((pad - offset) / stride));
  const end = Math.min(outSize, Math.floor((inSize - 1 - offset + pad) / stride) + 1);
  return [start, Math.max(start, end)];
}

/** Checks input [C,H,W] and weights [F,C,k,k] at the door and derives the loop geometry. */
export function planConv(op: string, input: Tensor, weights: Tensor, stride: number, padding: Padding): ConvPlan {
  const [channels, height, width] = assertRank(op, 'input', input, 3, '[channels, height, width]');
  const [filters, weightChannels, kernel, kernelWidth] = assertRank(
    op,
    'weights',
    weights,
    4,
    '[filters, channels, kernel, kernel]',
  );
  if (kernel !== kernelWidth) {
    throw new Error(`${op}: weights have shape [${weights.shape.join(', ')}]; kernels must be square (k×k)`);
  }
  if (weightChannels !== channels) {
    throw new Error(
      `${op}: weights have shape [${weights.shape.join(', ')}] for ${weightChannels} input channels but input has shape [${input.shape.join(', ')}] with ${channels}; expected weights [${filters}, ${channels}, ${kernel}, ${kernel}]`,
    );
  }
  const rows = convOutputGeometry(height, kernel, stride, padding, op);
  const cols = convOutputGeometry(width, kernel, stride, padding, op);
  const rowStart = new Int32Array(kernel);
  const rowEnd = new Int32Array(kernel);
  const colStart = new Int32Array(kernel);
  const colEnd = new Int32Array(kernel);
  for (let k = 0; k < kernel; k++) {
    [rowStart[k], rowEnd[k]] = validOutputRange(height, rows.outSize, stride, rows.padBefore, k);
    [colStart[k], colEnd[k]] = validOutputRange(width, cols.outSize, stride, cols.padBefore, k);
  }
  return {
    channels,
    height,
    width,
    filters,
    kernel,
    stride,
    outHeight: rows.outSize,
    outWidth: cols.outSize,
    padTop: rows.padBefore,
    padLeft: cols.padBefore,
    rowStart,
    rowEnd,
    colStart,
    colEnd,
  };
}

/**
 * Winograd mixes neighbouring values before multiplying, so one NaN or ±∞ would spread to outputs the direct
 * product keeps finite (and turn ±∞ into NaN): non-finite operands are refused instead of silently differing.
 */
export function assertFiniteOperands(op: string, operands: Record<string, Tensor>): void {
  for (const [name, t] of Object.entries(operands)) assertFinite(op, name, t);
}

/** out[f,oy,ox] = bias[f] + Σ_c,ky,kx weights[f,c,ky,kx] · input[c, oy·s+ky−padTop, ox·s+kx−padLeft] (zeros outside). */
export function conv2d(input: Tensor, weights: Tensor, bias: Tensor, stride: number, padding: Padding): Tensor {
  const plan = planConv('conv2d', input, weights, stride, padding);
  assertShape('conv2d', 'bias', bias, [plan.filters]);
  assertFiniteOperands('conv2d', { input, weights, bias });
  const out = tensor([plan.filters, plan.outHeight, plan.outWidth]);
  convForward(plan, input.data, weights.data, bias.data, out.data);
  return out;
}

/** Forward convolution into `out`: Winograd where it applies and cannot overflow, the direct product otherwise. */
function convForward(plan: ConvPlan, x: Float64Array, w: Float64Array, b: Float64Array, out: Float64Array): void {
  const { channels: C, height: H, width: W, filters: F, kernel: K, stride: S, outHeight: OH, outWidth: OW } = plan;
  if (winogradApplies(K, S) && winogradFits(maxMagnitude(x), maxMagnitude(w), C)) {
    winogradConv(x, C, H, W, winogradFilters(w, F, C, false), F, OH, OW, plan.padTop, plan.padLeft, b, out);
  } else {
    convForwardDirect(plan, x, w, b, out);
  }
}

/** Direct convolution: out [F × P] = weights [F × C·k·k] · columns [C·k·k × P], plus bias. */
export function convForwardDirect(
  plan: ConvPlan,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array,
  out: Float64Array,
): void {
  const { rows, cols: P } = columnsShape(plan);
  const columns = scratch(ScratchSlot.Columns, rows * P);
  im2col(plan, x, columns);
  matMul(plan.filters, P, rows, w, 0, columns, 0, out, 0);
  for (let f = 0; f < plan.filters; f++) {
    const bf = b[f];
    for (let p = f * P, end = p + P; p < end; p++) out[p] += bf;
  }
}

export interface ConvGradients {
  readonly dInput: Tensor;
  readonly dWeights: Tensor;
  readonly dBias: Tensor;
}

/** Gradients of conv2d given the upstream gradient dOut [F,OH,OW]. */
export function conv2dBackward(
  input: Tensor,
  weights: Tensor,
  stride: number,
  padding: Padding,
  dOut: Tensor,
): ConvGradients {
  const plan = planConv('conv2dBackward', input, weights, stride, padding);
  assertShape('conv2dBackward', 'dOut', dOut, [plan.filters, plan.outHeight, plan.outWidth]);
  assertFiniteOperands('conv2dBackward', { input, weights, dOut });
  const dInput = tensor(input.shape);
  const dWeights = tensor(weights.shape);
  const dBias = tensor([plan.filters]);
  convBackwardParams(plan, input.data, dOut.data, dWeights.data, dBias.data);
  convBackwardInput(plan, weights.data, dOut.data, dInput.data);
  return { dInput, dWeights, dBias };
}

/** dWeights [F × C·k·k] (by Winograd for 3×3 stride 1, else dOut · columnsᵀ) and dBias[f] = Σ dOut[f], both overwritten. */
export function convBackwardParams(
  plan: ConvPlan,
  x: Float64Array,
  dOut: Float64Array,
  dW: Float64Array,
  dB: Float64Array,
): void {
  convBackwardWeights(plan, x, dOut, dW);
  convBackwardBias(plan, dOut, dB);
}

/** dWeights [F × C·k·k] (overwritten): by Winograd for 3×3 stride 1 where it cannot overflow, else dOut · columnsᵀ. */
export function convBackwardWeights(plan: ConvPlan, x: Float64Array, dOut: Float64Array, dW: Float64Array): void {
  const { channels: C, height: H, width: W, filters: F, kernel: K, stride: S, outHeight: OH, outWidth: OW } = plan;
  if (
    winogradApplies(K, S) &&
    winogradFits(maxMagnitude(x), maxMagnitude(dOut), Math.ceil(OH / 2) * Math.ceil(OW / 2))
  ) {
    winogradFilterGradient(x, C, H, W, dOut, F, OH, OW, plan.padTop, plan.padLeft, dW);
  } else {
    convBackwardWeightsDirect(plan, x, dOut, dW);
  }
}

/** dBias[f] = Σ dOut[f] (overwritten). */
export function convBackwardBias(plan: ConvPlan, dOut: Float64Array, dB: Float64Array): void {
  const P = plan.outHeight * plan.outWidth;
  for (let f = 0; f < plan.filters; f++) {
    let sum = 0;
    for (let p = f * P, end = p + P; p < end; p++) sum += dOut[p];
    dB[f] = sum;
  }
}

/** dWeights [F × C·k·k] (overwritten) without Winograd: dOut [F × P] · columnsᵀ. */
export function convBackwardWeightsDirect(plan: ConvPlan, x: Float64Array, dOut: Float64Array, dW: Float64Array): void {
  const { rows, cols: P } = columnsShape(plan);
  const columns = scratch(ScratchSlot.Columns, rows * P);
  im2col(plan, x, columns);
  matMulTransposed(plan.filters, rows, P, dOut, 0, columns, 0, dW, 0);
}

/**
 * dInput (overwritten). At stride 1 with 3×3 kernels it is a 3×3 correlation of dOut with the rotated filters,
 * done by Winograd; otherwise dColumns = weightsᵀ · dOut, folded back onto the input by col2im.
 */
export function convBackwardInput(plan: ConvPlan, w: Float64Array, dOut: Float64Array, dX: Float64Array): void {
  const { channels: C, height: H, width: W, filters: F, kernel: K, stride: S, outHeight: OH, outWidth: OW } = plan;
  if (winogradApplies(K, S) && winogradFits(maxMagnitude(dOut), maxMagnitude(w), F)) {
    winogradConv(
      dOut,
      F,
      OH,
      OW,
      winogradFilters(w, F, C, true),
      C,
      H,
      W,
      K - 1 - plan.padTop,
      K - 1 - plan.padLeft,
      null,
      dX,
    );
  } else {
    convBackwardInputDirect(plan, w, dOut, dX);
  }
}

/** dInput (overwritten) without Winograd: dColumns [C·k·k × P] = weightsᵀ · dOut, then col2im. */
export function convBackwardInputDirect(plan: ConvPlan, w: Float64Array, dOut: Float64Array, dX: Float64Array): void {
  const { filters: F } = plan;
  const { rows, cols: P } = columnsShape(plan);
  const transposed = scratch(ScratchSlot.TransposedWeights, rows * F);
  for (let f = 0; f < F; f++) for (let q = 0; q < rows; q++) transposed[q * F + f] = w[f * rows + q];
  const dColumns = scratch(ScratchSlot.Columns, rows * P);
  matMul(rows, P, F, transposed, 0, dOut, 0, dColumns, 0);
  col2im(plan, dColumns, dX);
}
