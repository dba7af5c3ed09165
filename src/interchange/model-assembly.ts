/**
 * Turns the layers read from another engine's file, in order, into a Sheet CNN spec: conv → ReLU → optional
 * max pool blocks, then flatten, dense and softmax. Both importers feed it one layer at a time; it refuses,
 * naming the layer, anything the sheets cannot show.
 */
import type { ConvBlockSpec, Padding, PoolSpec } from '../core/types';

export interface ConvLayer {
  readonly filters: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: Padding;
  /** Whether the layer applies ReLU itself (Keras activation 'relu'). */
  readonly relu: boolean;
}

type Stage = 'start' | 'conv' | 'relu' | 'pool' | 'flat' | 'dense' | 'softmax';

/** Collects blocks; `where` names the current layer in messages (e.g. "layer 4 'conv2' (Conv2D)"). */
export class BlockAssembler {
  private readonly blocks: ConvBlockSpec[] = [];
  private current: { conv: ConvLayer; pool: PoolSpec | null } | null = null;
  private stage: Stage = 'start';
  private pendingPadding: number | null = null;

  constructor(private readonly format: string) {}

  private refuse(where: string, problem: string): never {
    throw new Error(`${this.format}: ${where} ${problem}`);
  }

  private expect(where: string, allowed: readonly Stage[], what: string): void {
    if (!allowed.includes(this.stage))
      this.refuse(where, `comes ${this.describeStage()}; a Sheet CNN model has ${what}`);
  }

  private describeStage(): string {
    const names: Record<Stage, string> = {
      start: 'before any convolution',
      conv: 'right after a convolution without ReLU',
      relu: 'after a convolution and its ReLU',
      pool: 'after a max pool',
      flat: 'after the flatten',
      dense: 'after the dense layer',
      softmax: 'after the softmax',
    };
    return names[this.stage];
  }

  private closeBlock(): void {
    if (this.current === null) return;
    const { conv, pool } = this.current;
    this.blocks.push({ filters: conv.filters, kernel: conv.kernel, stride: conv.stride, padding: conv.padding, pool });
    this.current = null;
  }

  get inputStage(): boolean {
    return this.stage === 'start' && this.blocks.length === 0 && this.current === null && this.pendingPadding === null;
  }

  zeroPadding(where: string, padding: number): void {
    this.expect(where, ['start', 'relu', 'pool'], 'zero padding only right before a convolution');
    if (this.pendingPadding !== null) this.refuse(where, 'pads twice in a row; merge the two paddings into one');
    this.pendingPadding = padding;
  }

  conv(where: string, layer: ConvLayer): void {
    this.expect(where, ['start', 'relu', 'pool'], 'each convolution followed by a ReLU (and optionally a max pool)');
    this.closeBlock();
    let padding = layer.padding;
    if (this.pendingPadding !== null) {
      if (layer.padding !== 'valid' && layer.padding !== 0)
        this.refuse(
          where,
          `pads again after a zero-padding layer (padding ${String(layer.padding)}); use padding 'valid' after explicit padding`,
        );
      padding = this.pendingPadding;
      this.pendingPadding = null;
    }
    this.current = { conv: { ...layer, padding }, pool: null };
    this.stage = layer.relu ? 'relu' : 'conv';
  }

  relu(where: string): void {
    this.expect(where, ['conv'], 'ReLU only right after a convolution');
    this.stage = 'relu';
  }

  maxPool(where: string, pool: PoolSpec): void {
    this.expect(where, ['relu'], 'max pooling only after a convolution and its ReLU, once per block');
    if (this.current) this.current = { ...this.current, pool };
    this.stage = 'pool';
  }

  flatten(where: string): void {
    this.expect(where, ['relu', 'pool'], 'a flatten after the last conv block (conv → ReLU → optional max pool)');
    if (this.pendingPadding !== null)
      this.refuse(where, 'follows a zero-padding layer; padding must come right before a convolution');
    this.closeBlock();
    this.stage = 'flat';
  }

  dense(where: string, softmax: boolean): void {
    this.expect(where, ['flat'], 'one dense layer, right after the flatten (hidden dense layers cannot be shown)');
    this.stage = softmax ? 'softmax' : 'dense';
  }

  softmax(where: string): void {
    this.expect(where, ['dense'], 'softmax only after the dense layer');
    this.stage = 'softmax';
  }

  /** The blocks, once the model has ended with its dense layer (and optionally softmax). */
  finish(): ConvBlockSpec[] {
    if (this.stage !== 'dense' && this.stage !== 'softmax') {
      throw new Error(
        `${this.format}: the model ends ${this.describeStage()}; a Sheet CNN model ends with flatten → dense (→ softmax)`,
      );
    }
    if (this.blocks.length === 0)
      throw new Error(`${this.format}: the model has no convolution; a Sheet CNN model has at least one conv block`);
    return this.blocks;
  }
}

/** The class names from a file's metadata when they fit `count`, else "Class 1", "Class 2", … */
export function classNamesOr(format: string, names: unknown, count: number): string[] {
  if (names === undefined || names === null) return Array.from({ length: count }, (_, k) => `Class ${k + 1}`);
  if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string' && n.trim() !== '')) {
    throw new Error(`${format}: the class names in the metadata are not a list of non-empty texts; fix or remove them`);
  }
  if (names.length !== count)
    throw new Error(`${format}: the metadata names ${names.length} classes but the dense layer has ${count} outputs`);
  if (new Set(names).size !== names.length)
    throw new Error(`${format}: the metadata names a class twice; class names must be unique`);
  return names.map((n) => n.trim());
}
