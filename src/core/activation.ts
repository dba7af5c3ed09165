import type { Tensor } from './types';
import { assertShape, tensor } from './tensor';

/** max(0, x) element-wise. */
export function relu(t: Tensor): Tensor {
  const out = tensor(t.shape);
  const x = t.data;
  const y = out.data;
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0;
  return out;
}

/** dOut where the forward input was > 0, else 0 (the gradient at exactly 0 is taken as 0, as TensorFlow does). */
export function reluBackward(input: Tensor, dOut: Tensor): Tensor {
  assertShape('reluBackward', 'dOut', dOut, input.shape);
  const out = tensor(input.shape);
  const x = input.data;
  const dy = dOut.data;
  const dx = out.data;
  for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
  return out;
}
