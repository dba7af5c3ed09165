import * as fs from 'fs';
import { decodeImage } from '../../src/image';
import { encodePng, expectImageError, pseudoRandomBytes } from '../helpers/images';
import { photoPath } from '../helpers/photos';

/** Straight alpha over white, in floating point: round(c·a + 255·(1 − a)) with a in 0–1. */
const overWhite = (c: number, a: number): number => Math.round(c * (a / 255) + 255 * (1 - a / 255));

describe('PNG', () => {
  const width = 7;
  const height = 5;
  const pixels = width * height;

  it('8-bit RGB: exact values', () => {
    const samples = pseudoRandomBytes(pixels * 3, 10);
    const image = decodeImage(encodePng({ width, height, colorType: 2, bitDepth: 8, samples }));
    expect([image.format, image.width, image.height, image.hadAlpha, image.translucentPixels]).toEqual([
      'png',
      width,
      height,
      false,
      0,
    ]);
    expect([...image.data]).toEqual([...samples]);
  });

  it('8-bit RGBA: composited on white, and the alpha is reported', () => {
    const samples = pseudoRandomBytes(pixels * 4, 11);
    samples[3] = 255; // one opaque pixel, one fully transparent one, the rest random
    samples[7] = 0;
    const image = decodeImage(encodePng({ width, height, colorType: 6, bitDepth: 8, samples }));
    const expected: number[] = [];
    let translucent = 0;
    for (let p = 0; p < pixels; p++) {
      const a = samples[p * 4 + 3];
      if (a < 255) translucent++;
      for (let c = 0; c < 3; c++) expected.push(overWhite(samples[p * 4 + c], a));
    }
    expect(image.hadAlpha).toBe(true);
    expect(image.translucentPixels).toBe(translucent);
    expect([...image.data]).toEqual(expected);
    expect([...image.data.subarray(0, 6)]).toEqual([samples[0], samples[1], samples[2], 255, 255, 255]);
  });

  it('an alpha channel that is everywhere opaque still counts as alpha, with no pixel changed', () => {
    const rgba = pseudoRandomBytes(pixels * 4, 12).map((v, i) => (i % 4 === 3 ? 255 : v));
    const image = decodeImage(encodePng({ width, height, colorType: 6, bitDepth: 8, samples: rgba }));
    expect([image.hadAlpha, image.translucentPixels]).toEqual([true, 0]);
    expect([...image.data]).toEqual([...rgba].filter((_, i) => i % 4 !== 3));
  });

  it('8-bit grey → R=G=B; grey+alpha → composited grey', () => {
    const grey = pseudoRandomBytes(pixels, 13);
    const image = decodeImage(encodePng({ width, height, colorType: 0, bitDepth: 8, samples: grey }));
    expect([...image.data]).toEqual([...grey].flatMap((v) => [v, v, v]));

    const greyAlpha = pseudoRandomBytes(pixels * 2, 14);
    const withAlpha = decodeImage(encodePng({ width, height, colorType: 4, bitDepth: 8, samples: greyAlpha }));
    const expected = Array.from({ length: pixels }, (_, p) => overWhite(greyAlpha[p * 2], greyAlpha[p * 2 + 1]));
    expect(withAlpha.hadAlpha).toBe(true);
    expect([...withAlpha.data]).toEqual(expected.flatMap((v) => [v, v, v]));
  });

  it('16-bit RGB and grey are rounded to 8 bits: round(v / 257)', () => {
    const bytes = pseudoRandomBytes(pixels * 6, 15);
    const samples = Array.from({ length: pixels * 3 }, (_, i) => bytes[2 * i] * 256 + bytes[2 * i + 1]);
    samples[0] = 0;
    samples[1] = 65535;
    samples[2] = 128; // 128/257 < 0.5 → 0
    samples[3] = 129; // 129/257 > 0.5 → 1
    const image = decodeImage(encodePng({ width, height, colorType: 2, bitDepth: 16, samples }));
    expect([...image.data]).toEqual(samples.map((v) => Math.round(v / 257)));
    expect([...image.data.subarray(0, 4)]).toEqual([0, 255, 0, 1]);

    const grey16 = samples.slice(0, pixels);
    const grey = decodeImage(encodePng({ width, height, colorType: 0, bitDepth: 16, samples: grey16 }));
    expect([...grey.data]).toEqual(
      grey16.flatMap((v) => [Math.round(v / 257), Math.round(v / 257), Math.round(v / 257)]),
    );
  });

  it('a palette with a transparent entry (tRNS) is looked up and composited', () => {
    const palette = [255, 0, 0, 0, 128, 255, 10, 20, 30];
    const indices = Array.from({ length: pixels }, (_, p) => p % 3);
    const image = decodeImage(
      encodePng({ width, height, colorType: 3, bitDepth: 8, samples: indices, palette, transparency: [255, 0, 64] }),
    );
    const alpha = [255, 0, 64];
    const expected = indices.flatMap((i) => [0, 1, 2].map((c) => overWhite(palette[i * 3 + c], alpha[i])));
    expect([...image.data]).toEqual(expected);
    expect(image.hadAlpha).toBe(true);
    expect(image.translucentPixels).toBe(indices.filter((i) => i !== 0).length);
  });

  // Expected pixels at (0, 0) and (100, 50) as ImageMagick 6.9 reads them (`convert FILE -crop 1x1+X+Y txt:-`).
  it.each([
    ['astronaut.png', 512, 512, [154, 147, 151], [178, 169, 157]],
    ['coffee.png', 600, 400, [21, 13, 8], [180, 78, 23]],
    ['chelsea.png', 451, 300, [143, 120, 104], [120, 84, 52]],
  ])('decodes the photo %s (%i×%i) to the pixels another decoder reads', (file, width, height, topLeft, inside) => {
    const image = decodeImage(fs.readFileSync(photoPath(file)));
    expect([image.format, image.width, image.height, image.hadAlpha]).toEqual(['png', width, height, false]);
    expect(image.data.length).toBe(width * height * 3);
    expect([...image.data.subarray(0, 3)]).toEqual(topLeft);
    const at = (50 * width + 100) * 3;
    expect([...image.data.subarray(at, at + 3)]).toEqual(inside);
  });

  it('decides by magic bytes: chelsea-alpha-png.jpg is a PNG with an alpha channel', () => {
    const bytes = fs.readFileSync(photoPath('chelsea-alpha-png.jpg'));
    const image = decodeImage(bytes);
    // `file` reports: PNG image data, 300 x 224, 8-bit/color RGBA, non-interlaced.
    expect([image.format, image.width, image.height, image.hadAlpha]).toEqual(['png', 300, 224, true]);
    // IHDR colour type 6 (RGBA), read straight from the file.
    expect(bytes[25]).toBe(6);
    expect(image.data.length).toBe(300 * 224 * 3);
  });

  it('a truncated PNG is reported as a damaged PNG, wherever it is cut', () => {
    const bytes = encodePng({
      width: 40,
      height: 30,
      colorType: 2,
      bitDepth: 8,
      samples: pseudoRandomBytes(40 * 30 * 3, 16),
    });
    for (const cut of [8, 20, 40, Math.floor(bytes.length / 2), bytes.length - 20, bytes.length - 1]) {
      expectImageError(() => decodeImage(bytes.subarray(0, cut)), 'corrupt', /PNG file is damaged: .*truncated/);
    }
    const real = fs.readFileSync(photoPath('chelsea-alpha-png.jpg'));
    expectImageError(
      () => decodeImage(real.subarray(0, Math.floor(real.length * 0.7))),
      'corrupt',
      /PNG file is damaged: it is truncated/,
    );
  });

  it('a flipped byte inside the pixel data fails the checksum', () => {
    const bytes = Buffer.from(
      encodePng({ width, height, colorType: 2, bitDepth: 8, samples: pseudoRandomBytes(pixels * 3, 17) }),
    );
    bytes[50] ^= 0xff;
    expectImageError(() => decodeImage(bytes), 'corrupt', /PNG file could not be decoded/);
  });

  it('an interlaced PNG decodes, and one whose pixel data inflates beyond its picture is refused before decoding', () => {
    const pixel = [12, 200, 7];
    const interlaced = decodeImage(
      encodePng({ width: 1, height: 1, colorType: 2, bitDepth: 8, samples: pixel, interlaced: true }),
    );
    expect([...interlaced.data]).toEqual(pixel);
    // 8 MB of zeros behind one pixel compress to a few kilobytes; the cap is the 4-byte interlaced raster.
    const bomb = encodePng({
      width: 1,
      height: 1,
      colorType: 2,
      bitDepth: 8,
      samples: pixel,
      interlaced: true,
      extraRasterBytes: 8 << 20,
    });
    expect(bomb.length).toBeLessThan(20_000);
    expectImageError(
      () => decodeImage(bomb),
      'corrupt',
      /PNG file is damaged: its pixel data expands to more than the 4 bytes a 1×1 interlaced picture needs/,
    );
  });
});
