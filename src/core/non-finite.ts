import type { Tensor } from './types';

/**
 * A number that would become NaN or ±∞ (an overflowing logit, a diverging weight update). Its own class so
 * that training can tell divergence — the weights before the failing step are still whole — from other errors.
 */
export class NonFiniteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonFiniteError';
    // Keeps `instanceof NonFiniteError` true when compiled to ES5-style classes (Apps Script bundles).
    Object.setPrototypeOf(this, NonFiniteError.prototype);
  }
}

/** Throws NonFiniteError naming the op, the argument and the first position of a NaN or ±∞ value in `t`. */
export function assertFinite(op: string, argName: string, t: Tensor): void {
  const data = t.data;
  for (let i = 0; i < data.length; i++) {
    if (data[i] - data[i] !== 0) {
      const position: number[] = [];
      for (let rest = i, d = t.shape.length - 1; d >= 0; d--) {
        position.unshift(rest % t.shape[d]);
        rest = Math.floor(rest / t.shape[d]);
      }
      throw new NonFiniteError(
        `${op}: ${argName}[${position.join(', ')}] is ${data[i]}; every value must be a finite number`,
      );
    }
  }
}
