/** Pictures ⇄ the engine's CHW tensors (values stay 0–255; the model applies its own input scale). */
import { Tensor } from '../core/types';
import { ImageError } from './errors';
import { assertPixelBuffer, RgbImage } from './rgb';
import { resizeArea } from './resize';

/** RGB picture → Tensor of shape [3, height, width], values 0–255. */
export function toChwTensor(image: RgbImage): Tensor {
  assertPixelBuffer('toChwTensor', image, 3);
  const { width, height, data } = image;
  const plane = width * height;
  const out = new Float64Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    out[p] = data[p * 3];
    out[plane + p] = data[p * 3 + 1];
    out[2 * plane + p] = data[p * 3 + 2];
  }
  return { shape: [3, height, width], data: out };
}

/**
 * Tensor [3, H, W] → RGB picture. Values must already be whole numbers 0–255 (as in the R/G/B input sheets):
 * anything else is reported rather than silently clipped or rounded.
 */
export function fromChwTensor(tensor: Tensor): RgbImage {
  const { shape, data } = tensor;
  if (shape.length !== 3 || shape[0] !== 3 || shape[1] < 1 || shape[2] < 1) {
    throw new ImageError(
      'invalid-argument',
      `fromChwTensor: expected shape [3, height, width]; got [${shape.join(', ')}].`,
    );
  }
  const [, height, width] = shape;
  const plane = width * height;
  if (data.length !== 3 * plane) {
    throw new ImageError(
      'invalid-argument',
      `fromChwTensor: shape [${shape.join(', ')}] needs ${3 * plane} values; got ${data.length}.`,
    );
  }
  const out = new Uint8Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < plane; p++) {
      const v = data[c * plane + p];
      if (!Number.isInteger(v) || v < 0 || v > 255) {
        const channel = 'RGB'[c];
        throw new ImageError(
          'invalid-argument',
          `fromChwTensor: the ${channel} value at row ${Math.floor(p / width) + 1}, column ${(p % width) + 1} is ${v}; pixel values must be whole numbers 0–255.`,
        );
      }
      out[p * 3 + c] = v;
    }
  }
  return { width, height, data: out };
}

/** ITU-R BT.601 luma weights: how bright R, G and B look, for a grey model's one channel. */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * An RGB picture as a model's input: area-resized to width × height when its size differs (each pixel
 * rounded to a whole level, as a picture has them), then 3 channels (R, G, B) or 1 (grey, BT.601 luma
 * rounded to a whole level).
 */
export function toModelTensor(image: RgbImage, channels: 1 | 3, width: number, height: number): Tensor {
  const sized: RgbImage = image.width === width && image.height === height ? image : resizeArea(image, width, height);
  const rgb = toChwTensor(sized);
  if (channels === 3) return rgb;
  const plane = width * height;
  const grey = new Float64Array(plane);
  for (let p = 0; p < plane; p++)
    grey[p] = Math.round(LUMA[0] * rgb.data[p] + LUMA[1] * rgb.data[plane + p] + LUMA[2] * rgb.data[2 * plane + p]);
  return { shape: [1, height, width], data: grey };
}

/** A model's input picture (3 or 1 channels, whole levels 0–255) as RGB: a grey picture has R = G = B. */
export function modelTensorToRgb(picture: Tensor): RgbImage {
  if (picture.shape[0] !== 1) return fromChwTensor(picture);
  const [, height, width] = picture.shape;
  return fromChwTensor({
    shape: [3, height, width],
    data: Float64Array.from({ length: 3 * height * width }, (_, i) => picture.data[i % (height * width)]),
  });
}
