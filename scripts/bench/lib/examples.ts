/** Seeded pictures of random pixels (0–255, CHW) for the default network, labels cycling through the classes. */
import { createRng } from '../../../src/core/random';
import { tensor } from '../../../src/core/tensor';
import type { Example, ModelSpec } from '../../../src/core/types';

export function randomExamples(spec: ModelSpec, count: number): Example[] {
  const rng = createRng(2024);
  const { channels, height, width } = spec.input;
  return Array.from({ length: count }, (_, n) => {
    const image = tensor([channels, height, width]);
    for (let i = 0; i < image.data.length; i++) image.data[i] = Math.floor(rng.next() * 256);
    return { image, label: n % spec.classes.length };
  });
}
