/**
 * Walks a JPEG's marker segments without decoding pixels: finds the frame header (size, coding process), the
 * Exif segment, and whether the file reaches its end-of-image marker. Decoders tolerate a cut-off file and paint the missing part
 * grey; walking the markers first lets us say "truncated" instead of importing a half-grey picture.
 */
export interface JpegStructure {
  /** From the first SOF segment; null when the file ends or breaks before one. */
  readonly frame: { readonly width: number; readonly height: number; readonly marker: number } | null;
  /** True when the walk reached EOI (FF D9) with every segment intact. */
  readonly complete: boolean;
  /** Why the walk stopped early, when it did. */
  readonly problem: string | null;
  /** Where the TIFF data of the first Exif APP1 segment starts and ends (after "Exif\0\0"), or null. */
  readonly exif: { readonly start: number; readonly end: number } | null;
}

/** "Exif\0\0": the identifier at the start of an Exif APP1 segment. */
const EXIF_ID = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00];

/** SOF markers: C0–CF except C4 (DHT), C8 (reserved) and CC (DAC). */
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Baseline, extended sequential and progressive Huffman JPEG: what the decoder reads. */
export const isDecodableFrame = (marker: number): boolean => marker === 0xc0 || marker === 0xc1 || marker === 0xc2;

export function scanJpeg(bytes: Uint8Array): JpegStructure {
  let frame: JpegStructure['frame'] = null;
  let exif: JpegStructure['exif'] = null;
  const stop = (problem: string): JpegStructure => ({ frame, complete: false, problem, exif });
  let pos = 2; // after SOI
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) return stop(`expected a marker at byte ${pos}`);
    while (pos < bytes.length && bytes[pos] === 0xff) pos++; // fill bytes
    if (pos >= bytes.length) break;
    const marker = bytes[pos];
    pos++;
    if (marker === 0xd9) return { frame, complete: true, problem: null, exif };
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // markers without a segment
    if (pos + 2 > bytes.length) break;
    const length = (bytes[pos] << 8) | bytes[pos + 1];
    if (length < 2) return stop(`segment at byte ${pos} has an impossible length`);
    if (pos + length > bytes.length) break;
    if (isStartOfFrame(marker) && frame === null) {
      if (length < 8) return stop('the frame header is too short');
      frame = { height: (bytes[pos + 3] << 8) | bytes[pos + 4], width: (bytes[pos + 5] << 8) | bytes[pos + 6], marker };
    }
    if (marker === 0xe1 && exif === null && length >= 8 && EXIF_ID.every((b, i) => bytes[pos + 2 + i] === b)) {
      exif = { start: pos + 2 + EXIF_ID.length, end: pos + length };
    }
    pos += length;
    if (marker === 0xda) {
      // Entropy-coded data follows the scan header: skip to the next marker that is not a stuffed 00 or a restart.
      while (pos + 1 < bytes.length && !(bytes[pos] === 0xff && bytes[pos + 1] !== 0x00 && (bytes[pos + 1] < 0xd0 || bytes[pos + 1] > 0xd7))) pos++;
      if (pos + 1 >= bytes.length) break;
    }
  }
  return stop('the file ends before the end-of-image marker');
}
