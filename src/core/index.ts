/** The CNN engine: pure maths on CHW tensors, no I/O. */
export * from './types';
export { NonFiniteError } from './non-finite';
export { tensor, zeros, sizeOf, assertShape, argMax } from './tensor';
export { createRng } from './random';
export type { Rng } from './random';
export { convOutputGeometry, conv2d, conv2dBackward } from './conv';
export { KERNEL_PATH_NAMES, kernelPath, useKernels } from './simd/kernels';
export type { KernelPath, KernelChoice } from './simd/kernels';
export { maxMagnitude, winogradFits } from './winograd-range';
export type { ConvGeometry, ConvGradients } from './conv';
export { relu, reluBackward } from './activation';
export { maxPool, maxPoolBackward } from './pool';
export { flatten, dense, denseBackward } from './dense';
export type { DenseGradients } from './dense';
export { softmax, logSumExp } from './softmax';
export {
  crossEntropy,
  crossEntropyFromLogits,
  distanceLoss,
  klDivergence,
  lossReadings,
  lossReadingsFromLogits,
  softmaxCrossEntropyBackward,
  oneHot,
} from './loss';
export { defaultSpec, smallSpec, validateSpec, layerShapes, DEFAULT_CLASSES } from './spec';
export type { LayerShapes, BlockShapes } from './spec';
export {
  initParams,
  forward,
  forwardBatch,
  classifyBatch,
  backward,
  batchGradients,
  paramList,
  paramNames,
  cloneParams,
  zerosLike,
  assertParamsMatchSpec,
} from './model';
export type { ExampleGradients, BatchGradients, Scores } from './model';
export { createOptimizerState, applyUpdate } from './optim';
export { epochOrder, trainBatch } from './train';
export type { TrainBatchResult } from './train';
export { predict, evaluate } from './evaluate';
export type { Prediction } from './evaluate';
