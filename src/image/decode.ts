/**
 * Bytes of a picture file → RGB pixels. The format is decided by magic bytes (inspect.ts), never by the file
 * name. Node-side (pngjs needs zlib); the sidebar decodes with the browser and shares inspect.ts and resize.ts.
 */
import * as jpeg from 'jpeg-js';
import { PNG, PNGWithMetadata } from 'pngjs';
import { ImageError } from './errors';
import { FORMAT_NAMES, ImageFormat } from './format';
import { inspectImage } from './inspect';
import { MAX_PIXELS } from './limits';
import { decodeNetpbmRaster } from './netpbm';
import { applyOrientation } from './orientation';
import { assertInterlacedPngFits } from './pngRasterSize';
import { rgbaToRgbOnWhite, RgbImage } from './rgb';

export interface DecodedImage extends RgbImage {
  readonly format: ImageFormat;
  /** True when the file carries transparency (an alpha channel or a transparent colour), even if every pixel is opaque. */
  readonly hadAlpha: boolean;
  /** Pixels that were not fully opaque and were therefore composited on white. */
  readonly translucentPixels: number;
  /** Exif orientation applied to reach the upright picture (1 = stored upright; JPEG only). */
  readonly orientation: number;
}

/** Working memory jpeg-js may claim for a MAX_PIXELS progressive JPEG (coefficients, planes and output). */
const JPEG_MAX_MEMORY_MB = 1024;

function decoderFailure(format: ImageFormat, cause: unknown): ImageError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ImageError(
    'corrupt',
    `This ${FORMAT_NAMES[format]} file could not be decoded (${detail}); it is probably damaged or truncated. Open it in a photo viewer to check, then export or download it again.`,
  );
}

function decodeJpeg(bytes: Uint8Array, orientation: number): DecodedImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      // Strict: a missing block is an error, not a silently grey patch.
      tolerantDecoding: false,
      maxResolutionInMP: MAX_PIXELS / 1e6,
      maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/color mode/i.test(message)) {
      throw new ImageError('unsupported', 'This JPEG uses an unusual colour layout (neither grey, RGB nor CMYK). Save it again as a standard JPEG or as PNG.');
    }
    if (/maxMemoryUsageInMB|maxResolutionInMP|allocate/i.test(message)) {
      throw new ImageError('too-large', `This JPEG needs more memory to decode than allowed (${JPEG_MAX_MEMORY_MB} MB). Scale it down and import the smaller copy.`);
    }
    throw decoderFailure('jpeg', error);
  }
  const upright = orientation === 1 ? decoded : applyOrientation(decoded, orientation);
  return { width: upright.width, height: upright.height, data: upright.data, format: 'jpeg', hadAlpha: false, translucentPixels: 0, orientation };
}

function decodePng(bytes: Uint8Array): DecodedImage {
  assertInterlacedPngFits(bytes);
  let png: PNGWithMetadata;
  try {
    // pngjs returns 8-bit RGBA for every PNG colour type and bit depth (16-bit samples rounded to 8 bits).
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw decoderFailure('png', error);
  }
  const { image, translucentPixels } = rgbaToRgbOnWhite({ width: png.width, height: png.height, data: png.data });
  // png.alpha reflects the colour type; a tRNS transparent colour shows up only in the pixels.
  return { ...image, format: 'png', hadAlpha: png.alpha || translucentPixels > 0, translucentPixels, orientation: 1 };
}

/** Decodes a JPEG, PNG, PGM (P5) or PPM (P6) file; throws ImageError with a message for the user otherwise. */
export function decodeImage(bytes: Uint8Array): DecodedImage {
  const info = inspectImage(bytes);
  if (info.format === 'jpeg') return decodeJpeg(bytes, info.orientation);
  if (info.format === 'png') return decodePng(bytes);
  if (info.netpbm === undefined) throw new Error('inspectImage returned a Netpbm format without its header');
  return { ...decodeNetpbmRaster(bytes, info.netpbm), format: info.format, hadAlpha: false, translucentPixels: 0, orientation: 1 };
}
