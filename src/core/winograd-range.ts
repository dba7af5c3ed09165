/*
 * When Winograd may run. Its transforms add and subtract neighbouring values before multiplying, so inputs near
 * the float64 limit can overflow to ±∞ (and ∞ − ∞ to NaN) where the direct product of the same numbers stays
 * finite. Every Winograd kernel (JavaScript or WebAssembly) asks this rule first and takes the direct path when
 * it says no, so a result never depends on which algorithm computed it.
 */

/**
 * Bound on |result| / (max|a| · max|b| · terms) over every intermediate of F(2×2, 3×3), forward and backward:
 * an input or gradient tile transform sums 4 values (×4), a filter transform 9 taps with weights ≤ 1/4
 * (×2.25), an output transform 9 products (×9) — 81 in all; 256 leaves room for the bias and rounding.
 */
const GROWTH = 256;

/** Largest |value| in `data` (NaN counts as infinite: it must never reach a transform). */
export function maxMagnitude(data: Float64Array): number {
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    const m = Math.abs(data[i]);
    if (m > max || m !== m) {
      if (m !== m) return Infinity;
      max = m;
    }
  }
  return max;
}

/** The largest finite float32, the limit of training's float32 products (src/core/simd/winograd-batch.ts). */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * True when a Winograd product of operands bounded by maxA and maxB, summed over `terms` (channels, filters or
 * tiles), cannot overflow in any intermediate step of numbers whose largest finite value is `limit` (float64's
 * by default, FLOAT32_MAX for float32 products); false sends the caller to the direct path, or to float64.
 */
export function winogradFits(maxA: number, maxB: number, terms: number, limit = Number.MAX_VALUE): boolean {
  // Divides instead of multiplying, so the check itself cannot overflow.
  if (!(maxA < Infinity && maxB < Infinity)) return false;
  // Each operand is transformed on its own before any product, so each must fit alone as well.
  if (maxA > limit / GROWTH || maxB > limit / GROWTH) return false;
  if (maxA === 0 || maxB === 0) return true;
  return maxA <= limit / GROWTH / Math.max(1, terms) / maxB;
}
