/**
 * The picture type every part of Sheet CNN passes around, and conversions into it. Pure TypeScript with no
 * Node or DOM APIs: the sidebar bundles this file too (canvas ImageData is RGBA in a Uint8ClampedArray).
 */
import { ImageError } from './errors';

/** An 8-bit RGB picture: row-major, 3 bytes (R, G, B) per pixel, data.length = width*height*3. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Raw pixels with `channels` bytes per pixel (3 = RGB, 4 = RGBA as in canvas ImageData). */
export interface PixelBuffer {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

function assertSize(what: string, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ImageError(
      'invalid-argument',
      `${what}: width and height must be whole numbers ≥ 1; got ${width}×${height}.`,
    );
  }
}

/** A cropped, resized or turned buffer: same bytes per pixel as its source. */
export interface Bitmap {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Throws unless `data` holds exactly width*height*channels bytes for positive integer width and height. */
export function assertPixelBuffer(what: string, image: PixelBuffer, channels: number): void {
  const { width, height } = image;
  assertSize(what, width, height);
  const expected = width * height * channels;
  if (image.data.length !== expected) {
    throw new ImageError(
      'invalid-argument',
      `${what}: a ${width}×${height} picture with ${channels} bytes per pixel needs ${expected} bytes; got ${image.data.length}.`,
    );
  }
}

/** Composites one 8-bit channel value over white: round(c·a/255 + 255·(1 − a/255)), in exact integer arithmetic. */
function overWhite(value: number, alpha: number): number {
  return Math.floor((value * alpha + 255 * (255 - alpha) + 127) / 255);
}

/**
 * RGBA → RGB composited on a white background (a transparent logo should look as it does on a page, not black).
 * `hadAlpha` (some pixel was not fully opaque) and `translucentPixels` (how many) let the caller tell the user.
 */
export function rgbaToRgbOnWhite(rgba: PixelBuffer): { image: RgbImage; hadAlpha: boolean; translucentPixels: number } {
  assertPixelBuffer('rgbaToRgbOnWhite', rgba, 4);
  const pixels = rgba.width * rgba.height;
  const src = rgba.data;
  const out = new Uint8Array(pixels * 3);
  let translucentPixels = 0;
  for (let p = 0; p < pixels; p++) {
    const a = src[p * 4 + 3];
    if (a === 255) {
      out[p * 3] = src[p * 4];
      out[p * 3 + 1] = src[p * 4 + 1];
      out[p * 3 + 2] = src[p * 4 + 2];
    } else {
      translucentPixels++;
      out[p * 3] = overWhite(src[p * 4], a);
      out[p * 3 + 1] = overWhite(src[p * 4 + 1], a);
      out[p * 3 + 2] = overWhite(src[p * 4 + 2], a);
    }
  }
  return {
    image: { width: rgba.width, height: rgba.height, data: out },
    hadAlpha: translucentPixels > 0,
    translucentPixels,
  };
}

/** One grey byte per pixel → RGB with R = G = B. */
export function greyToRgb(grey: PixelBuffer): RgbImage {
  assertPixelBuffer('greyToRgb', grey, 1);
  const out = new Uint8Array(grey.data.length * 3);
  for (let p = 0; p < grey.data.length; p++) {
    out[p * 3] = out[p * 3 + 1] = out[p * 3 + 2] = grey.data[p];
  }
  return { width: grey.width, height: grey.height, data: out };
}

/**
 * Bytes per pixel of a buffer (1 grey, 3 RGB, 4 RGBA), inferred from its length so resize and crop accept
 * decoded RGB and canvas RGBA alike; throws when the length fits none of them.
 */
export function channelsOf(what: string, image: PixelBuffer): 1 | 3 | 4 {
  const { width, height } = image;
  assertSize(what, width, height);
  const pixels = width * height;
  for (const channels of [3, 4, 1] as const) {
    if (image.data.length === pixels * channels) return channels;
  }
  throw new ImageError(
    'invalid-argument',
    `${what}: ${image.data.length} bytes do not fit a ${width}×${height} picture (expected ${pixels} grey, ${pixels * 3} RGB or ${pixels * 4} RGBA bytes).`,
  );
}
