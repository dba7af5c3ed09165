/**
 * Fuzzing the picture decoders with damaged files: every truncation of small PNG, JPEG and Netpbm files, then
 * (fast-check, fixed seed) bit flips, edited dimensions, and pixel data cut short or run long. Every file must
 * decode or be refused with an ImageError — never another error — and a decoded picture must be the same on
 * every decode with different junk left in freed memory: its bytes come from the file, never from memory the
 * decoder did not fill. Times and memory are printed; the bound on memory is checked from the header (limits.ts).
 */
import fc from 'fast-check';
import * as jpeg from 'jpeg-js';
import { decodeImage, ImageError } from '../../src/image';
import { encodePng, netpbm, pseudoRandomBytes } from '../helpers/images';
import { recordMeasurement } from '../helpers/measurements';

const SEED = 20261130;
const RUNS = 400;

let decodes = 0;
let decoded = 0;
let slowestMs = 0;
let peakRssGrowth = 0;
const startRss = process.memoryUsage().rss;

afterAll(() => {
  recordMeasurement(
    `image fuzz, seed ${SEED}: ${decodes} files (${decoded} decoded, ${decodes - decoded} refused with a message); ` +
      `slowest decode ${slowestMs.toFixed(0)} ms; resident memory grew by at most ${(peakRssGrowth / 1024 / 1024).toFixed(0)} MB`,
  );
});

/** Decodes twice with different junk in fresh allocations between; both must agree, byte for byte. */
function check(bytes: Uint8Array): void {
  decodes++;
  const outcomes = [0xa5, 0x5a].map((junk) => {
    Buffer.allocUnsafe(1 << 16).fill(junk);
    const started = performance.now();
    try {
      const image = decodeImage(bytes);
      expect(image.data.length).toBe(image.width * image.height * 3);
      return Buffer.from(image.data).toString('base64');
    } catch (error) {
      expect(error).toBeInstanceOf(ImageError);
      expect((error as ImageError).message.length).toBeGreaterThan(20);
      return `refused: ${(error as ImageError).kind}`;
    } finally {
      slowestMs = Math.max(slowestMs, performance.now() - started);
      peakRssGrowth = Math.max(peakRssGrowth, process.memoryUsage().rss - startRss);
    }
  });
  expect(outcomes[1]).toBe(outcomes[0]);
  if (!outcomes[0].startsWith('refused')) decoded++;
}

const BASES: Record<string, Uint8Array> = {
  'PNG RGB 8×6': encodePng({
    width: 8,
    height: 6,
    colorType: 2,
    bitDepth: 8,
    samples: pseudoRandomBytes(8 * 6 * 3, 1),
  }),
  'PNG RGBA 16-bit 5×4': encodePng({
    width: 5,
    height: 4,
    colorType: 6,
    bitDepth: 16,
    samples: Array.from(pseudoRandomBytes(5 * 4 * 4, 2), (v) => v * 257),
  }),
  'PNG palette interlaced 1×1': encodePng({
    width: 1,
    height: 1,
    colorType: 3,
    bitDepth: 8,
    samples: [1],
    palette: [0, 0, 0, 200, 10, 30],
    interlaced: true,
  }),
  'JPEG 16×16': Uint8Array.from(
    jpeg.encode({ width: 16, height: 16, data: Buffer.from(pseudoRandomBytes(16 * 16 * 4, 3)) }, 80).data,
  ),
  'PGM 7×5': netpbm('P5\n7 5\n255\n', pseudoRandomBytes(35, 4)),
  'PPM 3×2': netpbm('P6\n3 2\n255\n', pseudoRandomBytes(18, 5)),
};

describe('damaged picture files', () => {
  it.each(Object.entries(BASES))('%s: cut at every offset', (_name, bytes) => {
    check(bytes);
    for (let cut = 0; cut < bytes.length; cut++) check(bytes.subarray(0, cut));
  });

  it('bit flips, edited dimensions, and data cut short or running long', () => {
    const base = fc.constantFrom(...Object.values(BASES));
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('flip' as const),
        at: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        bit: fc.integer({ min: 0, max: 7 }),
      }),
      fc.record({
        kind: fc.constant('size' as const),
        width: fc.oneof(fc.integer({ min: 0, max: 70 }), fc.constantFrom(6324, 20000, 65535, 2 ** 31)),
        height: fc.oneof(fc.integer({ min: 0, max: 70 }), fc.constantFrom(2000, 6324, 65535)),
      }),
      fc.record({
        kind: fc.constant('png-rows' as const),
        rows: fc.integer({ min: 0, max: 7 }),
        extra: fc.integer({ min: 0, max: 4096 }),
        interlaced: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('splice' as const),
        at: fc.nat(),
        remove: fc.integer({ min: 0, max: 40 }),
        insert: fc.uint8Array({ maxLength: 40 }),
      }),
    );
    fc.assert(
      fc.property(base, mutation, (original, m) => {
        let bytes: Uint8Array = Uint8Array.from(original);
        if (m.kind === 'flip') for (const at of m.at) bytes[at % bytes.length] ^= 1 << m.bit;
        else if (m.kind === 'size') bytes = withDimensions(bytes, m.width, m.height);
        else if (m.kind === 'png-rows') {
          bytes = encodePng({
            width: 7,
            height: 7,
            colorType: 2,
            bitDepth: 8,
            samples: pseudoRandomBytes(7 * 7 * 3, 6),
            rasterRows: m.rows,
            extraRasterBytes: m.extra,
            interlaced: m.interlaced,
          });
        } else {
          const at = m.at % bytes.length;
          bytes = Uint8Array.from([...bytes.subarray(0, at), ...m.insert, ...bytes.subarray(at + m.remove)]);
        }
        check(bytes);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

/** The file with its header's width and height replaced (PNG IHDR, JPEG SOF, Netpbm text). */
function withDimensions(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const out = Buffer.from(bytes);
  if (out[0] === 0x89) {
    out.writeUInt32BE(width >>> 0, 16);
    out.writeUInt32BE(height >>> 0, 20);
    return out;
  }
  if (out[0] === 0xff) {
    for (let i = 2; i + 9 < out.length; i++) {
      if (out[i] === 0xff && out[i + 1] === 0xc0) {
        out.writeUInt16BE(height & 0xffff, i + 5);
        out.writeUInt16BE(width & 0xffff, i + 7);
        break;
      }
    }
    return out;
  }
  const text = out.toString('latin1');
  return Buffer.from(text.replace(/^(P[56])\n\d+ \d+/, `$1\n${width} ${height}`), 'latin1');
}
