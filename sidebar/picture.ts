/**
 * A picture file → RGB pixels in the browser, then a square crop resized to the model's input.
 * The checks before decoding (format by content, size limits, truncated JPEG) are the same code the server
 * uses (src/image/inspect), so both give the same messages; the browser decodes JPEG and PNG, and the pure
 * Netpbm reader handles PGM/PPM, which browsers do not show.
 */
import type { PicturePixels } from '../src/shared/api';
import { ImageError } from '../src/image/errors';
import { inspectImage } from '../src/image/inspect';
import { assertFileSize } from '../src/image/limits';
import { decodeNetpbmRaster } from '../src/image/netpbm';
import { CropRect, cropImage, resizeArea } from '../src/image/resize';
import { rgbaToRgbOnWhite, RgbImage } from '../src/image/rgb';
import { bytesToBase64 } from '../src/shared/pixels';

export interface LoadedPicture {
  /** File name (or "pasted image"): shown as text only. */
  readonly name: string;
  readonly image: RgbImage;
  /** Some pixels were transparent and have been composited on white. */
  readonly hadAlpha: boolean;
}

/** Decodes with the browser; the raw colour values, no colour-profile conversion, straight alpha. */
async function decodeWithBrowser(blob: Blob, formatName: string): Promise<{ image: RgbImage; hadAlpha: boolean }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    throw new ImageError(
      'corrupt',
      `This ${formatName} file could not be decoded; it is probably damaged. Open it in a photo viewer to check, then export or download it again.`,
    );
  }
  try {
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (context === null) throw new Error('This browser cannot read pixels from a canvas.');
    context.drawImage(bitmap, 0, 0);
    const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return rgbaToRgbOnWhite({ width: rgba.width, height: rgba.height, data: rgba.data });
  } finally {
    bitmap.close();
  }
}

/** Reads and decodes one file; throws ImageError with a message for the user when it cannot be imported. */
export async function loadPicture(file: Blob, name: string): Promise<LoadedPicture> {
  // Size first, so a huge file is refused before it is read into memory.
  assertFileSize(file.size);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const info = inspectImage(bytes);
  if (info.netpbm !== undefined) {
    return { name, image: decodeNetpbmRaster(bytes, info.netpbm), hadAlpha: false };
  }
  const decoded = await decodeWithBrowser(new Blob([bytes]), info.format === 'jpeg' ? 'JPEG' : 'PNG');
  return { name, ...decoded };
}

/** The crop resized to width×height by area averaging (every source pixel counts), as RGB bytes. */
export function cropAndResize(image: RgbImage, crop: CropRect, width: number, height: number): RgbImage {
  return resizeArea(cropImage(image, crop), width, height);
}

/** What importImage/addPictures receive. */
export function toPicturePixels(name: string, image: RgbImage): PicturePixels {
  return { name, width: image.width, height: image.height, rgbBase64: bytesToBase64(image.data) };
}

/** Paints RGB bytes onto a canvas of the same size. */
export function paintRgb(canvas: HTMLCanvasElement, image: RgbImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (context === null) return;
  const rgba = context.createImageData(image.width, image.height);
  for (let p = 0, q = 0; p < image.data.length; p += 3, q += 4) {
    rgba.data[q] = image.data[p];
    rgba.data[q + 1] = image.data[p + 1];
    rgba.data[q + 2] = image.data[p + 2];
    rgba.data[q + 3] = 255;
  }
  context.putImageData(rgba, 0, 0);
}
