/**
 * Cropping and area-average resizing of 8-bit pixel buffers (grey, RGB or RGBA, inferred from the length).
 * Pure TypeScript with no Node or DOM APIs: the sidebar bundles this file to resize on the client, and the
 * server and tests use the very same code, so a picture resized in either place has identical pixels.
 * For RGBA, composite on white first (rgbaToRgbOnWhite): averaging straight alpha darkens transparent edges.
 */
import { ImageError } from './errors';
import { MAX_SIDE } from './limits';
import { Bitmap, channelsOf, PixelBuffer } from './rgb';

export interface CropRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface SquareCropOptions {
  /** Side of the square in source pixels; default min(width, height). */
  readonly size?: number;
  /** Left edge; default centres the square horizontally. */
  readonly left?: number;
  /** Top edge; default centres the square vertically. */
  readonly top?: number;
}

function assertWholeInRange(what: string, name: string, value: number, min: number, max: number, hint: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ImageError(
      'invalid-argument',
      `${what}: ${name} must be a whole number from ${min} to ${max}; got ${value}. ${hint}`,
    );
  }
}

/** Copies the pixels inside `rect`; throws when the rectangle does not lie inside the picture. */
export function cropImage(image: PixelBuffer, rect: CropRect): Bitmap {
  const channels = channelsOf('cropImage', image);
  const { width: W, height: H } = image;
  const hint = `The picture is ${W}×${H}.`;
  assertWholeInRange('cropImage', 'width', rect.width, 1, W, hint);
  assertWholeInRange('cropImage', 'height', rect.height, 1, H, hint);
  assertWholeInRange('cropImage', 'left', rect.left, 0, W - rect.width, hint);
  assertWholeInRange('cropImage', 'top', rect.top, 0, H - rect.height, hint);
  const rowBytes = rect.width * channels;
  const out = new Uint8Array(rowBytes * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.top + y) * W + rect.left) * channels;
    out.set(image.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { width: rect.width, height: rect.height, data: out };
}

/** The square a user crops to: centred and as large as fits by default; size and position adjustable. */
export function squareCropRect(width: number, height: number, options: SquareCropOptions = {}): CropRect {
  const hint = `The picture is ${width}×${height}.`;
  const size = options.size ?? Math.min(width, height);
  assertWholeInRange('centreSquareCrop', 'size', size, 1, Math.min(width, height), hint);
  const left = options.left ?? Math.floor((width - size) / 2);
  const top = options.top ?? Math.floor((height - size) / 2);
  assertWholeInRange('centreSquareCrop', 'left', left, 0, width - size, hint);
  assertWholeInRange('centreSquareCrop', 'top', top, 0, height - size, hint);
  return { left, top, width: size, height: size };
}

/** Crops a square: centred and as large as fits by default (options move or shrink it). */
export function centreSquareCrop(image: PixelBuffer, options: SquareCropOptions = {}): Bitmap {
  return cropImage(image, squareCropRect(image.width, image.height, options));
}

/**
 * How much each source index covers each target index along one axis, in integer units of 1/target of a
 * source pixel: target cell t spans [t·source, (t+1)·source) and source cell s spans [s·target, (s+1)·target).
 * Every target cell's weights sum to `source`, so all later sums stay exact integers.
 */
interface AxisWeights {
  readonly first: Int32Array;
  readonly weights: number[][];
}

function axisWeights(source: number, target: number): AxisWeights {
  const first = new Int32Array(target);
  const weights: number[][] = [];
  for (let t = 0; t < target; t++) {
    const start = t * source;
    const end = start + source;
    const s0 = Math.floor(start / target);
    const s1 = Math.ceil(end / target);
    first[t] = s0;
    const row: number[] = [];
    for (let s = s0; s < s1; s++) row.push(Math.min(end, (s + 1) * target) - Math.max(start, s * target));
    weights.push(row);
  }
  return { first, weights };
}

/**
 * Exact area sums: sum over source pixels of (covered area × value), in units where one target pixel's full
 * area is source width × source height. Integers below 2^53 for any picture within the size limits.
 */
function areaSums(
  what: string,
  image: PixelBuffer,
  width: number,
  height: number,
): { sums: Float64Array; channels: number } {
  const channels = channelsOf(what, image);
  const { width: W, height: H, data } = image;
  assertWholeInRange(what, 'target width', width, 1, MAX_SIDE, 'Use the model input size, e.g. 28.');
  assertWholeInRange(what, 'target height', height, 1, MAX_SIDE, 'Use the model input size, e.g. 28.');
  const wx = axisWeights(W, width);
  const wy = axisWeights(H, height);
  // Horizontal pass: every source row → `width` columns of partial sums.
  const rows = new Float64Array(H * width * channels);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < width; x++) {
      const weights = wx.weights[x];
      const outAt = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        let inAt = (y * W + wx.first[x]) * channels + c;
        for (let k = 0; k < weights.length; k++, inAt += channels) acc += weights[k] * data[inAt];
        rows[outAt + c] = acc;
      }
    }
  }
  // Vertical pass.
  const sums = new Float64Array(width * height * channels);
  const rowStride = width * channels;
  for (let y = 0; y < height; y++) {
    const weights = wy.weights[y];
    for (let i = 0; i < rowStride; i++) {
      let acc = 0;
      let inAt = wy.first[y] * rowStride + i;
      for (let k = 0; k < weights.length; k++, inAt += rowStride) acc += weights[k] * rows[inAt];
      sums[y * rowStride + i] = acc;
    }
  }
  return { sums, channels };
}

/**
 * Area-average resize, unrounded: each target pixel is the mean of the source area it covers, partial pixels
 * weighted by the fraction covered (a box filter). Proper downsampling: every source pixel counts.
 */
export function resizeAreaValues(image: PixelBuffer, width: number, height: number): Float64Array {
  const { sums } = areaSums('resizeAreaValues', image, width, height);
  const area = image.width * image.height;
  const out = new Float64Array(sums.length);
  for (let i = 0; i < sums.length; i++) out[i] = sums[i] / area;
  return out;
}

/**
 * Area-average resize rounded to the nearest integer (halves round up), computed in exact integer arithmetic so
 * every platform gives the same bytes.
 */
export function resizeArea(image: PixelBuffer, width: number, height: number): Bitmap {
  const { sums } = areaSums('resizeArea', image, width, height);
  const area = image.width * image.height;
  const out = new Uint8Array(sums.length);
  // round(s / area) = floor((2s + area) / (2·area)), exact while 2s + area < 2^53.
  for (let i = 0; i < sums.length; i++) out[i] = Math.floor((2 * sums[i] + area) / (2 * area));
  return { width, height, data: out };
}
