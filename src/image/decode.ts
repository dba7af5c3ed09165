/**
 * Bytes of a picture file → RGB pixels. The format is decided by magic bytes (inspect.ts), never by the file
 * name. Node-side (pngjs needs zlib); the sidebar decodes with the browser and shares inspect.ts and resize.ts.
 */
import * as jpeg from 'jpeg-js';
import { PNG, PNGWithMetadata } from 'pngjs';
import { decoderFailure, ImageError } from './errors';
import type { ImageFormat } from './format';
import { inspectImage } from './inspect';
import type { ImageInfo } from './inspect';
import { jpegBlocks, scanJpeg } from './jpeg-structure';
import { assertDecodeMemory, MAX_DECODE_BYTES, MAX_PIXELS } from './limits';
import { decodeNetpbmRaster } from './netpbm';
import { applyOrientation } from './orientation';
import { assertPngRaster } from './png-raster-size';
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

/** jpeg-js's own cap, the same bound as ours: a second line of defence should our estimate ever fall short. */
const JPEG_MAX_MEMORY_MB = MAX_DECODE_BYTES / (1024 * 1024);

/**
 * Memory jpeg-js and we claim for a JPEG, from its frame header: 256 bytes per stored 8×8 block of
 * coefficients, 64 per block of decoded samples, its RGB output and ours (and a turned copy when Exif says so).
 */
function jpegDecodeBytes(bytes: Uint8Array, orientation: number): number {
  const frame = scanJpeg(bytes).frame;
  if (frame === null) return 0; // inspectImage refuses such files first
  const { coded, stored } = jpegBlocks(frame);
  const pixels = frame.width * frame.height;
  return 256 * stored + 64 * coded + (orientation === 1 ? 6 : 9) * pixels;
}

function decodeJpeg(bytes: Uint8Array, info: ImageInfo): DecodedImage {
  const { orientation } = info;
  assertDecodeMemory('jpeg', info.width, info.height, jpegDecodeBytes(bytes, orientation));
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
      throw new ImageError(
        'unsupported',
        'This JPEG uses an unusual colour layout (neither grey, RGB nor CMYK). Save it again as a standard JPEG or as PNG.',
      );
    }
    if (/maxMemoryUsageInMB|maxResolutionInMP|allocate/i.test(message)) {
      throw new ImageError(
        'too-large',
        `This JPEG needs more memory to decode than allowed (${JPEG_MAX_MEMORY_MB} MB). Scale it down and import the smaller copy.`,
      );
    }
    throw decoderFailure('jpeg', error);
  }
  const upright = orientation === 1 ? decoded : applyOrientation(decoded, orientation);
  return {
    width: upright.width,
    height: upright.height,
    data: upright.data,
    format: 'jpeg',
    hadAlpha: false,
    translucentPixels: 0,
    orientation,
  };
}

function decodePng(bytes: Uint8Array): DecodedImage {
  assertPngRaster(bytes);
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
  if (info.format === 'jpeg') return decodeJpeg(bytes, info);
  if (info.format === 'png') return decodePng(bytes);
  if (info.netpbm === undefined) throw new Error('inspectImage returned a Netpbm format without its header');
  return {
    ...decodeNetpbmRaster(bytes, info.netpbm),
    format: info.format,
    hadAlpha: false,
    translucentPixels: 0,
    orientation: 1,
  };
}
