/** TensorFlow.js computations used as the independent reference for resizing. */
import { tf } from '../helpers/tf';

/** Average pooling of an HWC picture with the given window (= stride). */
export function tfAvgPool(
  data: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  window: [number, number],
): Float32Array {
  return tf.tidy(() => {
    const input = tf.tensor3d(Array.from(data), [height, width, channels], 'float32');
    return tf.avgPool(input, window, window, 'valid').dataSync() as Float32Array;
  });
}

/**
 * Exact area averaging by another route. Along each axis, repeat every pixel `to` times (so source and target
 * grids share a common refinement), then average-pool with a window of the source length. Area averaging is
 * separable, so one pass across and one pass down give the 2-D result.
 */
export function tfAreaResize(
  data: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  toH: number,
  toW: number,
): Float32Array {
  return tf.tidy(() => {
    const input = tf.tensor(Array.from(data), [height, width, 1, channels], 'float32');
    const across = tf.tile(input, [1, 1, toW, 1]).reshape([height, width * toW, channels]) as tf.Tensor3D;
    const pooledAcross = tf.avgPool(across, [1, width], [1, width], 'valid'); // [height, toW, channels]
    const down = tf
      .tile(pooledAcross.reshape([height, 1, toW, channels]), [1, toH, 1, 1])
      .reshape([height * toH, toW, channels]) as tf.Tensor3D;
    return tf.avgPool(down, [height, 1], [height, 1], 'valid').dataSync() as Float32Array;
  });
}

/**
 * The rounded bytes a resize must produce, from a float32 reference: the exact mean is S / (source pixels) for a
 * whole number S, which the reference pins down (its error is far below 0.5 / source pixels); halves round up.
 */
export function roundedFromReference(reference: Float32Array, sourcePixels: number): number[] {
  return Array.from(reference, (v) => {
    const sum = Math.round(v * sourcePixels);
    if (Math.abs(v * sourcePixels - sum) > 0.25)
      throw new Error(`reference value ${v} is not a multiple of 1/${sourcePixels}`);
    return Math.round(sum / sourcePixels);
  });
}

/**
 * What Exif orientation 1–8 asks for, as TensorFlow.js ops on an HWC picture (TIFF/Exif 2.3 tag 274):
 * 2 mirror left–right, 3 turn 180°, 4 mirror top–bottom, 5 transpose, 6 turn 90° clockwise,
 * 7 transverse, 8 turn 90° anticlockwise.
 */
export function tfOrient(
  data: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  orientation: number,
): number[] {
  return tf.tidy(() => {
    const image = tf.tensor3d(Array.from(data), [height, width, channels]);
    const transposed = (): tf.Tensor3D => image.transpose([1, 0, 2]);
    const steps: Record<number, () => tf.Tensor3D> = {
      1: () => image,
      2: () => image.reverse(1),
      3: () => image.reverse([0, 1]),
      4: () => image.reverse(0),
      5: () => transposed(),
      6: () => transposed().reverse(1),
      7: () => transposed().reverse([0, 1]),
      8: () => transposed().reverse(0),
    };
    return Array.from(steps[orientation]().dataSync());
  });
}
