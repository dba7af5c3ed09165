/**
 * The exact size of a PNG's pixel data, checked before pngjs sees the file. pngjs inflates an interlaced PNG
 * without a cap (a 25 MB file of compressed zeros would claim gigabytes before failing), and decodes a PNG
 * whose data stops early into a buffer it never clears (the missing rows would show bytes of unrelated memory).
 * So the IDAT data is inflated here first, capped at the raster the header declares, and must fill it exactly.
 * Node-side (zlib), like decode.ts.
 */
import * as zlib from 'zlib';
import { decoderFailure, ImageError } from './errors';
import { assertDecodeMemory } from './limits';

/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7_PASSES: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** Samples per pixel of each PNG colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** zlib's best case is about 1032:1 (RFC 1951 lengths of 258 in 2 bits); 1100 leaves room for stream overhead. */
const MAX_DEFLATE_RATIO = 1100;

/** Bytes of a filtered raster: every row carries a filter byte and whole bytes of pixels. */
function rowsBytes(width: number, height: number, bitsPerPixel: number): number {
  return width > 0 && height > 0 ? height * (1 + Math.ceil((width * bitsPerPixel) / 8)) : 0;
}

/** Bytes of the filtered raster: one image, or the seven Adam7 passes of an interlaced one. */
function rasterBytes(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  if (!interlaced) return rowsBytes(width, height, bitsPerPixel);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7_PASSES) {
    total += rowsBytes(
      Math.max(0, Math.ceil((width - x0) / dx)),
      Math.max(0, Math.ceil((height - y0) / dy)),
      bitsPerPixel,
    );
  }
  return total;
}

const u32 = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];

function damaged(what: string): ImageError {
  return new ImageError(
    'corrupt',
    `This PNG file is damaged: ${what}. Open it in a photo viewer to check, then export or download it again.`,
  );
}

/**
 * Throws ImageError when a PNG's pixel data cannot be decoded within the memory bound ('too-large'), or does not
 * inflate to exactly the raster its header declares ('corrupt': cut short, broken, or expanding beyond it).
 * Expects a file inspectImage has accepted (IHDR first, every chunk length within the file).
 */
export function assertPngRaster(bytes: Uint8Array): void {
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const bitDepth = bytes[24];
  const channels = CHANNELS[bytes[25]];
  if (channels === undefined) return; // a colour type pngjs itself refuses
  const interlaced = bytes[28] === 1;
  const expected = rasterBytes(width, height, bitDepth * channels, interlaced);
  // pngjs holds the inflated raster three times (its pieces, joined, unfiltered), the pixels as RGBA (16-bit
  // samples first in 8 bytes a pixel, then rounded into 4 more), and we make an RGB copy.
  const pixels = width * height;
  assertDecodeMemory('png', width, height, 3 * expected + (bitDepth === 16 ? 12 : 4) * pixels + 3 * pixels);
  const idat: Uint8Array[] = [];
  let compressed = 0;
  for (let pos = 8; pos + 12 <= bytes.length;) {
    const length = u32(bytes, pos);
    if (String.fromCharCode(bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]) === 'IDAT') {
      idat.push(bytes.subarray(pos + 8, pos + 8 + length));
      compressed += length;
    }
    pos += 12 + length;
  }
  const cutShort = (got: string): ImageError =>
    damaged(`its pixel data stops early (${got} of the ${expected} bytes a ${width}×${height} picture needs)`);
  // Too few compressed bytes to expand to the raster at all: refused without inflating anything.
  if (compressed * MAX_DEFLATE_RATIO < expected)
    throw cutShort(`${compressed} compressed bytes can hold at most ${compressed * MAX_DEFLATE_RATIO}`);
  let inflated: Buffer;
  try {
    inflated = zlib.inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') throw decoderFailure('png', error);
    // Non-interlaced, pngjs reads only the declared raster; interlaced, it would inflate everything.
    if (!interlaced) return;
    throw damaged(
      `its pixel data expands to more than the ${expected} bytes a ${width}×${height} interlaced picture needs`,
    );
  }
  if (inflated.length < expected) throw cutShort(`${inflated.length}`);
}
