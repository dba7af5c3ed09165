/** SGD, momentum, weight decay and Adam against TensorFlow.js optimizers fed the same gradients. */
import { tf, randomTensor, relativeError } from './reference';
import { createRng } from '../../src/core/random';
import { applyUpdate, createOptimizerState } from '../../src/core/optim';
import { cloneParams, initParams, paramList, paramNames } from '../../src/core/model';
import { smallSpec } from '../../src/core/spec';
import type { ModelParams, OptimizerConfig, OptimizerState } from '../../src/core/types';
import { decodeCommitRecord, encodeCommitRecord } from '../../src/sheet/commit-record';

const spec = smallSpec();
const STEPS = 5;

function startParams(): ModelParams {
  const params = initParams(spec, 61);
  const rng = createRng(62);
  // Non-zero, float32-exact starting values everywhere (biases too), so both engines start identical.
  for (const t of paramList(params))
    for (let i = 0; i < t.data.length; i++) t.data[i] = Math.fround(t.data[i] + 0.1 * rng.normal());
  return params;
}

/** The same random gradients for every run: one ModelParams per step. */
function gradientSequence(params: ModelParams): ModelParams[] {
  const rng = createRng(63);
  return Array.from({ length: STEPS }, () => {
    const g = cloneParams(params);
    for (const t of paramList(g)) t.data.set(randomTensor(rng, [...t.shape]).data);
    return g;
  });
}

function runTfjs(
  optimizer: tf.Optimizer,
  params: ModelParams,
  grads: ModelParams[],
  weightDecay: number,
): tf.Variable[] {
  const variables = paramList(params).map((t) => tf.variable(tf.tensor(Array.from(t.data), [...t.shape])));
  for (const g of grads) {
    const gList = paramList(g);
    optimizer.applyGradients(
      // TensorFlow.js has no weight decay in these optimizers: the L2 term is added to the gradient by hand.
      variables.map((v, i) => ({
        name: v.name,
        tensor: tf.add(tf.tensor(Array.from(gList[i].data), [...gList[i].shape]), tf.mul(v, weightDecay)),
      })),
    );
  }
  return variables;
}

function runOurs(config: OptimizerConfig, params: ModelParams, grads: ModelParams[]): ModelParams {
  const p = cloneParams(params);
  let state = createOptimizerState(config, p);
  for (const g of grads) state = applyUpdate(p, g, config, state);
  expect(state.step).toBe(grads.length);
  return p;
}

const cases: [string, OptimizerConfig, () => tf.Optimizer][] = [
  ['plain SGD', { kind: 'sgd', learningRate: 0.1 }, () => tf.train.sgd(0.1)],
  ['SGD with momentum 0.9', { kind: 'sgd', learningRate: 0.05, momentum: 0.9 }, () => tf.train.momentum(0.05, 0.9)],
  ['SGD with weight decay 0.01', { kind: 'sgd', learningRate: 0.1, weightDecay: 0.01 }, () => tf.train.sgd(0.1)],
  [
    'SGD with momentum and weight decay',
    { kind: 'sgd', learningRate: 0.05, momentum: 0.8, weightDecay: 0.05 },
    () => tf.train.momentum(0.05, 0.8),
  ],
  ['Adam with defaults', { kind: 'adam', learningRate: 0.01 }, () => tf.train.adam(0.01, 0.9, 0.999, 1e-8)],
  [
    'Adam with β1 0.8, β2 0.99, ε 1e-6, weight decay 0.02',
    { kind: 'adam', learningRate: 0.003, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.02 },
    () => tf.train.adam(0.003, 0.8, 0.99, 1e-6),
  ],
];

describe('optimizers match TensorFlow.js over several steps', () => {
  test.each(cases)('%s', (_, config, makeTfOptimizer) => {
    const params = startParams();
    const grads = gradientSequence(params);
    const ours = paramList(runOurs(config, params, grads));
    const weightDecay = config.weightDecay ?? 0;
    const reference = runTfjs(makeTfOptimizer(), params, grads, weightDecay);
    paramNames(params).forEach((name, i) => {
      const error = relativeError(ours[i], reference[i]);
      if (!(error <= 1e-5)) throw new Error(`${name}: relative error ${error}`);
      // The weights really moved (the comparison is not between two copies of the start).
      expect(relativeError(paramList(params)[i], reference[i])).toBeGreaterThan(1e-3);
    });
  });
});

/** The state as the Train state sheet's commit record saves it and reads it back (cells of one row). */
function savedAndRestored(params: ModelParams, state: OptimizerState): OptimizerState {
  const cells = encodeCommitRecord({
    step: state.step,
    phase: 'applied',
    modelKey: 'model',
    dataKey: 'data',
    trainCount: 1,
    seed: 1,
    epoch: 0,
    epochStep: 0,
    cursor: 0,
    optimizer: { kind: 'adam', learningRate: 0.01 },
    optimizerState: state,
    params,
    logFirstRow: 2,
    logEntries: [],
  });
  return decodeCommitRecord(cells.map((cell) => cell ?? '')).optimizerState;
}

describe('optimizer state', () => {
  test.each(cases)('%s: survives the Train state sheet and continuing gives bit-identical weights', (_, config) => {
    const params = startParams();
    const grads = gradientSequence(params);
    const straight = runOurs(config, params, grads);

    const resumed = cloneParams(params);
    let state = createOptimizerState(config, resumed);
    for (const g of grads.slice(0, 2)) state = applyUpdate(resumed, g, config, state);
    const restored = savedAndRestored(resumed, state);
    expect(restored.slots).toEqual(state.slots);
    state = restored;
    for (const g of grads.slice(2)) state = applyUpdate(resumed, g, config, state);

    paramList(resumed).forEach((t, i) => expect(Array.from(t.data)).toEqual(Array.from(paramList(straight)[i].data)));
  });

  test('applyUpdate leaves the given state untouched', () => {
    const params = startParams();
    const config: OptimizerConfig = { kind: 'adam', learningRate: 0.01 };
    const state = createOptimizerState(config, params);
    const before = JSON.stringify(state);
    const next = applyUpdate(params, gradientSequence(params)[0], config, state);
    expect(JSON.stringify(state)).toBe(before);
    expect(next.step).toBe(1);
  });

  test('rejects a state from another optimizer, a mismatched slot and bad settings', () => {
    const params = startParams();
    const grads = gradientSequence(params)[0];
    const sgdState = createOptimizerState({ kind: 'sgd', learningRate: 0.1, momentum: 0.9 }, params);
    expect(() => applyUpdate(params, grads, { kind: 'adam', learningRate: 0.1 }, sgdState)).toThrow(
      "optimizer: the saved state belongs to 'sgd' but the optimizer is 'adam'; reset the optimizer state when switching optimizers",
    );
    const truncated = { ...sgdState, slots: { velocity: sgdState.slots.velocity.slice(1) } };
    expect(() => applyUpdate(params, grads, { kind: 'sgd', learningRate: 0.1, momentum: 0.9 }, truncated)).toThrow(
      'optimizer: saved state slot "velocity" does not match the model\'s parameter sizes',
    );
    expect(() => createOptimizerState({ kind: 'sgd', learningRate: -1 }, params)).toThrow(
      'optimizer: learningRate is -1; expected a number ≥ 0',
    );
    expect(() => createOptimizerState({ kind: 'sgd', learningRate: 0.1, momentum: 1 }, params)).toThrow(
      'optimizer: momentum is 1; expected a number ≥ 0 and < 1',
    );
  });

  test('a step that would make a weight non-finite throws and leaves every weight unchanged', () => {
    const params = startParams();
    const before = paramList(params).map((t) => Array.from(t.data));
    const grads = gradientSequence(params)[0];
    paramList(grads)[2].data[1] = Infinity; // dense.weights of the one-block small spec
    const config: OptimizerConfig = { kind: 'sgd', learningRate: 0.1, momentum: 0.9 };
    expect(() => applyUpdate(params, grads, config, createOptimizerState(config, params))).toThrow(
      'optimizer: this step would make dense.weights[1] -Infinity; training diverged (lower the learning rate)',
    );
    const huge = gradientSequence(params)[0];
    paramList(huge)[0].data[0] = 1e308;
    expect(() =>
      applyUpdate(
        params,
        huge,
        { kind: 'sgd', learningRate: 1e10 },
        createOptimizerState({ kind: 'sgd', learningRate: 1e10 }, params),
      ),
    ).toThrow('this step would make conv0.weights[0] -Infinity');
    const corrupted = {
      kind: 'adam' as const,
      step: 3,
      slots: {
        m: paramList(params).map((t) => new Float64Array(t.data.length).fill(NaN)),
        v: paramList(params).map((t) => new Float64Array(t.data.length)),
      },
    };
    expect(() =>
      applyUpdate(params, gradientSequence(params)[0], { kind: 'adam', learningRate: 0.01 }, corrupted),
    ).toThrow('conv0.weights[0] NaN');
    paramList(params).forEach((t, i) => expect(Array.from(t.data)).toEqual(before[i]));
  });

  test('turning momentum on mid-run starts from zero velocity', () => {
    const params = startParams();
    const grads = gradientSequence(params);
    const state = createOptimizerState({ kind: 'sgd', learningRate: 0.1 }, params);
    expect(state.slots).toEqual({});
    const p = cloneParams(params);
    applyUpdate(p, grads[0], { kind: 'sgd', learningRate: 0.1, momentum: 0.9 }, state);
    // First momentum step from zero velocity is a plain SGD step.
    const plain = cloneParams(params);
    applyUpdate(plain, grads[0], { kind: 'sgd', learningRate: 0.1 }, state);
    paramList(p).forEach((t, i) => expect(Array.from(t.data)).toEqual(Array.from(paramList(plain)[i].data)));
  });
});
