import type { Activations, BlockActivations, ConvParams, Example, ModelParams, ModelSpec, Tensor } from './types';
import { argMax, assertShape, tensor } from './tensor';
import { createRng } from './random';
import { blockBackward, blockForward } from './conv-block';
import type { BlockForward, BlockKeeps } from './conv-block';
import { mark, release } from './simd/wasm-heap';
import { simdKernels } from './simd/kernels';
import { scaleInKernels } from './simd/scale-simd';
import { denseBackwardBatch, denseEach, flatten } from './dense';
import type { DenseBackwardBatch } from './dense';
import { softmax } from './softmax';
import { assertLabel, crossEntropyFromLogits, softmaxCrossEntropyBackward } from './loss';
import { blockInputChannels, layerShapes, validateSpec } from './spec';
import { weightsHeld } from './winograd';
import { scratch, ScratchSlot } from './scratch';

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
  return forwardBatch(spec, params, [image])[0];
}

/**
 * Every intermediate result for each image of a batch: the numbers forward() gives each image, up to float64
 * rounding; the convolutions of the whole batch run together where the SIMD kernels can take them.
 */
export function forwardBatch(spec: ModelSpec, params: ModelParams, images: readonly Tensor[]): Activations[] {
  if (images.length === 0) throw new Error('forward: no images given; give at least one');
  return inPasses(spec, images, FORWARD_PASS_DOUBLES, (pass) => {
    const { inputs, blocks, flats, scores } = forwardPass(spec, params, pass, 'all');
    return inputs.map((input, n): Activations => {
      const blockActs = blocks.map((b): BlockActivations => ({ conv: b.conv[n], relu: b.relu[n], pool: b.pool[n] }));
      return { input, blocks: blockActs, flat: flats[n], ...scores[n] };
    });
  }).flat();
}

/** Class scores of one image. */
export interface Scores {
  /** Shape [classes]. */
  readonly logits: Tensor;
  /** Shape [classes]. */
  readonly probabilities: Tensor;
}

/**
 * The class scores forwardBatch gives each image, without keeping the maps in between (classifying a dataset
 * needs only these): each block's output is pooled before ReLU, on a quarter of the values.
 */
export function classifyBatch(spec: ModelSpec, params: ModelParams, images: readonly Tensor[]): Scores[] {
  if (images.length === 0) throw new Error('classify: no images given; give at least one');
  return inPasses(
    spec,
    images,
    FORWARD_PASS_DOUBLES,
    (pass) => forwardPass(spec, params, pass, 'output').scores,
  ).flat();
}

/**
 * Doubles of the kernels' memory a batched pass may take (8 MB for a forward pass, by the estimate below): a
 * larger batch runs in several passes, whose buffers stay nearer the cache. Measured on this project's 2-core
 * machines (batch 16 of the default network, medians of 8 interleaved runs in one process): class scores ran
 * alike in passes of 1 to 11 pictures (3,100–3,300 pictures/s); training, whose backward pass adds each
 * block's gradient tiles and transformed output gradients, ran fastest in passes of 2 (975 pictures/s; 1: 936,
 * 5: 824, 11: 904). Measured again with the SIMD kernels' dense products (medians of 10 interleaved rounds):
 * passes of 2 1,637–1,768 pictures/s, of 1 1,566, 5 1,224, 11 1,305, the whole batch 1,347. Measured again once
 * training's tile products ran in float32 (medians of 20 interleaved rounds, as ratios to passes of 2): passes of
 * 5 1.03× and the whole batch 1.01× (both within the rounds' spread), of 1 0.85×, of 11 0.87×; so passes of 2 stay.
 */
const FORWARD_PASS_DOUBLES = 1 << 20;
const TRAINING_PASS_DOUBLES = 1 << 19;

/**
 * run() over the items in passes, each pass's kernel memory released after it. The JavaScript path takes one
 * image per pass, keeping each image's forward and backward numbers in cache together.
 */
function inPasses<I, R>(
  spec: ModelSpec,
  items: readonly I[],
  passDoubles: number,
  run: (pass: readonly I[]) => R,
): R[] {
  // Per image, each block's tiles (with a margin for the input gradient's) in V and M, forward and backward,
  // rows padded to 4.
  const perImage = Math.max(
    ...layerShapes(spec).blocks.map(
      ({ conv: [filters, height, width] }, i) =>
        32 * Math.ceil(height / 2 + 1) * Math.ceil(width / 2 + 1) * (blockInputChannels(spec, i) + filters + 6),
    ),
  );
  const size = simdKernels() === null ? 1 : Math.max(1, Math.floor(passDoubles / perImage));
  // No pass changes the weights, so each block's transformed filters are checked against them once, not per pass.
  return weightsHeld(() => {
    const results: R[] = [];
    for (let start = 0; start < items.length; start += size) {
      const top = mark();
      try {
        results.push(run(items.slice(start, start + size)));
      } finally {
        release(top);
      }
    }
    return results;
  });
}

interface RecordedForward {
  /** The images after scaling. */
  readonly inputs: Tensor[];
  /** Per block, what it kept (see BlockKeeps). */
  readonly blocks: BlockForward[];
  /** Per image, the last block's output flattened, and the class scores. */
  readonly flats: Tensor[];
  readonly scores: Scores[];
}

/**
 * The forward pass, keeping of each block what the caller needs. With keeps 'output' only the scores are the
 * caller's: the scaled pictures, the blocks' outputs and the flat vectors are work buffers the next such pass
 * overwrites.
 */
function forwardPass(
  spec: ModelSpec,
  params: ModelParams,
  images: readonly Tensor[],
  keeps: BlockKeeps,
): RecordedForward {
  assertParamsMatchSpec('forward', spec, params);
  for (const image of images) assertImage('forward', spec, image);
  // Class scores alone ('output') need the scaled pictures and the blocks' outputs only during the pass: they go
  // in work buffers reused from pass to pass (new arrays cost more than the numbers written into them).
  const scoring = keeps === 'output';
  const size = spec.input.channels * spec.input.height * spec.input.width;
  const scaled = scoring ? scratch(ScratchSlot.ScoringInputs, images.length * size) : null;
  const inputs = images.map((image, n) => tensor(image.shape, scaled?.subarray(n * size, (n + 1) * size)));
  const kernels = simdKernels();
  if (kernels !== null)
    scaleInKernels(
      kernels,
      images.map((image) => image.data),
      spec.inputScale,
      inputs.map((input) => input.data),
    );
  else
    images.forEach((image, n) => {
      const [from, to, scale] = [image.data, inputs[n].data, spec.inputScale];
      for (let i = 0; i < size; i++) to[i] = from[i] * scale;
    });
  let xs = inputs;
  const blocks = spec.blocks.map((block, i) => {
    const reuse = i % 2 === 0 ? ScratchSlot.ScoringOutputsEven : ScratchSlot.ScoringOutputsOdd;
    const result = blockForward(block, params.conv[i], xs, keeps, scoring ? reuse : undefined);
    xs = result.pool;
    return result;
  });
  // Only the sheets' activations need the flat vector as an array of its own; otherwise it shares the last
  // block's output (CHW order already), which nothing changes.
  const flats = xs.map((x) => (keeps === 'all' ? flatten(x) : tensor([x.data.length], x.data)));
  const scores = denseEach(flats, params.dense.weights, params.dense.bias).map((logits): Scores => ({
    logits,
    probabilities: softmax(logits),
  }));
  return { inputs, blocks, flats, scores };
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
  const { loss, correct, grads } = gradientSums(spec, params, [example]);
  return { loss, correct: correct === 1, grads };
}

/** Summed loss, number correct and summed gradients over the examples, the batch's blocks run together. */
function gradientSums(spec: ModelSpec, params: ModelParams, examples: readonly Example[]): BatchGradients {
  for (const example of examples) assertLabel('backward', example.label, spec.classes.length);
  const grads = zerosLike(params);
  let loss = 0;
  let correct = 0;
  const dense = denseBackwardBatch(params.dense.weights, grads.dense.weights, grads.dense.bias, examples.length);
  inPasses(spec, examples, TRAINING_PASS_DOUBLES, (pass) => {
    const result = addPassGradients(spec, params, pass, grads, dense);
    loss += result.loss;
    correct += result.correct;
  });
  dense.finish();
  return { loss, correct, grads };
}

/**
 * Adds the gradients of one pass's examples into `sums` (the dense layer's through `dense`, complete once the
 * caller finishes it); returns their summed loss and number correct.
 */
function addPassGradients(
  spec: ModelSpec,
  params: ModelParams,
  examples: readonly Example[],
  sums: ModelParams,
  dense: DenseBackwardBatch,
): { loss: number; correct: number } {
  const { inputs, blocks, flats, scores } = forwardPass(
    spec,
    params,
    examples.map((e) => e.image),
    'backward',
  );
  let loss = 0;
  let correct = 0;
  const dLogits = examples.map((example, n) => {
    const { logits, probabilities } = scores[n];
    loss += crossEntropyFromLogits(logits, example.label);
    if (argMax(probabilities.data) === example.label) correct++;
    return softmaxCrossEntropyBackward(probabilities, example.label);
  });
  const dVectors = dense.add(flats, dLogits);

  const lastOutputs = blocks[blocks.length - 1].pool;
  let dOut = lastOutputs.map((out, n) => tensor(out.shape, dVectors[n].data));
  for (let i = spec.blocks.length - 1; i >= 0; i--) {
    const blockInputs = i === 0 ? inputs : blocks[i - 1].pool;
    // The image needs no gradient: the first block skips its input gradient.
    const { dWeights, dBias, dInputs } = blockBackward(
      spec.blocks[i],
      params.conv[i],
      blockInputs,
      blocks[i],
      dOut,
      i > 0,
    );
    addInto(sums.conv[i].weights, dWeights);
    addInto(sums.conv[i].bias, dBias);
    if (dInputs !== null) dOut = dInputs;
  }
  return { loss, correct };
}

function addInto(total: Tensor, part: Tensor): void {
  for (let j = 0; j < total.data.length; j++) total.data[j] += part.data[j];
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
  const { loss, correct, grads } = gradientSums(spec, params, examples);
  const scale = 1 / examples.length;
  for (const s of paramList(grads)) for (let j = 0; j < s.data.length; j++) s.data[j] *= scale;
  return { loss: loss * scale, correct, grads };
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
