/**
 * Exif orientation: phones store a portrait photo as a landscape raster plus a tag saying how to turn it.
 * Browsers apply the tag when they decode, so the server applies it too and both see the same upright picture.
 */
import { Bitmap, channelsOf, PixelBuffer } from './rgb';

/** Exif orientation 1–8 (1 = as stored) from the TIFF data of an Exif segment; 1 when absent or malformed. */
export function exifOrientation(tiff: Uint8Array): number {
  if (tiff.length < 8) return 1;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49; // "II"
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return 1; // neither "II" nor "MM"
  const u16 = (at: number): number => (little ? tiff[at] | (tiff[at + 1] << 8) : (tiff[at] << 8) | tiff[at + 1]);
  const u32 = (at: number): number => (little ? u16(at) + u16(at + 2) * 65536 : u16(at) * 65536 + u16(at + 2));
  if (u16(2) !== 42) return 1;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 1;
  const entries = u16(ifd);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    // Tag 0x0112 Orientation, type 3 (SHORT), count 1: the value sits in the first two bytes of the value field.
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return u16(entry + 2) === 3 && value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/** Turns and/or mirrors a raster as Exif orientation 1–8 says, giving the picture as it is meant to be seen. */
export function applyOrientation(image: PixelBuffer, orientation: number): Bitmap {
  const channels = channelsOf('applyOrientation', image);
  const { width: W, height: H, data } = image;
  if (orientation === 1 || !Number.isInteger(orientation) || orientation < 1 || orientation > 8) {
    return { width: W, height: H, data: Uint8Array.from(data) };
  }
  // 5–8 swap the axes: the displayed picture is H wide and W high.
  const swap = orientation >= 5;
  const outW = swap ? H : W;
  const outH = swap ? W : H;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      // Source pixel (sx, sy) shown at (x, y).
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2:
          [sx, sy] = [W - 1 - x, y];
          break; // mirrored left–right
        case 3:
          [sx, sy] = [W - 1 - x, H - 1 - y];
          break; // turned 180°
        case 4:
          [sx, sy] = [x, H - 1 - y];
          break; // mirrored top–bottom
        case 5:
          [sx, sy] = [y, x];
          break; // mirrored across the main diagonal
        case 6:
          [sx, sy] = [y, H - 1 - x];
          break; // needs a quarter turn clockwise
        case 7:
          [sx, sy] = [W - 1 - y, H - 1 - x];
          break; // mirrored across the other diagonal
        default:
          [sx, sy] = [W - 1 - y, x];
          break; // 8: needs a quarter turn anticlockwise
      }
      const from = (sy * W + sx) * channels;
      const to = (y * outW + x) * channels;
      for (let c = 0; c < channels; c++) out[to + c] = data[from + c];
    }
  }
  return { width: outW, height: outH, data: out };
}
