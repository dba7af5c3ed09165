/**
 * The engine's shared vocabulary. Every module of src/core, and everything above it, speaks in these types.
 * Tensors are dense, row-major, on Float64Array (V8 reads float64 faster than float32).
 */

/** A dense tensor. Images and feature maps are CHW: shape [channels, height, width]. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** Zero padding of a convolution: 'valid' (none), 'same' (output = ceil(input / stride)), or a number of cells per side. */
export type Padding = 'valid' | 'same' | number;

export interface PoolSpec {
  /** Window height and width. */
  readonly size: number;
  readonly stride: number;
}

/** One convolution block: conv → ReLU → optional max pool. */
export interface ConvBlockSpec {
  readonly filters: number;
  /** Kernel height and width (square kernels). */
  readonly kernel: number;
  readonly stride: number;
  readonly padding: Padding;
  /** null: no pooling after the ReLU. */
  readonly pool: PoolSpec | null;
}

export interface InputSpec {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/**
 * A network: input → conv blocks → flatten → dense → softmax. Input pixels are 0–255 and multiplied by
 * `inputScale` (default 1/255) before the first convolution.
 */
export interface ModelSpec {
  readonly input: InputSpec;
  readonly inputScale: number;
  readonly blocks: readonly ConvBlockSpec[];
  readonly classes: readonly string[];
}

/** Weights of one convolution: weights shape [filters, inputChannels, kernel, kernel], bias shape [filters]. */
export interface ConvParams {
  readonly weights: Tensor;
  readonly bias: Tensor;
}

/** Dense layer: weights shape [inputs, classes] (one column per class, as in the sheet), bias shape [classes]. */
export interface DenseParams {
  readonly weights: Tensor;
  readonly bias: Tensor;
}

export interface ModelParams {
  readonly conv: readonly ConvParams[];
  readonly dense: DenseParams;
}

/** Every intermediate result of a forward pass, in the order the sheets show them. */
export interface BlockActivations {
  readonly conv: Tensor;
  readonly relu: Tensor;
  /** Equal to `relu` when the block has no pool. */
  readonly pool: Tensor;
}

export interface Activations {
  /** The input after scaling. */
  readonly input: Tensor;
  readonly blocks: readonly BlockActivations[];
  /** Shape [n]. Flatten order is CHW (channel-major), the order the sheet's FLATTENMAPS uses. */
  readonly flat: Tensor;
  /** Shape [classes]. */
  readonly logits: Tensor;
  /** Shape [classes]. */
  readonly probabilities: Tensor;
}

/** The article's three readings of the loss for one example with a one-hot target. */
export interface LossReadings {
  /** Negative log-likelihood of the true class: −ln p[label]. */
  readonly crossEntropy: number;
  /** Euclidean distance between the one-hot target and the probabilities. */
  readonly distance: number;
  /** KL(target ‖ prediction); equals crossEntropy for a one-hot target. */
  readonly klDivergence: number;
}

export type OptimizerConfig =
  | { readonly kind: 'sgd'; readonly learningRate: number; readonly momentum?: number; readonly weightDecay?: number }
  | {
      readonly kind: 'adam';
      readonly learningRate: number;
      readonly beta1?: number;
      readonly beta2?: number;
      readonly epsilon?: number;
      readonly weightDecay?: number;
    };

/**
 * Optimizer state, saved to the Train state sheet with the weights (src/sheet/commit-record.ts) and restored.
 * `slots[name]` holds one array per parameter tensor, in `paramList` order (momentum velocity; Adam m and v):
 * typed arrays, on which an Adam step of the default network (10 classes, 41,000 weights) takes a quarter of the
 * time it took on plain number arrays.
 */
export interface OptimizerState {
  readonly kind: 'sgd' | 'adam';
  /** Updates applied so far (Adam's bias correction uses it). */
  readonly step: number;
  readonly slots: Readonly<Record<string, Float64Array[]>>;
}

/** A labelled picture: pixels 0–255, CHW, shape = the spec's input. */
export interface Example {
  readonly image: Tensor;
  readonly label: number;
}

export interface Evaluation {
  readonly count: number;
  readonly meanLoss: number;
  readonly accuracy: number;
  /** confusion[actual][predicted] = count. */
  readonly confusion: number[][];
  /** Accuracy per actual class; NaN where the class has no examples. */
  readonly perClassAccuracy: number[];
}
