import type { Tensor } from './types';
import { assertRank, tensor } from './tensor';
import { NonFiniteError } from './non-finite';

/** exp(z_k) / Σ exp(z_j), computed after subtracting max z so that logits of ±1000 neither overflow nor vanish. */
export function softmax(logits: Tensor): Tensor {
  assertRank('softmax', 'logits', logits, 1, '[classes]');
  const z = logits.data;
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k] > max) max = z[k];
  if (!Number.isFinite(max))
    throw new NonFiniteError(`softmax: logits contain ${max}; every logit must be a finite number`);
  const out = tensor(logits.shape);
  const p = out.data;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    p[k] = Math.exp(z[k] - max);
    sum += p[k];
  }
  if (!Number.isFinite(sum))
    throw new NonFiniteError('softmax: logits contain NaN; every logit must be a finite number');
  for (let k = 0; k < z.length; k++) p[k] /= sum;
  return out;
}

/** ln Σ exp(z_j), stable for large logits: the loss is computed from it without taking ln of a rounded-to-0 probability. */
export function logSumExp(logits: Tensor): number {
  assertRank('logSumExp', 'logits', logits, 1, '[classes]');
  const z = logits.data;
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k] > max) max = z[k];
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += Math.exp(z[k] - max);
  return max + Math.log(sum);
}
