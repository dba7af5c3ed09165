import { ImageError } from './errors';
import { FORMAT_NAMES, ImageFormat } from './format';

/** Largest file accepted: 25 MB. Bigger files are rejected before any decoding. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

/**
 * Largest picture accepted: 40 megapixels (e.g. 8000×5000; a 48 MP phone photo must be scaled down first).
 * Checked from the header, before decoding.
 */
export const MAX_PIXELS = 40_000_000;

/**
 * Most working memory a decode may claim, estimated from the header before decoding (decode.ts counts the
 * decoder's buffers and our copies). A 40-megapixel 8-bit RGB PNG needs ~640 MB, a 40-megapixel JPEG with the
 * usual 4:2:0 colour ~540 MB; 16-bit or full-colour-resolution (4:4:4) files of that size must be scaled down.
 */
export const MAX_DECODE_BYTES = 640 * 1024 * 1024;

/** Largest width or height accepted; keeps a 1×40,000,000 strip from passing the pixel limit. */
export const MAX_SIDE = 20_000;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Throws when a file is empty or bigger than MAX_FILE_BYTES. */
export function assertFileSize(byteLength: number): void {
  if (byteLength === 0) {
    throw new ImageError(
      'empty',
      'The file is empty (0 bytes). Choose the picture file again; it may not have finished downloading or saving.',
    );
  }
  if (byteLength > MAX_FILE_BYTES) {
    throw new ImageError(
      'too-large',
      `The file is ${megabytes(byteLength)}, more than the limit of ${MAX_FILE_BYTES / (1024 * 1024)} MB. Save a smaller copy (fewer pixels or a lower JPEG quality) and import that.`,
    );
  }
}

/** Throws when a picture's dimensions (from its header) are zero or beyond MAX_PIXELS / MAX_SIDE. */
export function assertDimensions(format: ImageFormat, width: number, height: number): void {
  const name = FORMAT_NAMES[format];
  if (width === 0 || height === 0) {
    throw new ImageError(
      'empty',
      `This ${name} file says its picture is ${width}×${height} pixels, so it has no pixels to import. Choose another picture.`,
    );
  }
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    throw new ImageError(
      'too-large',
      `This ${name} picture is ${width}×${height} pixels (${((width * height) / 1e6).toFixed(1)} megapixels); the limit is ` +
        `${MAX_PIXELS / 1e6} megapixels and ${MAX_SIDE} pixels per side. Scale it down in a photo editor and import the smaller copy.`,
    );
  }
}

/** Throws when decoding a picture would claim more than MAX_DECODE_BYTES (`needed`, estimated from its header). */
export function assertDecodeMemory(format: ImageFormat, width: number, height: number, needed: number): void {
  if (needed <= MAX_DECODE_BYTES) return;
  throw new ImageError(
    'too-large',
    `This ${FORMAT_NAMES[format]} picture (${width}×${height} pixels) needs about ${megabytes(needed)} of memory to decode; the limit is ` +
      `${megabytes(MAX_DECODE_BYTES)}. Scale it down in a photo editor (or save it with 8-bit colour) and import the smaller copy.`,
  );
}
