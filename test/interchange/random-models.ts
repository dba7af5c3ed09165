/**
 * Random models drawn from the core spec type itself (every field the type has, over ranges that keep the
 * sheets small), and random pictures for them.
 */
import type { ConvBlockSpec, ModelSpec, Padding, Tensor } from '../../src/core/types';
import { createRng } from '../../src/core/random';
import type { Rng } from '../../src/core/random';
import { initParams } from '../../src/core/model';
import { validateSpec } from '../../src/core/spec';
import { tensor } from '../../src/core/tensor';
import type { PortableModel } from '../../src/interchange/portable-model';

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}

function randomPadding(rng: Rng): Padding {
  const pick = int(rng, 0, 3);
  return pick === 0 ? 'valid' : pick === 1 ? 'same' : int(rng, 0, 2);
}

function randomBlock(rng: Rng): ConvBlockSpec {
  const size = int(rng, 1, 3);
  return {
    filters: int(rng, 1, 6),
    kernel: int(rng, 1, 5),
    stride: int(rng, 1, 3),
    padding: randomPadding(rng),
    pool: rng.next() < 0.4 ? null : { size, stride: int(rng, 1, 3) },
  };
}

/** A spec the core accepts, with 1–3 blocks, 1–4 input channels, non-square inputs and 2–5 classes. */
export function randomSpec(rng: Rng): ModelSpec {
  for (;;) {
    const classes = int(rng, 2, 5);
    const spec: ModelSpec = {
      input: { channels: int(rng, 1, 4), height: int(rng, 4, 20), width: int(rng, 4, 20) },
      inputScale: rng.next() < 0.5 ? 1 / 255 : 0.5 * rng.next() + 0.001,
      blocks: Array.from({ length: int(rng, 1, 3) }, () => randomBlock(rng)),
      classes: Array.from({ length: classes }, (_, k) => `class ${k + 1}`),
    };
    try {
      validateSpec(spec);
      return spec;
    } catch {
      // Layers that do not fit the input (a kernel larger than the map, …): draw again.
    }
  }
}

/** A random model: its spec and seeded weights, with non-zero biases so they are checked too. */
export function randomModel(seed: number): PortableModel {
  const rng = createRng(seed);
  const spec = randomSpec(rng);
  const params = initParams(spec, seed);
  for (const conv of params.conv)
    for (let i = 0; i < conv.bias.data.length; i++) conv.bias.data[i] = rng.normal() * 0.1;
  for (let i = 0; i < params.dense.bias.data.length; i++) params.dense.bias.data[i] = rng.normal() * 0.1;
  return { spec, params };
}

/** `count` pictures of whole pixel values 0–255 in the spec's input shape. */
export function randomPictures(spec: ModelSpec, count: number, seed: number): Tensor[] {
  const rng = createRng(seed);
  const { channels, height, width } = spec.input;
  return Array.from({ length: count }, () => {
    const t = tensor([channels, height, width]);
    for (let i = 0; i < t.data.length; i++) t.data[i] = Math.floor(rng.next() * 256);
    return t;
  });
}
