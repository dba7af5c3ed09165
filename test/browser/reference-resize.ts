/**
 * An independent route from a picture file to the network's input, for checking the sidebar's pixels:
 * jpeg-js or pngjs decodes (not the browser), transparent pixels are composited on white with the plain
 * formula c·a + 255·(1 − a), the centred square is cut by plain arithmetic, and the area resize follows its
 * textbook definition literally: every source pixel is split into `target` equal sub-pixels along an axis,
 * and each output pixel is the mean of the `side` consecutive sub-pixels it covers. No code of ours is used
 * (src/image/resize.ts instead sums integer overlap weights).
 */
import { readFileSync } from 'node:fs';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** One axis of an image stored as `lines` lines of `side` RGB pixels (pixel stride 3): each line → `target` pixels. */
function areaAlongLines(values: Float64Array, lines: number, side: number, target: number): Float64Array {
  const out = new Float64Array(lines * target * 3);
  for (let line = 0; line < lines; line++) {
    for (let t = 0; t < target; t++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        // Sub-pixel u belongs to source pixel floor(u / target).
        for (let u = t * side; u < (t + 1) * side; u++) sum += values[(line * side + Math.floor(u / target)) * 3 + c];
        out[(line * target + t) * 3 + c] = sum / side;
      }
    }
  }
  return out;
}

/** Swaps rows and columns of a height×width RGB image. */
function transpose(values: Float64Array, height: number, width: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) out[(x * height + y) * 3 + c] = values[(y * width + x) * 3 + c];
  }
  return out;
}

/** Decoded RGB as floats, transparent pixels composited on white. */
function decodeToRgb(file: string): { width: number; height: number; rgb: Float64Array } {
  const bytes = readFileSync(file);
  if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    const png = PNG.sync.read(bytes);
    const rgb = new Float64Array(png.width * png.height * 3);
    for (let p = 0; p < png.width * png.height; p++) {
      const alpha = png.data[p * 4 + 3] / 255;
      for (let c = 0; c < 3; c++) rgb[p * 3 + c] = png.data[p * 4 + c] * alpha + 255 * (1 - alpha);
    }
    return { width: png.width, height: png.height, rgb };
  }
  const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return { width: decoded.width, height: decoded.height, rgb: Float64Array.from(decoded.data) };
}

/** RGB bytes (row-major, 3 per pixel) of the centred square of a JPEG or PNG, area-resized to target×target. */
export function referenceCentreSquare(
  file: string,
  target: number,
): { width: number; height: number; rgb: Uint8Array } {
  const { width, height, rgb: full } = decodeToRgb(file);
  const side = Math.min(width, height);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const square = new Float64Array(side * side * 3);
  for (let y = 0; y < side; y++) {
    square.set(full.subarray(((top + y) * width + left) * 3, ((top + y) * width + left + side) * 3), y * side * 3);
  }
  const narrow = areaAlongLines(square, side, side, target); // side rows × target columns
  const resized = transpose(areaAlongLines(transpose(narrow, side, target), target, side, target), target, target);
  return { width, height, rgb: Uint8Array.from(resized, (v) => Math.round(v)) };
}

/** RGB bytes of a whole JPEG or PNG area-resized to width × height (the same textbook route, no crop). */
export function referenceResize(file: string, width: number, height: number): Uint8Array {
  const { width: fromW, height: fromH, rgb } = decodeToRgb(file);
  const across = areaAlongLines(rgb, fromH, fromW, width); // fromH rows × width columns
  const down = transpose(areaAlongLines(transpose(across, fromH, width), width, fromH, height), width, height);
  return Uint8Array.from(down, (v) => Math.round(v));
}
