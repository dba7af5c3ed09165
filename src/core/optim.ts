import type { ModelParams, OptimizerConfig, OptimizerState } from './types';
import { paramList, paramNames } from './model';
import { assertShape } from './tensor';
import { NonFiniteError } from './non-finite';

/*
 * Update rules (g = gradient + weightDecay · w, i.e. weight decay is an L2 term added to the gradient):
 *   sgd:            w ← w − lr · g
 *   sgd + momentum: v ← momentum · v + g ;  w ← w − lr · v          (TensorFlow's MomentumOptimizer, PyTorch's SGD)
 *   adam:           m ← β1·m + (1−β1)·g ;  v ← β2·v + (1−β2)·g² ;
 *                   w ← w − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)   (Kingma & Ba; TensorFlow.js's AdamOptimizer)
 * Defaults: momentum 0, β1 0.9, β2 0.999, ε 1e-8, weightDecay 0.
 */

interface ResolvedConfig {
  readonly kind: 'sgd' | 'adam';
  readonly learningRate: number;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
}

function checkNumber(name: string, value: number, min: number, maxExclusive: number): number {
  if (typeof value !== 'number' || !(value >= min && value < maxExclusive)) {
    throw new Error(`optimizer: ${name} is ${String(value)}; expected a number ≥ ${min} and < ${maxExclusive}`);
  }
  return value;
}

function resolveConfig(config: OptimizerConfig): ResolvedConfig {
  if (config.kind !== 'sgd' && config.kind !== 'adam') {
    throw new Error(
      `optimizer: kind is ${JSON.stringify((config as { kind: unknown }).kind)}; expected 'sgd' or 'adam'`,
    );
  }
  const learningRate = checkNumber('learningRate', config.learningRate, 0, Infinity);
  const weightDecay = checkNumber('weightDecay', config.weightDecay ?? 0, 0, Infinity);
  if (config.kind === 'sgd') {
    const momentum = checkNumber('momentum', config.momentum ?? 0, 0, 1);
    return { kind: 'sgd', learningRate, momentum, beta1: 0, beta2: 0, epsilon: 0, weightDecay };
  }
  return {
    kind: 'adam',
    learningRate,
    momentum: 0,
    beta1: checkNumber('beta1', config.beta1 ?? 0.9, 0, 1),
    beta2: checkNumber('beta2', config.beta2 ?? 0.999, 0, 1),
    epsilon: checkNumber('epsilon', config.epsilon ?? 1e-8, Number.MIN_VALUE, Infinity),
    weightDecay,
  };
}

function slotNames(config: ResolvedConfig): string[] {
  if (config.kind === 'adam') return ['m', 'v'];
  return config.momentum > 0 ? ['velocity'] : [];
}

/** A fresh state: step 0 and zero-filled slots shaped like the parameters. */
export function createOptimizerState(config: OptimizerConfig, params: ModelParams): OptimizerState {
  const resolved = resolveConfig(config);
  const slots: Record<string, Float64Array[]> = {};
  for (const name of slotNames(resolved)) slots[name] = paramList(params).map((t) => new Float64Array(t.data.length));
  return { kind: resolved.kind, step: 0, slots };
}

/** The named slot of a restored state, checked against the parameters (a zero slot if momentum was just turned on). */
function readSlot(state: OptimizerState, name: string, sizes: number[]): Float64Array[] {
  const slot = state.slots[name];
  if (slot === undefined) return sizes.map((n) => new Float64Array(n));
  if (
    !Array.isArray(slot) ||
    slot.length !== sizes.length ||
    slot.some((a, i) => !(a instanceof Float64Array) || a.length !== sizes[i])
  ) {
    throw new Error(
      `optimizer: saved state slot "${name}" does not match the model's parameter sizes [${sizes.join(', ')}]; reset the optimizer state`,
    );
  }
  return slot;
}

/**
 * Applies one update to `params` in place from `grads` (same shapes) and returns the next state.
 * The given state is not modified. Nothing is written unless every new weight is finite: a diverging step
 * (too high a learning rate, a corrupted saved state) throws and leaves the weights as they were.
 */
export function applyUpdate(
  params: ModelParams,
  grads: ModelParams,
  config: OptimizerConfig,
  state: OptimizerState,
): OptimizerState {
  const c = resolveConfig(config);
  if (state.kind !== c.kind) {
    throw new Error(
      `optimizer: the saved state belongs to '${state.kind}' but the optimizer is '${c.kind}'; reset the optimizer state when switching optimizers`,
    );
  }
  if (!Number.isInteger(state.step) || state.step < 0)
    throw new Error(`optimizer: saved step ${state.step} is not a whole number ≥ 0; reset the optimizer state`);
  const values = paramList(params);
  const gradients = paramList(grads);
  const names = paramNames(params);
  if (gradients.length !== values.length) {
    throw new Error(`optimizer: ${gradients.length} gradient tensors for ${values.length} parameter tensors`);
  }
  gradients.forEach((g, i) => assertShape('applyUpdate', `gradient of ${names[i]}`, g, values[i].shape));
  const sizes = values.map((t) => t.data.length);
  const step = state.step + 1;
  const slots: Record<string, Float64Array[]> = {};
  const { learningRate: lr, weightDecay: wd, momentum, beta1, beta2, epsilon } = c;
  // New weights are computed aside and committed only once all are known to be finite.
  const next = values.map((t) => t.data.slice());

  if (c.kind === 'sgd' && momentum === 0) {
    next.forEach((w, i) => sgdUpdate(w, gradients[i].data, lr, wd));
  } else if (c.kind === 'sgd') {
    const velocity = readSlot(state, 'velocity', sizes);
    slots.velocity = next.map((w, i) => momentumUpdate(w, gradients[i].data, velocity[i], momentum, lr, wd));
  } else {
    const mOld = readSlot(state, 'm', sizes);
    const vOld = readSlot(state, 'v', sizes);
    const correction1 = 1 - Math.pow(beta1, step);
    const correction2 = 1 - Math.pow(beta2, step);
    slots.m = next.map((w) => new Float64Array(w.length));
    slots.v = next.map((w) => new Float64Array(w.length));
    const moments: AdamMoments = { beta1, beta2, correction1, correction2 };
    next.forEach((w, i) =>
      adamUpdate(w, gradients[i].data, [slots.m[i], slots.v[i]], [mOld[i], vOld[i]], moments, lr, wd, epsilon),
    );
  }

  next.forEach((w, i) => {
    const j = firstNonFinite(w);
    if (j >= 0) {
      throw new NonFiniteError(
        `optimizer: this step would make ${names[i]}[${j}] ${w[j]}; training diverged (lower the learning rate) or the gradient or saved optimizer state is not finite (reset the optimizer state). The weights were left unchanged`,
      );
    }
  });
  next.forEach((w, i) => values[i].data.set(w));
  return { kind: c.kind, step, slots };
}

/** Index of the first NaN or ±∞ in w, or −1. */
function firstNonFinite(w: Float64Array): number {
  for (let j = 0; j < w.length; j++) if (!Number.isFinite(w[j])) return j;
  return -1;
}

/** Plain SGD for one tensor: w updated in place. */
function sgdUpdate(w: Float64Array, g: Float64Array, lr: number, wd: number): void {
  for (let j = 0; j < w.length; j++) w[j] -= lr * (g[j] + wd * w[j]);
}

/** SGD with momentum for one tensor: w updated in place; returns the new velocity (from vPrev). */
function momentumUpdate(
  w: Float64Array,
  g: Float64Array,
  vPrev: Float64Array,
  momentum: number,
  lr: number,
  wd: number,
): Float64Array {
  const v = new Float64Array(w.length);
  for (let j = 0; j < w.length; j++) {
    const vj = momentum * vPrev[j] + (g[j] + wd * w[j]);
    v[j] = vj;
    w[j] -= lr * vj;
  }
  return v;
}

interface AdamMoments {
  readonly beta1: number;
  readonly beta2: number;
  /** 1 − β1ᵗ and 1 − β2ᵗ. */
  readonly correction1: number;
  readonly correction2: number;
}

/** Adam's step for one tensor: w updated in place, the new moments written into [m, v] from [mPrev, vPrev]. */
function adamUpdate(
  w: Float64Array,
  g: Float64Array,
  [m, v]: readonly [Float64Array, Float64Array],
  [mPrev, vPrev]: readonly [Float64Array, Float64Array],
  { beta1, beta2, correction1, correction2 }: AdamMoments,
  lr: number,
  wd: number,
  epsilon: number,
): void {
  const [keep1, keep2] = [1 - beta1, 1 - beta2];
  for (let j = 0; j < w.length; j++) {
    const gj = g[j] + wd * w[j];
    const mj = beta1 * mPrev[j] + keep1 * gj;
    const vj = beta2 * vPrev[j] + keep2 * gj * gj;
    m[j] = mj;
    v[j] = vj;
    w[j] -= (lr * (mj / correction1)) / (Math.sqrt(vj / correction2) + epsilon);
  }
}
