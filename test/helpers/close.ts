/**
 * The tests' one numeric assertion: numbers within a tolerance of the reference, in the same shape. Scalars,
 * arrays, typed arrays and nested arrays (sheet grids) all work; a cell that is not a number in the reference
 * (a blank '' between maps, a class name) must be equal. A failure names the first differing index and both values.
 */

/** A bound on |actual − expected|: `absolute`, or `relative` × |expected|, whichever is larger. */
export interface Tolerance {
  readonly absolute?: number;
  readonly relative?: number;
}

/** A number, or (nested) arrays of numbers and other cells, as sheets and tensors hold them. */
export type Numeric = number | string | boolean | null | ArrayLike<unknown>;

/**
 * Fails unless `actual` has the shape of `expected` and every number is within `tolerance` (a number is an
 * absolute bound) of it. `what` names the compared values in the message.
 */
export function expectClose(
  actual: unknown,
  expected: Numeric,
  tolerance: number | Tolerance = 1e-9,
  what = 'value',
): void {
  const bound = typeof tolerance === 'number' ? { absolute: tolerance } : tolerance;
  compare(actual, expected, bound, what);
}

function isList(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

function show(value: unknown): string {
  if (isList(value)) return `a list of ${value.length}`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function compare(actual: unknown, expected: unknown, tolerance: Tolerance, where: string): void {
  if (isList(expected)) {
    if (!isList(actual)) throw new Error(`${where} is ${show(actual)}; expected a list of ${expected.length}`);
    if (actual.length !== expected.length)
      throw new Error(`${where} has ${actual.length} entries; expected ${expected.length}`);
    for (let i = 0; i < expected.length; i++) compare(actual[i], expected[i], tolerance, `${where}[${i}]`);
    return;
  }
  if (typeof expected !== 'number') {
    if (actual !== expected) throw new Error(`${where} is ${show(actual)}; expected ${show(expected)}`);
    return;
  }
  const allowed = Math.max(tolerance.absolute ?? 0, (tolerance.relative ?? 0) * Math.abs(expected));
  if (typeof actual !== 'number') throw new Error(`${where} is ${show(actual)}; expected the number ${expected}`);
  const difference = Math.abs(actual - expected);
  // Written so that NaN on either side fails.
  if (!(difference <= allowed)) {
    throw new Error(`${where} is ${actual}; expected ${expected} (difference ${difference}, tolerance ${allowed})`);
  }
}
