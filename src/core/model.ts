import type { Activations, BlockActivations, ConvParams, Example, ModelParams, ModelSpec, Tensor } from './types';
import { argMax, assertShape, tensor } from './tensor';
import { createRng } from './random';
import { conv2d, convBackwardInput, convBackwardParams, planConv } from './conv';
import { relu, reluBackward } from './activation';
import { maxPool, maxPoolWithArgmax, reluMaxPoolBackward } from './pool';
import { dense, denseBackward, flatten } from './dense';
import { softmax } from './softmax';
import { assertLabel, crossEntropyFromLogits, softmaxCrossEntropyBackward } from './loss';
import { blockInputChannels, layerShapes, validateSpec } from './spec';

/**
 * Seeded initial weights: conv weights ~ N(0, 2/fanIn) (He, suited to ReLU), dense weights ~ N(0, 1/fanIn),
 * biases 0. Drawn in paramList order, so the same spec and seed give bit-identical weights.
 */
export function initParams(spec: ModelSpec, seed: number): ModelParams {
  validateSpec(spec);
  const rng = createRng(seed);
  const normalTensor = (shape: number[], std: number): Tensor => {
    const t = tensor(shape);
    for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal() * std;
    return t;
  };
  const conv: ConvParams[] = spec.blocks.map((block, i) => {
    const channels = blockInputChannels(spec, i);
    const fanIn = channels * block.kernel * block.kernel;
    return {
      weights: normalTensor([block.filters, channels, block.kernel, block.kernel], Math.sqrt(2 / fanIn)),
      bias: tensor([block.filters]),
    };
  });
  const [inputs] = layerShapes(spec).flat;
  const classes = spec.classes.length;
  return { conv, dense: { weights: normalTensor([inputs, classes], Math.sqrt(1 / inputs)), bias: tensor([classes]) } };
}

/** Throws unless every parameter tensor has the shape the spec asks for. */
export function assertParamsMatchSpec(op: string, spec: ModelSpec, params: ModelParams): void {
  if (params.conv.length !== spec.blocks.length) {
    throw new Error(
      `${op}: params have ${params.conv.length} conv layers but the spec has ${spec.blocks.length} blocks; re-initialise the weights for this spec`,
    );
  }
  spec.blocks.forEach((block, i) => {
    assertShape(op, `conv${i}.weights`, params.conv[i].weights, [
      block.filters,
      blockInputChannels(spec, i),
      block.kernel,
      block.kernel,
    ]);
    assertShape(op, `conv${i}.bias`, params.conv[i].bias, [block.filters]);
  });
  const [inputs] = layerShapes(spec).flat;
  assertShape(op, 'dense.weights', params.dense.weights, [inputs, spec.classes.length]);
  assertShape(op, 'dense.bias', params.dense.bias, [spec.classes.length]);
}

function assertImage(op: string, spec: ModelSpec, image: Tensor): void {
  assertShape(op, 'image', image, [spec.input.channels, spec.input.height, spec.input.width]);
}

/** Every intermediate result for one image (pixels 0–255, CHW). */
export function forward(spec: ModelSpec, params: ModelParams, image: Tensor): Activations {
  return forwardPass(spec, params, image, false).acts;
}

interface RecordedForward {
  readonly acts: Activations;
  /** Per block, the pool windows' winners (null for a block without a pool, or when not recorded). */
  readonly poolArgmax: (Int32Array | null)[];
}

/** The forward pass; for training it also keeps where each pool window's maximum was, for the backward pass. */
function forwardPass(spec: ModelSpec, params: ModelParams, image: Tensor, recordArgmax: boolean): RecordedForward {
  assertParamsMatchSpec('forward', spec, params);
  assertImage('forward', spec, image);
  const input = tensor(image.shape);
  for (let i = 0; i < input.data.length; i++) input.data[i] = image.data[i] * spec.inputScale;
  let x = input;
  const poolArgmax: (Int32Array | null)[] = [];
  const blocks: BlockActivations[] = spec.blocks.map((block, i) => {
    const conv = conv2d(x, params.conv[i].weights, params.conv[i].bias, block.stride, block.padding);
    const activated = relu(conv);
    let pool = activated;
    let argmax: Int32Array | null = null;
    if (block.pool && recordArgmax)
      ({ out: pool, argmax } = maxPoolWithArgmax(activated, block.pool.size, block.pool.stride));
    else if (block.pool) pool = maxPool(activated, block.pool.size, block.pool.stride);
    poolArgmax.push(argmax);
    x = pool;
    return { conv, relu: activated, pool };
  });
  const flat = flatten(x);
  const logits = dense(flat, params.dense.weights, params.dense.bias);
  return { acts: { input, blocks, flat, logits, probabilities: softmax(logits) }, poolArgmax };
}

export interface ExampleGradients {
  /** Cross-entropy of this example, computed from the logits (finite even when a probability rounds to 0). */
  readonly loss: number;
  /** Whether the most probable class is the label. */
  readonly correct: boolean;
  readonly grads: ModelParams;
}

/** Loss and the gradient of the cross-entropy with respect to every parameter, for one example. */
export function backward(spec: ModelSpec, params: ModelParams, example: Example): ExampleGradients {
  assertLabel('backward', example.label, spec.classes.length);
  const { acts, poolArgmax } = forwardPass(spec, params, example.image, true);
  const { logits, probabilities } = acts;
  const loss = crossEntropyFromLogits(logits, example.label);
  const correct = argMax(probabilities.data) === example.label;

  const dLogits = softmaxCrossEntropyBackward(probabilities, example.label);
  const denseGrads = denseBackward(acts.flat, params.dense.weights, dLogits);
  const lastPool = acts.blocks[acts.blocks.length - 1].pool;
  let dOut: Tensor = tensor(lastPool.shape, denseGrads.dVector.data);
  const convGrads: ConvParams[] = new Array(spec.blocks.length);
  for (let i = spec.blocks.length - 1; i >= 0; i--) {
    const block = spec.blocks[i];
    const blockActs = acts.blocks[i];
    const argmax = poolArgmax[i];
    const dConv = argmax ? reluMaxPoolBackward(blockActs.conv, argmax, dOut) : reluBackward(blockActs.conv, dOut);
    const blockInput = i === 0 ? acts.input : acts.blocks[i - 1].pool;
    const { weights } = params.conv[i];
    const plan = planConv('backward', blockInput, weights, block.stride, block.padding);
    const dWeights = tensor(weights.shape);
    const dBias = tensor([block.filters]);
    convBackwardParams(plan, blockInput.data, dConv.data, dWeights.data, dBias.data);
    convGrads[i] = { weights: dWeights, bias: dBias };
    // The image needs no gradient: the first block skips its input gradient.
    if (i > 0) {
      dOut = tensor(blockInput.shape);
      convBackwardInput(plan, weights.data, dConv.data, dOut.data);
    }
  }
  return { loss, correct, grads: { conv: convGrads, dense: { weights: denseGrads.dWeights, bias: denseGrads.dBias } } };
}

export interface BatchGradients {
  /** Mean cross-entropy over the batch. */
  readonly loss: number;
  /** Number of examples whose most probable class is the label. */
  readonly correct: number;
  /** Mean gradient over the batch. */
  readonly grads: ModelParams;
}

export function batchGradients(spec: ModelSpec, params: ModelParams, examples: readonly Example[]): BatchGradients {
  if (examples.length === 0) throw new Error('batchGradients: the batch is empty; give at least one example');
  const sums = zerosLike(params);
  const sumList = paramList(sums);
  let loss = 0;
  let correct = 0;
  for (const example of examples) {
    const result = backward(spec, params, example);
    loss += result.loss;
    if (result.correct) correct++;
    paramList(result.grads).forEach((g, i) => {
      const s = sumList[i].data;
      for (let j = 0; j < s.length; j++) s[j] += g.data[j];
    });
  }
  const scale = 1 / examples.length;
  for (const s of sumList) for (let j = 0; j < s.data.length; j++) s.data[j] *= scale;
  return { loss: loss * scale, correct, grads: sums };
}

/** Every parameter tensor: conv0.weights, conv0.bias, …, dense.weights, dense.bias. */
export function paramList(params: ModelParams): Tensor[] {
  const list: Tensor[] = [];
  for (const conv of params.conv) list.push(conv.weights, conv.bias);
  list.push(params.dense.weights, params.dense.bias);
  return list;
}

/** Human-readable names in paramList order, for messages and sheets. */
export function paramNames(params: ModelParams): string[] {
  const names: string[] = [];
  params.conv.forEach((_, i) => names.push(`conv${i}.weights`, `conv${i}.bias`));
  names.push('dense.weights', 'dense.bias');
  return names;
}

function mapParams(params: ModelParams, copy: (t: Tensor) => Tensor): ModelParams {
  return {
    conv: params.conv.map((c) => ({ weights: copy(c.weights), bias: copy(c.bias) })),
    dense: { weights: copy(params.dense.weights), bias: copy(params.dense.bias) },
  };
}

export function cloneParams(params: ModelParams): ModelParams {
  return mapParams(params, (t) => tensor(t.shape, Float64Array.from(t.data)));
}

export function zerosLike(params: ModelParams): ModelParams {
  return mapParams(params, (t) => tensor(t.shape));
}
