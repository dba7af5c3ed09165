/**
 * Decoding is bounded by what the file holds: pixel data that stops early is refused (never padded with bytes
 * that were not in the file), and a small file claiming a huge picture is refused from its header, before a
 * decoder allocates for the claimed size.
 */
import { decodeImage, inspectImage, MAX_DECODE_BYTES } from '../../src/image';
import { encodePng, expectImageError, pseudoRandomBytes } from '../helpers/images';

/** A PNG header claiming width×height at the given depth and colour type, with one pixel's worth of data. */
function pngClaiming(width: number, height: number, bitDepth: 8 | 16, colorType: 0 | 2 | 6): Buffer {
  const channels = { 0: 1, 2: 3, 6: 4 }[colorType];
  const file = encodePng({ width: 1, height: 1, colorType, bitDepth, samples: new Array<number>(channels).fill(0) });
  file.writeUInt32BE(width, 16);
  file.writeUInt32BE(height, 20);
  return file;
}

/**
 * A baseline JPEG's marker structure: SOF0 claiming width×height with the given sampling factors per
 * component, one scan of `scanBytes` bytes of entropy-coded data, EOI.
 */
function jpegClaiming(width: number, height: number, factors: readonly number[], scanBytes: number): Uint8Array {
  const sof = [
    0xff,
    0xc0,
    0x00,
    8 + 3 * factors.length,
    0x08,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    factors.length,
  ];
  factors.forEach((f, i) => sof.push(i + 1, f, 0));
  const sos = [0xff, 0xda, 0x00, 6 + 2 * factors.length, factors.length];
  factors.forEach((_f, i) => sos.push(i + 1, 0));
  sos.push(0x00, 0x3f, 0x00);
  return Uint8Array.from([0xff, 0xd8, ...sof, ...sos, ...new Array<number>(scanBytes).fill(0x55), 0xff, 0xd9]);
}

describe('pixel data that stops early', () => {
  it('a 20×20 PNG whose data holds 10 rows is refused on every decode, never filled from other memory', () => {
    const samples = pseudoRandomBytes(20 * 20 * 3, 5);
    const short = encodePng({ width: 20, height: 20, colorType: 2, bitDepth: 8, samples, rasterRows: 10 });
    // pngjs's buffer is uninitialised: stray bytes showed up in some decodes and not others, so try many.
    for (let i = 0; i < 200; i++) {
      // Unrelated bytes in fresh allocations, as a busy process would leave them.
      Buffer.allocUnsafe(4096).fill(0xa5);
      expectImageError(
        () => decodeImage(short),
        'corrupt',
        /PNG file is damaged: its pixel data stops early \(610 of the 1220 bytes a 20×20 picture needs\)/,
      );
    }
    // The whole file decodes to exactly its samples.
    const whole = decodeImage(encodePng({ width: 20, height: 20, colorType: 2, bitDepth: 8, samples }));
    expect([...whole.data]).toEqual([...samples]);
  });

  it('an interlaced PNG whose data stops early is refused too', () => {
    const full = encodePng({
      width: 1,
      height: 1,
      colorType: 0,
      bitDepth: 8,
      samples: [9],
      interlaced: true,
      rasterRows: 0,
    });
    expectImageError(
      () => decodeImage(full),
      'corrupt',
      /pixel data stops early \(0 of the 2 bytes a 1×1 picture needs\)/,
    );
  });

  it('a PNG too small to expand to its declared picture is refused without inflating it', () => {
    // 8000×5000 RGB is within every limit, but its few dozen compressed bytes cannot hold 120 MB.
    expectImageError(
      () => decodeImage(pngClaiming(8000, 5000, 8, 2)),
      'corrupt',
      /pixel data stops early \(\d+ compressed bytes can hold at most \d+ of the 120005000 bytes/,
    );
  });
});

describe('decoding memory is bounded from the header', () => {
  it('a 16-bit PNG of 6324×6324 is refused for its memory, naming the limit', () => {
    const mb = (MAX_DECODE_BYTES / 1024 / 1024).toFixed(1);
    expectImageError(
      () => decodeImage(pngClaiming(6324, 6324, 16, 6)),
      'too-large',
      new RegExp(
        `PNG picture \\(6324×6324 pixels\\) needs about 1\\d\\d\\d\\.\\d MB of memory to decode; the limit is ${mb} MB`,
      ),
    );
    expectImageError(() => decodeImage(pngClaiming(6324, 6324, 16, 2)), 'too-large', /needs about 1\d\d\d\.\d MB/);
  });

  it('a small JPEG whose header claims 20000×2000 is refused before decoding', () => {
    const crafted = jpegClaiming(20000, 2000, [0x22, 0x11, 0x11], 30_000);
    // 4:2:0 at 20000×2000: 625,000 + 2 × 156,250 blocks, each coding its DC with at least a bit.
    expectImageError(
      () => inspectImage(crafted),
      'corrupt',
      /JPEG file is damaged: its picture data is 30000 bytes, too little for the 20000×2000 pixels its header claims \(at least 117188 bytes\)/,
    );
    expectImageError(
      () => decodeImage(jpegClaiming(6324, 6324, [0x11], 8_000)),
      'corrupt',
      /too little for the 6324×6324 pixels/,
    );
  });

  it('a JPEG with enough data for its size but too much memory is refused before decoding', () => {
    // 40 megapixels at full colour resolution (4:4:4): 1.9 M blocks per component; jpeg-js stores 256 bytes per block.
    const full = jpegClaiming(8000, 5000, [0x11, 0x11, 0x11], 240_000);
    expect(() => inspectImage(full)).not.toThrow();
    expectImageError(
      () => decodeImage(full),
      'too-large',
      /JPEG picture \(8000×5000 pixels\) needs about 801\.1 MB of memory to decode/,
    );
  });
});
