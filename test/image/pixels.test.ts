import {
  base64ToBytes,
  bytesToBase64,
  decodePixels,
  encodePixels,
  MAX_CELL_PIXEL_BYTES,
  PixelEncodingError,
  pixelHash,
} from '../../src/shared/pixels';
import { SHEETS_CELL_CHAR_LIMIT } from '../../src/shared/sheets-limits';
import { pseudoRandomBytes } from '../helpers/images';

describe('pixels in one cell', () => {
  it('base64 equals Node Buffer encoding for every length remainder and all byte values', () => {
    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const bytes of [
      new Uint8Array(0),
      Uint8Array.of(0),
      Uint8Array.of(255, 1),
      everyByte,
      pseudoRandomBytes(28 * 28 * 3, 9),
      pseudoRandomBytes(10001, 10),
    ]) {
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect([...base64ToBytes(text)]).toEqual([...bytes]);
    }
  });

  it('a 28×28 picture round-trips and fits easily; the largest square that fits is 111×111', () => {
    const rgb = pseudoRandomBytes(28 * 28 * 3, 11);
    const text = encodePixels(28, 28, rgb);
    expect(text.length).toBe(3136);
    expect([...decodePixels(text, 28, 28)]).toEqual([...rgb]);
    expect(SHEETS_CELL_CHAR_LIMIT).toBe(50_000);
    expect(MAX_CELL_PIXEL_BYTES).toBe(37_500);
    expect(encodePixels(111, 111, new Uint8Array(111 * 111 * 3)).length).toBeLessThanOrEqual(SHEETS_CELL_CHAR_LIMIT);
    expect(() => encodePixels(112, 112, new Uint8Array(112 * 112 * 3))).toThrow(
      /needs 50176 characters, more than a spreadsheet cell holds \(50000\)\. Use an input size of at most 111×111/,
    );
  });

  it('decoding checks the length against the size and the characters against the alphabet', () => {
    const text = encodePixels(2, 2, pseudoRandomBytes(12, 12));
    expect(() => decodePixels(text, 3, 2)).toThrow(
      new PixelEncodingError(
        'Pixel text holds 12 bytes, but a 3×2 RGB picture needs 18. The picture was stored at another size or the cell was edited; import it again.',
      ),
    );
    expect(() => decodePixels(text.slice(0, -1), 2, 2)).toThrow(
      /has 15 characters; base64 text always has a multiple of 4/,
    );
    expect(() => decodePixels(`${text.slice(0, 5)}!${text.slice(6)}`, 2, 2)).toThrow(
      /has "!" at character 6, which is not base64/,
    );
    expect(() => base64ToBytes('AB=C')).toThrow(/"=" at character 3/);
    expect(() => encodePixels(2, 2, new Uint8Array(11))).toThrow(/A 2×2 RGB picture has 12 bytes; got 11/);
    expect(() => decodePixels(text, 0, 2)).toThrow(/whole numbers ≥ 1; got 0×2/);
  });

  it('the hash is FNV-1a over the size and bytes: equal pixels match, any change differs', () => {
    // Reference values of 32-bit FNV-1a (offset 0x811c9dc5, prime 0x01000193) over the bytes 0,0,0,1,0,0,0,1,0,0,0.
    expect(pixelHash(1, 1, Uint8Array.of(0, 0, 0))).toBe(fnv1a([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]));
    const rgb = pseudoRandomBytes(28 * 28 * 3, 13);
    const hash = pixelHash(28, 28, rgb);
    expect(hash).toMatch(/^[0-9a-f]{8}$/);
    expect(pixelHash(28, 28, rgb.slice())).toBe(hash);
    const changed = rgb.slice();
    changed[1000] ^= 1;
    expect(pixelHash(28, 28, changed)).not.toBe(hash);
    expect(pixelHash(14, 56, rgb)).not.toBe(hash);
  });
});

/** FNV-1a written out with BigInt arithmetic, independent of the Math.imul version under test. */
function fnv1a(bytes: number[]): string {
  let hash = 0x811c9dc5n;
  for (const b of bytes) hash = ((hash ^ BigInt(b)) * 0x01000193n) % 0x100000000n;
  return hash.toString(16).padStart(8, '0');
}
