/**
 * A picture sent by the sidebar, checked at the door: a name, the model's input size, and base64 that
 * decodes to exactly width × height × 3 bytes.
 */
import type { PicturePixels } from '../shared/api';
import type { RgbImage } from '../image/rgb';
import { base64ToBytes } from '../shared/pixels';
import { requireInteger, requireName, requireRecord } from './validate';

export interface CheckedPicture {
  readonly name: string;
  readonly image: RgbImage;
  /** The base64 as received (already checked), ready to store in one dataset cell. */
  readonly base64: string;
}

export interface InputSize {
  readonly width: number;
  readonly height: number;
}

/**
 * What is wrong with pixel text, from the codec's error: its first sentence (what and where). The rest is
 * the codec's guess at a cause, which each caller replaces with the fix that fits where the text came from.
 */
export function encodingProblem(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split(/(?<=\.) /)[0];
}

/** Larger than any picture a model here takes; refuses absurd sizes before they are compared or decoded. */
const MAX_SIDE = 4096;

/** Largest side of a picture-only import (the sheet's column limit bounds the width further down). */
export const MAX_PICTURE_SIDE = MAX_SIDE;

/** Checks one PicturePixels against the model's input size (any size up to MAX_SIDE when null); `what` names it in messages ("picture 3"). */
export function requirePicture(value: unknown, what: string, input: InputSize | null): CheckedPicture {
  const fields = requireRecord(value, what) as Partial<Record<keyof PicturePixels, unknown>>;
  const name = requireName(fields.name, `${what} name`);
  const label = `${what} "${name}"`;
  const width = requireInteger(fields.width, `${label} width`, 1, MAX_SIDE);
  const height = requireInteger(fields.height, `${label} height`, 1, MAX_SIDE);
  if (input !== null && (width !== input.width || height !== input.height)) {
    throw new Error(
      `${label} is ${width}×${height} pixels but the model takes ${input.width}×${input.height}; ` +
        `resize it to ${input.width}×${input.height} first (the sidebar does this when it imports a picture)`,
    );
  }
  const base64 = fields.rgbBase64;
  if (typeof base64 !== 'string')
    throw new Error(
      `${label} has no pixels (rgbBase64 is ${base64 === undefined ? 'missing' : `a ${typeof base64}`}); send them as base64 text`,
    );
  // 3 bytes per pixel and 4 base64 characters per 3 bytes.
  const expectedLength = width * height * 4;
  if (base64.length !== expectedLength) {
    throw new Error(
      `${label}: the pixels are ${base64.length} base64 characters but a ${width}×${height} RGB picture takes ${expectedLength} ` +
        `(3 bytes per pixel); send R, G, B bytes for every pixel`,
    );
  }
  let data: Uint8Array;
  try {
    data = base64ToBytes(base64);
  } catch (error) {
    throw Object.assign(new Error(`${label}: ${encodingProblem(error)} Send the R, G, B bytes as standard base64.`), {
      cause: error,
    });
  }
  if (data.length !== width * height * 3) {
    throw new Error(
      `${label}: the pixels end with "=" padding, so they hold ${data.length} bytes instead of ${width * height * 3}; send R, G, B bytes for every pixel`,
    );
  }
  return { name, image: { width, height, data }, base64 };
}
