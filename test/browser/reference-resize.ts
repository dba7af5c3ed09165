/**
 * An independent route from a JPEG file to the network's input, for checking the sidebar's pixels:
 * jpeg-js decodes (not the browser's libjpeg-turbo), the centred square is cut by plain arithmetic, and
 * TensorFlow.js does an exact box-filter (area) resize: every source pixel is replicated `target` times
 * along an axis (tile), so each output pixel covers exactly `side` equal sub-pixels, which are averaged
 * (mean). That is the textbook definition of area averaging, computed separably, with no code of ours.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import * as jpeg from 'jpeg-js';

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

/** RGB bytes (row-major, 3 per pixel) of the centred square of a JPEG, area-resized to target×target. */
export function referenceCentreSquare(file: string, target: number): { width: number; height: number; rgb: Uint8Array } {
  const decoded = jpeg.decode(readFileSync(file), { useTArray: true, formatAsRGBA: false });
  const { width, height } = decoded;
  const side = Math.min(width, height);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const square = new Float32Array(side * side * 3);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side * 3; x++) square[y * side * 3 + x] = decoded.data[((top + y) * width + left) * 3 + x];
  }
  const values = tf.tidy(() => {
    const full = tf.tensor3d(square, [side, side, 3]);
    const narrow = areaAlongColumns(full, target); // [side, target, 3]
    const turned = narrow.transpose([1, 0, 2]) as tf.Tensor3D; // [target, side, 3]
    return (areaAlongColumns(turned, target).transpose([1, 0, 2]) as tf.Tensor3D).round(); // [target, target, 3]
  });
  const rgb = Uint8Array.from(values.dataSync());
  values.dispose();
  return { width, height, rgb };
}
