import type { Tensor } from './types';
import { assertShape, tensor } from './tensor';

/*
 * Both loops select with a multiplication by 0 or 1 instead of a branch: the sign of activations is random, so
 * a branch is mispredicted half the time and costs several times the arithmetic. `+ 0` turns −0 into 0, and
 * the guard restores 0 where 0 · ±∞ made NaN (NaN inputs still give NaN).
 */

/** max(0, x) element-wise. */
export function relu(t: Tensor): Tensor {
  const out = tensor(t.shape);
  const x = t.data;
  const y = out.data;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const r = v * +(v > 0) + 0;
    y[i] = r === r || v !== v ? r : 0;
  }
  return out;
}

/** dOut where the forward input was > 0, else 0 (the gradient at exactly 0 is taken as 0, as TensorFlow does). */
export function reluBackward(input: Tensor, dOut: Tensor): Tensor {
  assertShape('reluBackward', 'dOut', dOut, input.shape);
  const out = tensor(input.shape);
  const x = input.data;
  const dy = dOut.data;
  const dx = out.data;
  for (let i = 0; i < x.length; i++) {
    const g = dy[i];
    const r = g * +(x[i] > 0) + 0;
    dx[i] = r === r || g !== g ? r : 0;
  }
  return out;
}
