/**
 * The picture module: decode files (Node side), crop, resize, and convert to the engine's tensors.
 * Browser code imports the pure modules directly (inspect, resize, rgb, tensor) instead of this index,
 * which pulls in decode.ts and with it pngjs and zlib.
 */
export { decodeImage } from './decode';
export type { DecodedImage } from './decode';
export { ImageError } from './errors';
export type { ImageErrorKind } from './errors';
export { ACCEPTED_FORMATS_SHORT, ACCEPTED_FORMATS_TEXT, detectFormat, FORMAT_NAMES } from './format';
export type { ImageFormat } from './format';
export { inspectImage } from './inspect';
export type { ImageInfo } from './inspect';
export { assertDimensions, assertFileSize, MAX_DECODE_BYTES, MAX_FILE_BYTES, MAX_PIXELS, MAX_SIDE } from './limits';
export { centreSquareCrop, cropImage, resizeArea, resizeAreaValues, squareCropRect } from './resize';
export type { CropRect, SquareCropOptions } from './resize';
export { applyOrientation, exifOrientation } from './orientation';
export { channelsOf, greyToRgb, rgbaToRgbOnWhite } from './rgb';
export type { Bitmap, PixelBuffer, RgbImage } from './rgb';
export { fromChwTensor, toChwTensor } from './tensor';
