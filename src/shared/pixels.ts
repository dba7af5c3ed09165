/**
 * One picture in one spreadsheet cell: base64 of its RGB bytes, plus a content hash for spotting duplicates.
 * Pure TypeScript (no Buffer, no btoa) so the same code runs in Apps Script V8, the sidebar and Node.
 */

import { FNV1A_OFFSET_BASIS, fnv1aMix } from './fnv1a';
import { SHEETS_CELL_CHAR_LIMIT } from './sheets-limits';

/** Most RGB bytes whose base64 fits in one cell (4 characters per 3 bytes): 37,500 = 12,500 pixels, e.g. 111×111. */
export const MAX_CELL_PIXEL_BYTES = Math.floor(SHEETS_CELL_CHAR_LIMIT / 4) * 3;

/** Thrown for pixel text that cannot be what it claims; the message names what is wrong. */
export class PixelEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PixelEncodingError';
    Object.setPrototypeOf(this, PixelEncodingError.prototype);
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = (() => {
  const codes = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) codes[ALPHABET.charCodeAt(i)] = i;
  return codes;
})();

/** Standard base64 with '=' padding (RFC 4648 §4), the same text as Node's Buffer and the browser's btoa. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const full = bytes.length - (bytes.length % 3);
  for (let i = 0; i < full; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
    // Flush now and then: one huge concatenated rope is slow to flatten.
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - full;
  if (rest === 1) {
    const n = bytes[full] << 16;
    chunk += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[full] << 16) | (bytes[full + 1] << 8);
    chunk += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

/** Strict base64 decoding: the standard alphabet, '=' padding only at the end, length a multiple of 4. */
export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) {
    throw new PixelEncodingError(
      `Pixel text has ${text.length} characters; base64 text always has a multiple of 4. The cell was probably cut short or edited.`,
    );
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const at = i + k;
      const ch = text.charCodeAt(at);
      const isPad = ch === 0x3d && at >= text.length - padding;
      const code = isPad ? 0 : ch < 128 ? CODES[ch] : -1;
      if (code < 0) {
        throw new PixelEncodingError(
          `Pixel text has "${text[at]}" at character ${at + 1}, which is not base64 (A–Z, a–z, 0–9, +, /, = at the end). The cell was probably edited.`,
        );
      }
      n = (n << 6) | code;
    }
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function assertSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new PixelEncodingError(`Picture size must be whole numbers ≥ 1; got ${width}×${height}.`);
  }
}

/** RGB bytes of a width×height picture → the text stored in one dataset cell. */
export function encodePixels(width: number, height: number, rgb: Uint8Array): string {
  assertSize(width, height);
  if (rgb.length !== width * height * 3) {
    throw new PixelEncodingError(
      `A ${width}×${height} RGB picture has ${width * height * 3} bytes; got ${rgb.length}.`,
    );
  }
  if (rgb.length > MAX_CELL_PIXEL_BYTES) {
    throw new PixelEncodingError(
      `A ${width}×${height} picture needs ${Math.ceil(rgb.length / 3) * 4} characters, more than a spreadsheet cell holds (${SHEETS_CELL_CHAR_LIMIT}). Use an input size of at most 111×111.`,
    );
  }
  return bytesToBase64(rgb);
}

/** The text of one dataset cell → RGB bytes, checked against the picture size the row declares. */
export function decodePixels(text: string, width: number, height: number): Uint8Array {
  assertSize(width, height);
  const rgb = base64ToBytes(text);
  const expected = width * height * 3;
  if (rgb.length !== expected) {
    throw new PixelEncodingError(
      `Pixel text holds ${rgb.length} bytes, but a ${width}×${height} RGB picture needs ${expected}. The picture was stored at another size or the cell was edited; import it again.`,
    );
  }
  return rgb;
}

/**
 * FNV-1a (32-bit) of the size and pixels, as 8 hex digits: equal pictures always match, and different ones
 * collide with odds of about 1 in 4 billion per pair, which is enough for flagging likely duplicates.
 */
export function pixelHash(width: number, height: number, rgb: Uint8Array): string {
  let hash = FNV1A_OFFSET_BASIS;
  const mix = (byte: number): void => {
    hash = fnv1aMix(hash, byte);
  };
  // The size goes in first so a 28×28 and a 14×56 picture with the same bytes differ.
  for (const n of [width, height]) for (let s = 24; s >= 0; s -= 8) mix((n >>> s) & 255);
  for (let i = 0; i < rgb.length; i++) mix(rgb[i]);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
