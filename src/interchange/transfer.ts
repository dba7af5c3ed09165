/**
 * A PortableModel as plain JSON numbers (what google.script.run carries) and back, checking on the way in
 * every shape and value, since the server cannot trust what a page sends.
 */
import type { ModelTransfer } from '../shared/api';
import { blockInputChannels, layerShapes, validateSpec } from '../core/spec';
import { tensor } from '../core/tensor';
import type { ModelSpec, Tensor } from '../core/types';
import type { PortableModel } from './portable-model';

export function toTransfer(model: PortableModel): ModelTransfer {
  return {
    spec: model.spec,
    conv: model.params.conv.map((c) => ({ weights: Array.from(c.weights.data), bias: Array.from(c.bias.data) })),
    dense: { weights: Array.from(model.params.dense.weights.data), bias: Array.from(model.params.dense.bias.data) },
  };
}

/** A tensor of `shape` from a list of finite numbers, or a message naming the weights. */
function numbers(value: unknown, what: string, shape: number[]): Tensor {
  const size = shape.reduce((n, d) => n * d, 1);
  if (
    !Array.isArray(value) ||
    value.length !== size ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    throw new Error(`Model to import: ${what} must be ${size} finite numbers (shape [${shape.join(', ')}])`);
  }
  return tensor(shape, value as number[]);
}

export function fromTransfer(value: unknown): PortableModel {
  const { spec, conv, dense } = (value ?? {}) as Partial<Record<keyof ModelTransfer, unknown>>;
  validateSpec(spec as ModelSpec);
  const { input, inputScale, blocks, classes } = spec as ModelSpec;
  // Only the spec's own fields are kept: they end up in the Model sheet.
  const clean: ModelSpec = {
    input: { channels: input.channels, height: input.height, width: input.width },
    inputScale,
    blocks: blocks.map((b) => ({
      filters: b.filters,
      kernel: b.kernel,
      stride: b.stride,
      padding: b.padding,
      pool: b.pool && { size: b.pool.size, stride: b.pool.stride },
    })),
    classes: [...classes],
  };
  const convs = (Array.isArray(conv) ? conv : []) as Record<string, unknown>[];
  const d = (dense ?? {}) as Record<string, unknown>;
  const k = classes.length;
  return {
    spec: clean,
    params: {
      conv: clean.blocks.map((b, i) => ({
        weights: numbers(convs[i]?.weights, `conv ${i + 1} weights`, [
          b.filters,
          blockInputChannels(clean, i),
          b.kernel,
          b.kernel,
        ]),
        bias: numbers(convs[i]?.bias, `conv ${i + 1} biases`, [b.filters]),
      })),
      dense: {
        weights: numbers(d.weights, 'dense weights', [layerShapes(clean).flat[0], k]),
        bias: numbers(d.bias, 'dense biases', [k]),
      },
    },
  };
}
