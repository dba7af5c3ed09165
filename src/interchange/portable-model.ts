/**
 * What crosses between Sheet CNN and other engines: a spec and its weights. Files hold float32, so a model
 * leaves the sheet with every weight rounded to the nearest float32 and comes back with exactly those values.
 */
import type { ModelParams, ModelSpec } from '../core/types';
import { assertParamsMatchSpec } from '../core/model';
import { validateSpec } from '../core/spec';

export interface PortableModel {
  readonly spec: ModelSpec;
  readonly params: ModelParams;
}

/** Throws unless the spec works and every weight has its shape and is a finite number. */
export function assertPortable(where: string, model: PortableModel): void {
  validateSpec(model.spec);
  assertParamsMatchSpec(where, model.spec, model.params);
}

/** The model's values as little-endian float32 bytes, in the order `values` lists them. */
export function float32Bytes(values: readonly ArrayLike<number>[]): Uint8Array<ArrayBuffer> {
  const count = values.reduce((n, v) => n + v.length, 0);
  const bytes = new Uint8Array(count * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const list of values) {
    for (let i = 0; i < list.length; i++, offset += 4) view.setFloat32(offset, list[i], true);
  }
  return bytes;
}

/** `count` little-endian float32 values from `bytes` at `byteOffset`, widened to float64. */
export function readFloat32(bytes: Uint8Array, byteOffset: number, count: number): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(byteOffset + i * 4, true);
  return out;
}

/** Throws a message naming the weight when a value is NaN or ±∞ (a sheet cell cannot hold it). */
export function assertFiniteValues(where: string, name: string, values: Float64Array): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new Error(
      `${where}: weight ${name} holds ${values[bad]} at position ${bad + 1}; a model with NaN or infinite weights cannot be imported`,
    );
}
