/**
 * Binary Netpbm pictures: PGM (P5, grey) and PPM (P6, RGB), 8-bit. Parsed strictly after the Netpbm spec:
 * magic, whitespace, width, whitespace, height, whitespace, maxval, exactly one whitespace byte, then the raster;
 * "#" comments run to the end of a line anywhere whitespace may stand in the header.
 */
import { ImageError } from './errors';
import { FORMAT_NAMES } from './format';
import { greyToRgb, RgbImage } from './rgb';
import { plural } from '../shared/plural';

export interface NetpbmHeader {
  readonly format: 'pgm' | 'ppm';
  readonly width: number;
  readonly height: number;
  readonly maxval: number;
  /** Offset of the first raster byte. */
  readonly dataOffset: number;
}

const isSpace = (b: number): boolean =>
  b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;
const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;

/** Parses the header of a P5/P6 file; throws ImageError('corrupt' | 'unsupported') naming what is wrong. */
export function parseNetpbmHeader(bytes: Uint8Array): NetpbmHeader {
  const format = bytes[1] === 0x35 ? 'pgm' : 'ppm';
  const name = FORMAT_NAMES[format];
  const corrupt = (what: string): ImageError =>
    new ImageError(
      'corrupt',
      `This ${name} file is damaged: ${what}. Export the picture again, or save it as PNG or JPEG.`,
    );
  let pos = 2;

  // Whitespace and comments between header fields; at least one whitespace byte or comment is required.
  const skipSeparator = (field: string): void => {
    const start = pos;
    while (pos < bytes.length) {
      if (isSpace(bytes[pos])) pos++;
      else if (bytes[pos] === 0x23) {
        while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
      } else break;
    }
    if (pos === start) throw corrupt(`expected a space before the ${field} in the header`);
    if (pos >= bytes.length) throw corrupt(`the header ends before the ${field}`);
  };
  const readNumber = (field: string): number => {
    const start = pos;
    let value = 0;
    while (pos < bytes.length && isDigit(bytes[pos])) {
      value = value * 10 + (bytes[pos] - 0x30);
      pos++;
      if (pos - start > 9) throw corrupt(`the ${field} in the header has too many digits`);
    }
    if (pos === start) throw corrupt(`the ${field} in the header is not a number`);
    return value;
  };

  skipSeparator('width');
  const width = readNumber('width');
  skipSeparator('height');
  const height = readNumber('height');
  skipSeparator('maximum grey value');
  const maxval = readNumber('maximum value');
  // A comment may sit between maxval and the single whitespace byte that ends the header.
  if (bytes[pos] === 0x23) {
    while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
  }
  if (pos >= bytes.length) throw corrupt('the file ends right after the header, with no pixels');
  if (!isSpace(bytes[pos])) throw corrupt('the maximum value in the header is not followed by a space or line break');
  pos++;

  if (maxval < 1) throw corrupt('the maximum value in the header is 0; it must be 1–255');
  if (maxval > 255) {
    throw new ImageError(
      'unsupported',
      `This ${name} file has 16-bit samples (maximum value ${maxval}); only 8-bit files (maximum value 1–255) are read. Save it with 8 bits per sample, or as PNG.`,
    );
  }
  return { format, width, height, maxval, dataOffset: pos };
}

/**
 * Decodes the raster after a parsed header. The byte count must be exact: fewer means the file was cut short,
 * more means a multi-picture file or stray data, and both would silently shift every pixel.
 */
export function decodeNetpbmRaster(bytes: Uint8Array, header: NetpbmHeader): RgbImage {
  const { format, width, height, maxval, dataOffset } = header;
  const name = FORMAT_NAMES[format];
  const channels = format === 'pgm' ? 1 : 3;
  const expected = width * height * channels;
  const actual = bytes.length - dataOffset;
  if (actual < expected) {
    throw new ImageError(
      'corrupt',
      `This ${name} file is truncated: a ${width}×${height} picture needs ${expected} bytes of pixels but the file has ${actual}. Copy or export it again.`,
    );
  }
  if (actual > expected) {
    throw new ImageError(
      'corrupt',
      `This ${name} file has ${plural(actual - expected, 'byte')} after its ${width}×${height} picture (several pictures in one file, or a damaged header). Save just one picture per file.`,
    );
  }
  const samples = new Uint8Array(expected);
  for (let i = 0; i < expected; i++) {
    const v = bytes[dataOffset + i];
    if (v > maxval) {
      throw new ImageError(
        'corrupt',
        `This ${name} file is damaged: a sample is ${v}, above the header's maximum value ${maxval}. Export the picture again.`,
      );
    }
    // Rescale to 0–255 when the file uses fewer levels (exact when maxval is 255).
    samples[i] = maxval === 255 ? v : Math.floor((v * 255) / maxval + 0.5);
  }
  return channels === 1 ? greyToRgb({ width, height, data: samples }) : { width, height, data: samples };
}
