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
