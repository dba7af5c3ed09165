/**
 * Data augmentation: each time a training picture is used it is changed a little — mirrored left to right,
 * turned and zoomed slightly, shifted by a few pixels, made brighter or darker, its contrast raised or
 * lowered — so that a network trained on a few photos learns the face rather than the exact pixels. Seeded by
 * (seed, epoch, picture), so a run gives the same batches however it is split into calls, and two runs with
 * one seed are identical.
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
  /** Largest change of size about the centre: 0.05 draws a zoom of 0.95 to 1.05. */
  readonly scale: number;
  /** Largest turn about the centre, in degrees either way. */
  readonly rotate: number;
}

/** The strengths the Train panel offers; 'off' trains on the pictures as they are. */
export type AugmentStrength = 'off' | 'light' | 'medium' | 'strong';

export const AUGMENT_STRENGTHS: Readonly<Record<Exclude<AugmentStrength, 'off'>, AugmentOptions>> = {
  light: { flip: true, shift: 1, brightness: 0.05, contrast: 0.1, scale: 0.03, rotate: 3 },
  medium: { flip: true, shift: 2, brightness: 0.1, contrast: 0.2, scale: 0.05, rotate: 5 },
  strong: { flip: true, shift: 3, brightness: 0.2, contrast: 0.3, scale: 0.1, rotate: 10 },
};

/** The 32-bit stream of picture `index` in `epoch` of the run seeded `seed`. */
function streamSeed(seed: number, epoch: number, index: number): number {
  const word = Math.floor(createRng(seed).next() * 0x100000000);
  return (word ^ Math.imul(epoch + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

/**
 * A changed copy of `image` (CHW, values 0–255): mirrored, turned and zoomed about the centre, then shifted
 * (the same for every channel), then pixel = mean + contrast·(pixel − mean) + brightness·255, clipped to
 * 0–255. The draws come from `seedWord`.
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
  const zoom = 1 + (rng.next() * 2 - 1) * options.scale;
  const angle = (((rng.next() * 2 - 1) * options.rotate) / 180) * Math.PI;
  const plane = width * height;
  const { corners, fractions } = samplePoints(
    width,
    height,
    flip,
    dx,
    dy,
    Math.cos(angle) / zoom,
    Math.sin(angle) / zoom,
  );
  const from = image.data;
  const out = new Float64Array(from.length);
  for (let c = 0; c < channels; c++) {
    const base = c * plane;
    let mean = 0;
    for (let p = 0; p < plane; p++) mean += from[base + p];
    mean /= plane;
    for (let p = 0; p < plane; p++) {
      const topLeft = from[base + corners[4 * p]];
      const bottomLeft = from[base + corners[4 * p + 2]];
      const fx = fractions[2 * p];
      const top = topLeft + fx * (from[base + corners[4 * p + 1]] - topLeft);
      const bottom = bottomLeft + fx * (from[base + corners[4 * p + 3]] - bottomLeft);
      const sample = top + fractions[2 * p + 1] * (bottom - top);
      const value = mean + contrast * (sample - mean) + brightness;
      out[base + p] = Math.min(255, Math.max(0, value));
    }
  }
  return { shape: image.shape, data: out };
}

/**
 * Where each output pixel reads the input: the point the inverse turn and zoom (cos and sin already divided by
 * the zoom) and the shift take it to, mirrored when asked, edges repeated. Per pixel p, the four neighbours'
 * indices within a channel (top left, top right, bottom left, bottom right) in corners[4p…] and the point's
 * distances from the top left one in fractions[2p] (across) and fractions[2p + 1] (down), for bilinear reading.
 * The same for every channel, so worked out once. With no turn or zoom the points are whole pixels, so shifts
 * and mirrors copy values exactly.
 */
function samplePoints(
  width: number,
  height: number,
  flip: boolean,
  dx: number,
  dy: number,
  cos: number,
  sin: number,
): { corners: Int32Array; fractions: Float64Array } {
  const corners = new Int32Array(4 * width * height);
  const fractions = new Float64Array(2 * width * height);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const clamp = (value: number, size: number): number => Math.min(size - 1, Math.max(0, value));
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      const u = x - dx - cx;
      const v = y - dy - cy;
      const turnedX = clamp(cos * u + sin * v + cx, width);
      const sx = flip ? width - 1 - turnedX : turnedX;
      const sy = clamp(cos * v - sin * u + cy, height);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(width - 1, x0 + 1);
      const y1 = Math.min(height - 1, y0 + 1);
      corners[4 * p] = y0 * width + x0;
      corners[4 * p + 1] = y0 * width + x1;
      corners[4 * p + 2] = y1 * width + x0;
      corners[4 * p + 3] = y1 * width + x1;
      fractions[2 * p] = sx - x0;
      fractions[2 * p + 1] = sy - y0;
    }
  }
  return { corners, fractions };
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
