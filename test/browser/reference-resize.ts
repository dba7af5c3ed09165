/**
 * An independent route from a picture file to the network's input, for checking the sidebar's pixels:
 * jpeg-js or pngjs decodes (not the browser), transparent pixels are composited on white with the plain
 * formula c·a + 255·(1 − a), the centred square is cut by plain arithmetic, and
 * TensorFlow.js does an exact box-filter (area) resize: every source pixel is replicated `target` times
 * along an axis (tile), so each output pixel covers exactly `side` equal sub-pixels, which are averaged
 * (mean). That is the textbook definition of area averaging, computed separably, with no code of ours.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** One axis: [rows, side, 3] → [rows, target, 3] by replicating each column `target` times and averaging blocks of `side`. */
function areaAlongColumns(image: tf.Tensor3D, target: number): tf.Tensor3D {
  const [rows, side] = image.shape;
  return tf.tidy(() =>
    image
      .reshape([rows, side, 1, 3])
      .tile([1, 1, target, 1])
      .reshape([rows, target, side, 3])
      .mean(2) as tf.Tensor3D,
  );
}

/** Decoded RGB as floats, transparent pixels composited on white. */
function decodeToRgb(file: string): { width: number; height: number; rgb: Float32Array } {
  const bytes = readFileSync(file);
  if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    const png = PNG.sync.read(bytes);
    const rgb = new Float32Array(png.width * png.height * 3);
    for (let p = 0; p < png.width * png.height; p++) {
      const alpha = png.data[p * 4 + 3] / 255;
      for (let c = 0; c < 3; c++) rgb[p * 3 + c] = png.data[p * 4 + c] * alpha + 255 * (1 - alpha);
    }
    return { width: png.width, height: png.height, rgb };
  }
  const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return { width: decoded.width, height: decoded.height, rgb: Float32Array.from(decoded.data) };
}

/** RGB bytes (row-major, 3 per pixel) of the centred square of a JPEG or PNG, area-resized to target×target. */
export function referenceCentreSquare(file: string, target: number): { width: number; height: number; rgb: Uint8Array } {
  const { width, height, rgb: full } = decodeToRgb(file);
  const side = Math.min(width, height);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const square = new Float32Array(side * side * 3);
  for (let y = 0; y < side; y++) {
    square.set(full.subarray(((top + y) * width + left) * 3, ((top + y) * width + left + side) * 3), y * side * 3);
  }
  const values = tf.tidy(() => {
    const image = tf.tensor3d(square, [side, side, 3]);
    const narrow = areaAlongColumns(image, target); // [side, target, 3]
    const turned = narrow.transpose([1, 0, 2]) as tf.Tensor3D; // [target, side, 3]
    return (areaAlongColumns(turned, target).transpose([1, 0, 2]) as tf.Tensor3D).round(); // [target, target, 3]
  });
  const rgb = Uint8Array.from(values.dataSync());
  values.dispose();
  return { width, height, rgb };
}
