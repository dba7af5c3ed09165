/**
 * A bound on what a PNG's compressed pixel data may expand to. pngjs caps the inflated size of a
 * non-interlaced PNG at the raster its header declares, but inflates an interlaced one without a cap, so a
 * 25 MB file of compressed zeros would claim gigabytes before failing. Interlaced files are therefore inflated
 * here first with the exact Adam7 raster size as the ceiling. Node-side (zlib), like decode.ts.
 */
import * as zlib from 'zlib';
import { ImageError } from './errors';

/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7_PASSES: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
];

/** Samples per pixel of each PNG colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Bytes of the filtered Adam7 raster: every pass row carries a filter byte and whole bytes of pixels. */
function interlacedRasterBytes(width: number, height: number, bitsPerPixel: number): number {
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7_PASSES) {
    const passWidth = Math.max(0, Math.ceil((width - x0) / dx));
    const passHeight = Math.max(0, Math.ceil((height - y0) / dy));
    if (passWidth > 0 && passHeight > 0) total += passHeight * (1 + Math.ceil((passWidth * bitsPerPixel) / 8));
  }
  return total;
}

const u32 = (bytes: Uint8Array, at: number): number => ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];

/**
 * Throws ImageError('corrupt') when an interlaced PNG's IDAT data inflates to more than its declared raster.
 * Expects a file inspectImage has accepted (IHDR first, every chunk length within the file).
 */
export function assertInterlacedPngFits(bytes: Uint8Array): void {
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const bitDepth = bytes[24];
  const channels = CHANNELS[bytes[25]];
  if (bytes[28] !== 1 || channels === undefined) return; // not interlaced, or a colour type pngjs itself refuses
  const idat: Uint8Array[] = [];
  for (let pos = 8; pos + 12 <= bytes.length;) {
    const length = u32(bytes, pos);
    if (String.fromCharCode(bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]) === 'IDAT') idat.push(bytes.subarray(pos + 8, pos + 8 + length));
    pos += 12 + length;
  }
  const limit = interlacedRasterBytes(width, height, bitDepth * channels);
  try {
    zlib.inflateSync(Buffer.concat(idat), { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') return; // other zlib faults: pngjs reports them
    throw new ImageError(
      'corrupt',
      `This PNG file is damaged: its pixel data expands to more than the ${limit} bytes a ${width}×${height} interlaced picture needs. Open it in a photo viewer to check, then export or download it again.`,
    );
  }
}
