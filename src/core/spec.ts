import type { ConvBlockSpec, ModelSpec } from './types';
import { convOutputGeometry } from './conv';

export const DEFAULT_CLASSES: readonly string[] = ['Elon Musk', 'Jeff Bezos', 'Jon Snow'];

/** The network of DESIGN.md: 28×28×3 → conv16 → pool → conv64 → pool → flatten 3136 → dense → classes. */
export function defaultSpec(classes: readonly string[] = DEFAULT_CLASSES): ModelSpec {
  return {
    input: { channels: 3, height: 28, width: 28 },
    inputScale: 1 / 255,
    blocks: [
      { filters: 16, kernel: 3, stride: 1, padding: 'same', pool: { size: 2, stride: 2 } },
      { filters: 64, kernel: 3, stride: 1, padding: 'same', pool: { size: 2, stride: 2 } },
    ],
    classes: [...classes],
  };
}

/** The article's worked example: 5×5×3 → conv 2 filters 3×3, stride 1, valid padding → 3×3×2 → flatten 18 → dense. */
export function smallSpec(classes: readonly string[] = DEFAULT_CLASSES): ModelSpec {
  return {
    input: { channels: 3, height: 5, width: 5 },
    inputScale: 1 / 255,
    blocks: [{ filters: 2, kernel: 3, stride: 1, padding: 'valid', pool: null }],
    classes: [...classes],
  };
}

/** How many maps block `block` reads: the picture's channels for the first block, the previous block's filters after. */
export function blockInputChannels(spec: ModelSpec, block: number): number {
  return block === 0 ? spec.input.channels : spec.blocks[block - 1].filters;
}

export interface BlockShapes {
  /** [filters, height, width] after the convolution (and after ReLU, which keeps the shape). */
  readonly conv: number[];
  /** After pooling; equal to `conv` when the block has no pool. */
  readonly pool: number[];
}

export interface LayerShapes {
  readonly input: number[];
  readonly blocks: BlockShapes[];
  readonly flat: number[];
  readonly classes: number[];
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function checkPositiveInteger(where: string, name: string, value: unknown): void {
  if (!isPositiveInteger(value)) throw new Error(`${where}: ${name} is ${String(value)}; expected a whole number ≥ 1`);
}

function checkBlockFields(where: string, block: ConvBlockSpec): void {
  if (typeof block !== 'object' || block === null) {
    throw new Error(`${where}: expected { filters, kernel, stride, padding, pool }, got ${JSON.stringify(block)}`);
  }
  checkPositiveInteger(where, 'filters', block.filters);
  checkPositiveInteger(where, 'kernel', block.kernel);
  checkPositiveInteger(where, 'stride', block.stride);
  const padding: unknown = block.padding;
  if (
    padding !== 'valid' &&
    padding !== 'same' &&
    !(typeof padding === 'number' && Number.isInteger(padding) && padding >= 0)
  ) {
    throw new Error(`${where}: padding is ${JSON.stringify(padding)}; expected 'valid', 'same' or a whole number ≥ 0`);
  }
  if (block.pool !== null) {
    if (typeof block.pool !== 'object') throw new Error(`${where}: pool must be null or { size, stride }`);
    checkPositiveInteger(where, 'pool size', block.pool.size);
    checkPositiveInteger(where, 'pool stride', block.pool.stride);
  }
}

/** Shapes of every layer's output, checking on the way that each layer fits the one before it. */
export function layerShapes(spec: ModelSpec): LayerShapes {
  const { channels, height, width } = spec.input;
  checkPositiveInteger('model spec input', 'channels', channels);
  checkPositiveInteger('model spec input', 'height', height);
  checkPositiveInteger('model spec input', 'width', width);
  let shape = [channels, height, width];
  const blocks: BlockShapes[] = spec.blocks.map((block, index) => {
    const where = `model spec block ${index + 1}`;
    checkBlockFields(where, block);
    const [, h, w] = shape;
    const convWhere = `${where} (input ${h}×${w})`;
    const rows = convOutputGeometry(h, block.kernel, block.stride, block.padding, convWhere);
    const cols = convOutputGeometry(w, block.kernel, block.stride, block.padding, convWhere);
    const conv = [block.filters, rows.outSize, cols.outSize];
    let pool = conv;
    if (block.pool !== null) {
      const { size, stride } = block.pool;
      if (size > conv[1] || size > conv[2]) {
        throw new Error(
          `${where}: pool window ${size}×${size} is larger than the conv output ${conv[1]}×${conv[2]}; use a smaller pool or remove it`,
        );
      }
      pool = [block.filters, Math.floor((conv[1] - size) / stride) + 1, Math.floor((conv[2] - size) / stride) + 1];
    }
    shape = pool;
    return { conv, pool };
  });
  return {
    input: [channels, height, width],
    blocks,
    flat: [shape[0] * shape[1] * shape[2]],
    classes: [spec.classes.length],
  };
}

/** Throws a message naming the field and the fix when the spec cannot describe a working network. */
export function validateSpec(spec: ModelSpec): void {
  if (typeof spec !== 'object' || spec === null)
    throw new Error('model spec: expected an object with input, inputScale, blocks and classes');
  if (typeof spec.input !== 'object' || spec.input === null)
    throw new Error('model spec: input must be { channels, height, width }');
  if (typeof spec.inputScale !== 'number' || !Number.isFinite(spec.inputScale) || spec.inputScale <= 0) {
    throw new Error(
      `model spec: inputScale is ${String(spec.inputScale)}; expected a positive number (1/255 maps pixels to 0–1)`,
    );
  }
  if (!Array.isArray(spec.blocks) || spec.blocks.length < 1) {
    throw new Error('model spec: blocks must list at least one convolution block');
  }
  if (!Array.isArray(spec.classes) || spec.classes.length < 2) {
    throw new Error(
      `model spec: ${Array.isArray(spec.classes) ? spec.classes.length : 'no'} classes given; a classifier needs at least 2`,
    );
  }
  const seen = new Set<string>();
  spec.classes.forEach((name, index) => {
    if (typeof name !== 'string' || name.trim() === '')
      throw new Error(`model spec: class ${index + 1} has no name; give every class a non-empty name`);
    if (seen.has(name)) throw new Error(`model spec: class name "${name}" appears twice; class names must be unique`);
    seen.add(name);
  });
  layerShapes(spec);
}

/**
 * Index of a class by name: exact first, then ignoring case (as the sheet's "=" compares); -1 when none.
 * Labels typed in the Model sheet, the Dataset sheet and requests all match classes this one way.
 */
export function findClass(name: string, classes: readonly string[]): number {
  const exact = classes.indexOf(name);
  if (exact >= 0) return exact;
  return classes.findIndex((c) => c.toLowerCase() === name.toLowerCase());
}

/** Throws unless `label` is a class index of `classes` classes or -1 (no label). */
export function assertLabelChoice(where: string, label: number, classes: number): void {
  if (!Number.isInteger(label) || label < -1 || label >= classes) {
    throw new Error(`${where}: label ${label} is not a class; give -1 for no label or 0 to ${classes - 1}`);
  }
}
