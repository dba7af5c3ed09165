/**
 * The sheet keeps maps channel-first (CHW) and filters as [filters, channels, k, k]; TensorFlow and Keras are
 * channels-last: images NHWC, kernels [k, k, channels, filters]. Their Flatten reads the last maps pixel by
 * pixel (all channels of a pixel together) where the sheet reads map by map, so the dense weights' rows are
 * reordered between the two.
 */
import type { Tensor } from '../core/types';
import { tensor } from '../core/tensor';

/**
 * For each position t of a channels-last flatten of maps [C, H, W], the position in the sheet's flatten:
 * t = (y·W + x)·C + c holds the sheet's c·H·W + y·W + x.
 */
export function channelsLastFlattenOrder(shape: readonly number[]): Int32Array {
  const [C, H, W] = shape;
  const order = new Int32Array(C * H * W);
  for (let y = 0, t = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < C; c++, t++) order[t] = c * H * W + y * W + x;
    }
  }
  return order;
}

/** Dense weights [inputs, classes] with their rows in channels-last flatten order. */
export function denseRowsToChannelsLast(weights: Tensor, lastMaps: readonly number[]): Float64Array {
  const [inputs, classes] = weights.shape;
  const order = channelsLastFlattenOrder(lastMaps);
  const out = new Float64Array(inputs * classes);
  order.forEach((sheetRow, t) =>
    out.set(weights.data.subarray(sheetRow * classes, (sheetRow + 1) * classes), t * classes),
  );
  return out;
}

/** The inverse of denseRowsToChannelsLast: rows in channels-last order back to the sheet's order. */
export function denseRowsFromChannelsLast(data: Float64Array, lastMaps: readonly number[], classes: number): Tensor {
  const order = channelsLastFlattenOrder(lastMaps);
  const out = tensor([order.length, classes]);
  order.forEach((sheetRow, t) => out.data.set(data.subarray(t * classes, (t + 1) * classes), sheetRow * classes));
  return out;
}

/** Filters [F, C, k, k] → kernel [k, k, C, F]. */
export function filtersToHwio(weights: Tensor): Float64Array {
  const [F, C, K] = weights.shape;
  const out = new Float64Array(F * C * K * K);
  for (let f = 0; f < F; f++) {
    for (let c = 0; c < C; c++) {
      for (let y = 0; y < K; y++) {
        for (let x = 0; x < K; x++) out[((y * K + x) * C + c) * F + f] = weights.data[((f * C + c) * K + y) * K + x];
      }
    }
  }
  return out;
}

/** Kernel [k, k, C, F] → filters [F, C, k, k]. */
export function filtersFromHwio(data: Float64Array, K: number, C: number, F: number): Tensor {
  const out = tensor([F, C, K, K]);
  for (let f = 0; f < F; f++) {
    for (let c = 0; c < C; c++) {
      for (let y = 0; y < K; y++) {
        for (let x = 0; x < K; x++) out.data[((f * C + c) * K + y) * K + x] = data[((y * K + x) * C + c) * F + f];
      }
    }
  }
  return out;
}
