/**
 * Picture files written from first principles (the PNG and Netpbm specs), so decoder tests do not trust the
 * code they check. PNG: signature, IHDR, optional PLTE/tRNS, zlib-compressed IDAT with filter 0 rows, IEND.
 */
import * as zlib from 'zlib';
import { ImageError, ImageErrorKind } from '../../src/image';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** PNG colour types: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
export interface PngSpec {
  readonly width: number;
  readonly height: number;
  readonly colorType: 0 | 2 | 3 | 4 | 6;
  readonly bitDepth: 8 | 16;
  /** Samples in row-major order, `channels` per pixel, each 0–255 or 0–65535 by bit depth (palette: indices). */
  readonly samples: ArrayLike<number>;
  /** RGB triples for colour type 3. */
  readonly palette?: ArrayLike<number>;
  /** tRNS chunk contents (palette: alpha per entry). */
  readonly transparency?: ArrayLike<number>;
  /** Marks the file Adam7-interlaced; only a 1×1 raster is laid out the same either way, so use it with 1×1. */
  readonly interlaced?: boolean;
  /** Zero bytes appended to the raster before compression (a crafted file that inflates far beyond its picture). */
  readonly extraRasterBytes?: number;
  /** Rows of pixel data actually compressed (default all): a well-formed file whose data stops early. */
  readonly rasterRows?: number;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

export function encodePng(spec: PngSpec): Buffer {
  const channels = CHANNELS[spec.colorType];
  const bytesPerSample = spec.bitDepth / 8;
  const rowBytes = spec.width * channels * bytesPerSample;
  const raw = Buffer.alloc(spec.height * (1 + rowBytes));
  for (let y = 0; y < spec.height; y++) {
    raw[y * (1 + rowBytes)] = 0; // filter type None
    for (let i = 0; i < spec.width * channels; i++) {
      const v = spec.samples[y * spec.width * channels + i];
      const at = y * (1 + rowBytes) + 1 + i * bytesPerSample;
      if (bytesPerSample === 2) raw.writeUInt16BE(v, at);
      else raw[at] = v;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(spec.width, 0);
  ihdr.writeUInt32BE(spec.height, 4);
  ihdr[8] = spec.bitDepth;
  ihdr[9] = spec.colorType;
  ihdr[12] = spec.interlaced ? 1 : 0;
  const chunks = [chunk('IHDR', ihdr)];
  if (spec.palette) chunks.push(chunk('PLTE', Uint8Array.from(spec.palette)));
  if (spec.transparency) chunks.push(chunk('tRNS', Uint8Array.from(spec.transparency)));
  const written = raw.subarray(0, (spec.rasterRows ?? spec.height) * (1 + rowBytes));
  chunks.push(
    chunk('IDAT', zlib.deflateSync(Buffer.concat([written, Buffer.alloc(spec.extraRasterBytes ?? 0)]))),
    chunk('IEND', new Uint8Array(0)),
  );
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

/** A binary Netpbm file: `header` text verbatim (so tests can put comments and odd spacing in it), then the bytes. */
export function netpbm(header: string, samples: ArrayLike<number>): Buffer {
  return Buffer.concat([Buffer.from(header, 'latin1'), Buffer.from(Uint8Array.from(samples))]);
}

/** Deterministic pseudo-random bytes (a linear congruential generator), for test pictures. */
export function pseudoRandomBytes(count: number, seed: number): Uint8Array {
  const out = new Uint8Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/** Runs `run` and checks it throws an ImageError of `kind` whose message matches `pattern`. */
export function expectImageError(run: () => unknown, kind: ImageErrorKind, pattern: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ImageError);
  expect((thrown as ImageError).kind).toBe(kind);
  expect((thrown as ImageError).message).toMatch(pattern);
}
