/**
 * Data augmentation: each time a training picture is used it is changed a little — mirrored left to right,
 * shifted by a few pixels, made brighter or darker, its contrast raised or lowered — so that a network
 * trained on a few photos learns the face rather than the exact pixels. Seeded by (seed, epoch, picture), so
 * a run gives the same batches however it is split into calls, and two runs with one seed are identical.
 */
import { createRng } from './random';
import type { Example, Tensor } from './types';

export interface AugmentOptions {
  /** Mirror left to right with probability ½ (faces are nearly symmetric; text and digits are not). */
  readonly flip: boolean;
  /** Largest shift in pixels, up, down, left or right (the uncovered edge repeats the border pixels). */
  readonly shift: number;
  /** Largest brightness change, as a fraction of full scale: 0.1 adds or subtracts up to 25.5 of 255. */
  readonly brightness: number;
  /** Largest contrast change: 0.2 scales the differences from the picture's mean by 0.8 to 1.2. */
  readonly contrast: number;
}

/** The strengths the Train panel offers; 'off' trains on the pictures as they are. */
export type AugmentStrength = 'off' | 'light' | 'medium' | 'strong';

export const AUGMENT_STRENGTHS: Readonly<Record<Exclude<AugmentStrength, 'off'>, AugmentOptions>> = {
  light: { flip: true, shift: 1, brightness: 0.05, contrast: 0.1 },
  medium: { flip: true, shift: 2, brightness: 0.1, contrast: 0.2 },
  strong: { flip: true, shift: 3, brightness: 0.2, contrast: 0.3 },
};

/** The 32-bit stream of picture `index` in `epoch` of the run seeded `seed`. */
function streamSeed(seed: number, epoch: number, index: number): number {
  const word = Math.floor(createRng(seed).next() * 0x100000000);
  return (word ^ Math.imul(epoch + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

/**
 * A changed copy of `image` (CHW, values 0–255): mirrored and shifted (the same for every channel), then
 * pixel = mean + contrast·(pixel − mean) + brightness·255, clipped to 0–255. The draws come from `seedWord`.
 */
export function augmentImage(image: Tensor, options: AugmentOptions, seedWord: number): Tensor {
  const [channels, height, width] = image.shape;
  const rng = createRng(seedWord);
  const flip = options.flip && rng.next() < 0.5;
  const whole = (max: number): number => Math.floor(rng.next() * (2 * max + 1)) - max;
  const dx = whole(options.shift);
  const dy = whole(options.shift);
  const brightness = (rng.next() * 2 - 1) * options.brightness * 255;
  const contrast = 1 + (rng.next() * 2 - 1) * options.contrast;
  const plane = width * height;
  const out = new Float64Array(image.data.length);
  const clampIndex = (value: number, size: number): number => Math.min(size - 1, Math.max(0, value));
  for (let c = 0; c < channels; c++) {
    let mean = 0;
    for (let p = 0; p < plane; p++) mean += image.data[c * plane + p];
    mean /= plane;
    for (let y = 0; y < height; y++) {
      const sy = clampIndex(y - dy, height);
      for (let x = 0; x < width; x++) {
        const shifted = clampIndex(x - dx, width);
        const sx = flip ? width - 1 - shifted : shifted;
        const value = mean + contrast * (image.data[c * plane + sy * width + sx] - mean) + brightness;
        out[c * plane + y * width + x] = Math.min(255, Math.max(0, value));
      }
    }
  }
  return { shape: image.shape, data: out };
}

/** The batch as training sees it: picture `indices[k]` of the training set, changed by its own draws. */
export function augmentBatch(
  batch: readonly Example[],
  indices: readonly number[],
  options: AugmentOptions,
  seed: number,
  epoch: number,
): Example[] {
  return batch.map((example, k) => ({
    ...example,
    image: augmentImage(example.image, options, streamSeed(seed, epoch, indices[k])),
  }));
}
