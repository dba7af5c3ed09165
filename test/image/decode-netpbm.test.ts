import * as fs from 'fs';
import { decodeImage } from '../../src/image';
import { expectImageError, netpbm, pseudoRandomBytes } from '../helpers/images';
import { orlPath } from '../helpers/orl';

describe('PGM (P5)', () => {
  it('decodes a real ORL face: 92×112, R=G=B = the raster bytes after the 14-byte header', () => {
    const bytes = fs.readFileSync(orlPath(1, 1));
    // The dataset README documents the header verbatim.
    expect(bytes.subarray(0, 14).toString('latin1')).toBe('P5\n92 112\n255\n');
    const image = decodeImage(bytes);
    expect([image.format, image.width, image.height, image.hadAlpha]).toEqual(['pgm', 92, 112, false]);
    for (const [x, y] of [
      [0, 0],
      [91, 0],
      [0, 111],
      [45, 60],
      [91, 111],
    ]) {
      const grey = bytes[14 + y * 92 + x];
      const at = (y * 92 + x) * 3;
      expect([...image.data.subarray(at, at + 3)]).toEqual([grey, grey, grey]);
    }
    expect(image.data.length).toBe(92 * 112 * 3);
    for (let p = 0; p < 92 * 112; p++) {
      if (
        image.data[p * 3] !== bytes[14 + p] ||
        image.data[p * 3 + 1] !== bytes[14 + p] ||
        image.data[p * 3 + 2] !== bytes[14 + p]
      ) {
        throw new Error(`pixel ${p} differs`);
      }
    }
  });

  it('reads comments and any whitespace between header fields', () => {
    const samples = pseudoRandomBytes(5 * 3, 1);
    const image = decodeImage(netpbm('P5 # made by hand\n# another comment\n5\t3\r\n255 ', samples));
    expect([image.width, image.height]).toEqual([5, 3]);
    expect([...image.data].filter((_, i) => i % 3 === 0)).toEqual([...samples]);
  });

  it('reads a comment between the maximum value and the raster', () => {
    const image = decodeImage(netpbm('P5\n2 1\n255# comment\n', [7, 200]));
    expect([...image.data]).toEqual([7, 7, 7, 200, 200, 200]);
  });

  it('rescales a maximum value below 255 to 0–255 with rounding', () => {
    const samples = Array.from({ length: 16 }, (_, v) => v);
    const image = decodeImage(netpbm('P5\n16 1\n15\n', samples));
    expect([...image.data].filter((_, i) => i % 3 === 0)).toEqual(samples.map((v) => Math.round((v * 255) / 15)));
  });

  it('PPM (P6) keeps R, G, B as stored', () => {
    const samples = pseudoRandomBytes(4 * 2 * 3, 2);
    const image = decodeImage(netpbm('P6\n4 2\n255\n', samples));
    expect([image.format, image.width, image.height]).toEqual(['ppm', 4, 2]);
    expect([...image.data]).toEqual([...samples]);
  });

  it('says a file is truncated, with the byte counts', () => {
    expectImageError(
      () => decodeImage(netpbm('P5\n4 4\n255\n', pseudoRandomBytes(15, 3))),
      'corrupt',
      /PGM.*truncated.*needs 16 bytes.*has 15/,
    );
    const orl = fs.readFileSync(orlPath(2, 5));
    expectImageError(
      () => decodeImage(orl.subarray(0, orl.length - 100)),
      'corrupt',
      /PGM.*truncated.*needs 10304 bytes.*has 10204/,
    );
  });

  it('refuses bytes after the picture instead of ignoring them', () => {
    expectImageError(
      () => decodeImage(netpbm('P5\n2 2\n255\n', [1, 2, 3, 4, 5])),
      'corrupt',
      /1 byte after its 2×2 picture/,
    );
  });

  it('refuses 16-bit samples, a sample above the maximum, and malformed headers', () => {
    expectImageError(
      () => decodeImage(netpbm('P5\n2 1\n65535\n', [0, 0, 0, 0])),
      'unsupported',
      /16-bit.*65535.*8-bit/,
    );
    expectImageError(
      () => decodeImage(netpbm('P5\n2 1\n15\n', [3, 16])),
      'corrupt',
      /sample is 16, above the header's maximum value 15/,
    );
    expectImageError(
      () => decodeImage(netpbm('P5\nx 1\n255\n', [0])),
      'corrupt',
      /width in the header is not a number/,
    );
    expectImageError(() => decodeImage(netpbm('P5\n2 1\n0\n', [0, 0])), 'corrupt', /maximum value in the header is 0/);
    expectImageError(() => decodeImage(netpbm('P5\n2 1\n255', [])), 'corrupt', /ends right after the header/);
    expectImageError(() => decodeImage(netpbm('P5\n2 1\n255x', [0, 0])), 'corrupt', /not followed by a space/);
  });
});
