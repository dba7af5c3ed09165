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

function numbers(value: unknown, what: string, shape: number[]): Tensor {
  const size = shape.reduce((n, d) => n * d, 1);
  if (!Array.isArray(value) || value.length !== size) {
    throw new Error(`Model to import: ${what} has ${Array.isArray(value) ? value.length : 'no'} values; its shape [${shape.join(', ')}] needs ${size}`);
  }
  const bad = value.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new Error(`Model to import: ${what} value ${bad + 1} is ${JSON.stringify(value[bad])}; every weight must be a finite number`);
  return tensor(shape, value as number[]);
}

export function fromTransfer(value: unknown): PortableModel {
  if (typeof value !== 'object' || value === null) throw new Error('Model to import: expected { spec, conv, dense }');
  const { spec, conv, dense } = value as Partial<Record<keyof ModelTransfer, unknown>>;
  validateSpec(spec as ModelSpec);
  const checked = spec as ModelSpec;
  const clean: ModelSpec = {
    input: { channels: checked.input.channels, height: checked.input.height, width: checked.input.width },
    inputScale: checked.inputScale,
    blocks: checked.blocks.map((b) => ({ filters: b.filters, kernel: b.kernel, stride: b.stride, padding: b.padding, pool: b.pool ? { size: b.pool.size, stride: b.pool.stride } : null })),
    classes: [...checked.classes],
  };
  if (!Array.isArray(conv) || conv.length !== clean.blocks.length) throw new Error(`Model to import: expected weights for ${clean.blocks.length} conv blocks`);
  if (typeof dense !== 'object' || dense === null) throw new Error('Model to import: the dense weights are missing');
  const flat = layerShapes(clean).flat[0];
  const classes = clean.classes.length;
  const d = dense as Record<string, unknown>;
  return {
    spec: clean,
    params: {
      conv: clean.blocks.map((block, i) => {
        const c = (conv[i] ?? {}) as Record<string, unknown>;
        return {
          weights: numbers(c.weights, `conv ${i + 1} weights`, [block.filters, blockInputChannels(clean, i), block.kernel, block.kernel]),
          bias: numbers(c.bias, `conv ${i + 1} biases`, [block.filters]),
        };
      }),
      dense: { weights: numbers(d.weights, 'dense weights', [flat, classes]), bias: numbers(d.bias, 'dense biases', [classes]) },
    },
  };
}
