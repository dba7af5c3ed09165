import { decodeImage, inspectImage, MAX_FILE_BYTES, MAX_PIXELS, MAX_SIDE } from '../../src/image';
import { encodePng, expectImageError, netpbm } from '../helpers/images';

/** A PNG whose IHDR claims width×height but carries only a tiny IDAT: the limit must fire from the header. */
function pngClaiming(width: number, height: number): Buffer {
  const file = encodePng({ width: 1, height: 1, colorType: 2, bitDepth: 8, samples: [0, 0, 0] });
  file.writeUInt32BE(width, 16);
  file.writeUInt32BE(height, 20);
  return file;
}

/** A minimal JPEG prefix: SOI, then a baseline SOF0 claiming width×height (3 components), then EOI. */
function jpegClaiming(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    0xff,
    0xd8,
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
    0xff,
    0xd9,
  ]);
}

describe('messages for files that cannot be imported', () => {
  it('a text file is not an image, and the message names the formats accepted', () => {
    expectImageError(
      () => decodeImage(Buffer.from('name,label\nalice,1\n', 'utf8')),
      'not-an-image',
      /not a picture we can read\. Accepted formats: JPEG, PNG, PGM \(binary, P5\) or PPM \(binary, P6\) \(recognised by the file's contents, not its name\)/,
    );
    // Plain-text PGM ("P2") is not the binary format.
    expectImageError(() => decodeImage(Buffer.from('P2\n2 1\n255\n0 0\n')), 'not-an-image', /Accepted formats/);
  });

  it('an empty file', () => {
    expectImageError(() => decodeImage(new Uint8Array(0)), 'empty', /The file is empty \(0 bytes\)/);
  });

  it('a picture of zero width or height', () => {
    expectImageError(() => decodeImage(netpbm('P5\n0 5\n255\n', [])), 'empty', /PGM.*0×5 pixels, so it has no pixels/);
    expectImageError(() => decodeImage(pngClaiming(3, 0)), 'empty', /PNG file says its picture is 3×0 pixels/);
  });

  it('a header claiming 100000×100000 is refused from the header, in every format, before decoding', () => {
    const expected =
      /100000×100000 pixels \(10000\.0 megapixels\); the limit is 40 megapixels and 20000 pixels per side/;
    expectImageError(() => decodeImage(netpbm('P5\n100000 100000\n255\n', [1, 2, 3])), 'too-large', expected);
    expectImageError(() => decodeImage(netpbm('P6\n100000 100000\n255\n', [1, 2, 3])), 'too-large', expected);
    expectImageError(() => decodeImage(pngClaiming(100000, 100000)), 'too-large', expected);
    // JPEG sizes are 16-bit, so the largest claim is 65535×65535.
    expectImageError(
      () => decodeImage(jpegClaiming(65535, 65535)),
      'too-large',
      /JPEG picture is 65535×65535 pixels .* the limit is 40 megapixels/,
    );
    // Even when the file is also cut short, the size is what the user needs to hear.
    expectImageError(() => decodeImage(jpegClaiming(65535, 65535).subarray(0, 21)), 'too-large', /65535×65535/);
  });

  it('the limits sit exactly at MAX_PIXELS and MAX_SIDE', () => {
    expect(MAX_PIXELS).toBe(40_000_000);
    expect(MAX_SIDE).toBe(20_000);
    expect(inspectImage(pngClaiming(8000, 5000))).toMatchObject({ format: 'png', width: 8000, height: 5000 });
    expectImageError(() => inspectImage(pngClaiming(8000, 5001)), 'too-large', /8000×5001/);
    expectImageError(() => inspectImage(pngClaiming(20001, 2)), 'too-large', /20001×2/);
  });

  it('a file over 25 MB is refused before anything else is read', () => {
    expect(MAX_FILE_BYTES).toBe(25 * 1024 * 1024);
    const huge = new Uint8Array(MAX_FILE_BYTES + 1);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    expectImageError(
      () => decodeImage(huge),
      'too-large',
      /The file is 25\.0 MB, more than the limit of 25 MB\. Save a smaller copy/,
    );
  });

  it('a lossless JPEG (SOF3) is named as unsupported, not as damaged', () => {
    const file = jpegClaiming(4, 4);
    file[3] = 0xc3;
    expectImageError(() => decodeImage(file), 'unsupported', /lossless or arithmetic coding/);
  });
});
