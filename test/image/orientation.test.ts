import * as jpeg from 'jpeg-js';
import { applyOrientation, decodeImage, exifOrientation } from '../../src/image';
import { pseudoRandomBytes } from '../helpers/images';
import { tfOrient } from './tf-reference';

/** TIFF data of an Exif segment with one IFD0 entry: Orientation (0x0112), SHORT, count 1. */
function tiffWithOrientation(orientation: number, bigEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(26);
  const view = new DataView(bytes.buffer);
  const little = !bigEndian;
  bytes.set(bigEndian ? [0x4d, 0x4d] : [0x49, 0x49]);
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little); // IFD0 right after the header
  view.setUint16(8, 1, little); // one entry
  view.setUint16(10, 0x0112, little);
  view.setUint16(12, 3, little);
  view.setUint32(14, 1, little);
  view.setUint16(18, orientation, little);
  view.setUint32(22, 0, little); // no next IFD
  return bytes;
}

/** A JPEG with an Exif APP1 segment inserted right after SOI. */
function withExif(file: Uint8Array, tiff: Uint8Array): Uint8Array {
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const length = payload.length + 2;
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, length >> 8, length & 255, ...payload, ...file.subarray(2)]);
}

describe('Exif orientation', () => {
  it('applyOrientation matches TensorFlow.js reverse/transpose for all eight orientations (RGB and RGBA)', () => {
    for (const channels of [3, 4]) {
      const image = { width: 5, height: 3, data: pseudoRandomBytes(5 * 3 * channels, 20 + channels) };
      for (let orientation = 1; orientation <= 8; orientation++) {
        const turned = applyOrientation(image, orientation);
        expect([turned.width, turned.height]).toEqual(orientation >= 5 ? [3, 5] : [5, 3]);
        expect([...turned.data]).toEqual(tfOrient(image.data, 3, 5, channels, orientation));
      }
    }
  });

  it('reads the tag from little- and big-endian Exif data, and falls back to 1 when it is missing or malformed', () => {
    expect(exifOrientation(tiffWithOrientation(6, false))).toBe(6);
    expect(exifOrientation(tiffWithOrientation(8, true))).toBe(8);
    expect(exifOrientation(tiffWithOrientation(9, false))).toBe(1);
    expect(exifOrientation(tiffWithOrientation(6, false).subarray(0, 20))).toBe(1);
    expect(exifOrientation(Uint8Array.from([0x58, 0x58, 0, 42, 0, 0, 0, 8]))).toBe(1);
  });

  it('decodeImage turns a JPEG tagged "rotate 90° clockwise" upright, as browsers do', () => {
    const width = 24;
    const height = 16;
    const rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      const x = p % width;
      const y = Math.floor(p / width);
      rgba.set([x < 8 ? 230 : 20, y < 8 ? 200 : 40, 90, 255], p * 4);
    }
    const plain = jpeg.encode({ width, height, data: rgba }, 95).data;
    const stored = decodeImage(plain);
    expect(stored.orientation).toBe(1);
    for (const [orientation, bigEndian] of [
      [6, false],
      [8, true],
      [3, false],
    ] as const) {
      const upright = decodeImage(withExif(plain, tiffWithOrientation(orientation, bigEndian)));
      expect(upright.orientation).toBe(orientation);
      expect([upright.width, upright.height]).toEqual(orientation === 3 ? [width, height] : [height, width]);
      expect([...upright.data]).toEqual(tfOrient(stored.data, height, width, 3, orientation));
    }
  });
});
