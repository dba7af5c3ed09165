import type { Tensor } from './types';

/** Number of elements of a shape; every dimension must be a positive integer. */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 1) {
      throw new Error(
        `tensor: shape [${shape.join(', ')}] has dimension ${dim}; every dimension must be a positive integer`,
      );
    }
    size *= dim;
  }
  return size;
}

/** A tensor of the given shape over `data` (used as is, not copied), or over zeros when no data is given. */
export function tensor(shape: readonly number[], data?: Float64Array | readonly number[]): Tensor {
  const size = sizeOf(shape);
  if (data === undefined) return { shape: [...shape], data: new Float64Array(size) };
  if (data.length !== size) {
    throw new Error(`tensor: shape [${shape.join(', ')}] needs ${size} values but ${data.length} were given`);
  }
  return { shape: [...shape], data: data instanceof Float64Array ? data : Float64Array.from(data) };
}

export function zeros(shape: readonly number[]): Tensor {
  return tensor(shape);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Throws, naming the op and argument, unless every dimension is a positive integer and the data fills the shape exactly. */
function assertDataFitsShape(op: string, argName: string, t: Tensor): void {
  if (!t.shape.every((dim) => Number.isInteger(dim) && dim >= 1)) {
    throw new Error(
      `${op}: ${argName} has shape ${formatShape(t.shape)}; every dimension must be a whole number ≥ 1 (an empty tensor has nothing to compute)`,
    );
  }
  const size = sizeOf(t.shape);
  if (t.data.length !== size)
    throw new Error(
      `${op}: ${argName} has ${t.data.length} values but its shape ${formatShape(t.shape)} needs ${size}`,
    );
}

/** Throws `op: argName has shape [..]; expected [..]` unless `t` has exactly `expectedShape`. */
export function assertShape(op: string, argName: string, t: Tensor, expectedShape: readonly number[]): void {
  const same = t.shape.length === expectedShape.length && t.shape.every((dim, i) => dim === expectedShape[i]);
  if (!same) {
    throw new Error(`${op}: ${argName} has shape ${formatShape(t.shape)}; expected ${formatShape(expectedShape)}`);
  }
  assertDataFitsShape(op, argName, t);
}

/** Throws unless `t` has `rank` dimensions; returns its shape for destructuring. */
export function assertRank(op: string, argName: string, t: Tensor, rank: number, layout: string): readonly number[] {
  if (t.shape.length !== rank) {
    throw new Error(`${op}: ${argName} has shape ${formatShape(t.shape)}; expected ${rank} dimensions ${layout}`);
  }
  assertDataFitsShape(op, argName, t);
  return t.shape;
}

/** Index of the largest value; the first one wins ties. */
export function argMax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
