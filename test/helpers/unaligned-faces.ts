/**
 * Unaligned faces made from aligned ones: an ORL face (grey, 92×112, the face filling the frame) area-resized
 * to a random size and pasted at a random place into a larger, seeded colour background (a smooth gradient with
 * stripes and noise, different in every scene, so the background says nothing about who it is).
 */
import { createRng } from '../../src/core';
import type { Rng } from '../../src/core';
import { resizeArea } from '../../src/image';
import type { RgbImage } from '../../src/image';

export interface Scene {
  readonly image: RgbImage;
  /** Where the pasted picture lies in the scene. */
  readonly pasted: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
}

const between = (rng: Rng, min: number, max: number): number => min + rng.next() * (max - min);

function background(rng: Rng, side: number): Uint8Array {
  const data = new Uint8Array(side * side * 3);
  const base = [0, 1, 2].map(() => between(rng, 40, 215));
  const slope = [0, 1, 2].map(() => [between(rng, -0.4, 0.4), between(rng, -0.4, 0.4)]);
  const stripe = { angle: between(rng, 0, Math.PI), period: between(rng, 12, 60), depth: between(rng, 0, 40) };
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const wave =
        stripe.depth *
        Math.sin(((x * Math.cos(stripe.angle) + y * Math.sin(stripe.angle)) / stripe.period) * 2 * Math.PI);
      for (let c = 0; c < 3; c++) {
        const value =
          base[c] + slope[c][0] * (x - side / 2) + slope[c][1] * (y - side / 2) + wave + between(rng, -12, 12);
        data[(y * side + x) * 3 + c] = Math.round(Math.min(255, Math.max(0, value)));
      }
    }
  }
  return data;
}

/**
 * `face` (RGB) scaled so its height is `minHeight`–`maxHeight` pixels, pasted at a random place in a
 * side×side scene; everything drawn from `seed`.
 */
export function unalignedScene(
  face: RgbImage,
  seed: number,
  side: number,
  minHeight: number,
  maxHeight: number,
): Scene {
  const rng = createRng(seed);
  const data = background(rng, side);
  const height = Math.round(between(rng, minHeight, maxHeight));
  const width = Math.round((height * face.width) / face.height);
  const scaled = resizeArea(face, width, height);
  const left = Math.floor(rng.next() * (side - width + 1));
  const top = Math.floor(rng.next() * (side - height + 1));
  for (let y = 0; y < height; y++)
    data.set(scaled.data.subarray(y * width * 3, (y + 1) * width * 3), ((top + y) * side + left) * 3);
  return { image: { width: side, height: side, data }, pasted: { left, top, width, height } };
}
