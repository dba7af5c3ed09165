/**
 * Walks a JPEG's marker segments without decoding pixels: finds the frame header (size, coding process), the
 * Exif segment, and whether the file reaches its end-of-image marker. Decoders tolerate a cut-off file and paint the missing part
 * grey; walking the markers first lets us say "truncated" instead of importing a half-grey picture.
 */
/** A colour component's sampling factors (1–4 each) from the frame header. */
export interface JpegComponent {
  readonly h: number;
  readonly v: number;
}

export interface JpegFrame {
  readonly width: number;
  readonly height: number;
  readonly marker: number;
  readonly components: readonly JpegComponent[];
}

export interface JpegStructure {
  /** From the first SOF segment; null when the file ends or breaks before one. */
  readonly frame: JpegFrame | null;
  /** Bytes of entropy-coded data after all scan headers (stuffed bytes and restart markers included). */
  readonly entropyBytes: number;
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
  let entropyBytes = 0;
  const stop = (problem: string): JpegStructure => ({ frame, entropyBytes, complete: false, problem, exif });
  let pos = 2; // after SOI
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) return stop(`expected a marker at byte ${pos}`);
    while (pos < bytes.length && bytes[pos] === 0xff) pos++; // fill bytes
    if (pos >= bytes.length) break;
    const marker = bytes[pos];
    pos++;
    if (marker === 0xd9) return { frame, entropyBytes, complete: true, problem: null, exif };
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // markers without a segment
    if (pos + 2 > bytes.length) break;
    const length = (bytes[pos] << 8) | bytes[pos + 1];
    if (length < 2) return stop(`segment at byte ${pos} has an impossible length`);
    if (pos + length > bytes.length) break;
    if (isStartOfFrame(marker) && frame === null) {
      const count = bytes[pos + 7];
      if (length < 8 + 3 * count) return stop('the frame header is too short');
      const components: JpegComponent[] = [];
      for (let i = 0; i < count; i++) {
        const factors = bytes[pos + 9 + 3 * i];
        components.push({ h: factors >> 4, v: factors & 15 });
      }
      if (components.some((c) => c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4))
        return stop('the frame header has an impossible sampling factor');
      frame = {
        height: (bytes[pos + 3] << 8) | bytes[pos + 4],
        width: (bytes[pos + 5] << 8) | bytes[pos + 6],
        marker,
        components,
      };
    }
    if (marker === 0xe1 && exif === null && length >= 8 && EXIF_ID.every((b, i) => bytes[pos + 2 + i] === b)) {
      exif = { start: pos + 2 + EXIF_ID.length, end: pos + length };
    }
    pos += length;
    if (marker === 0xda) {
      // Entropy-coded data follows the scan header: skip to the next marker that is not a stuffed 00 or a restart.
      const scanStart = pos;
      while (
        pos + 1 < bytes.length &&
        !(bytes[pos] === 0xff && bytes[pos + 1] !== 0x00 && (bytes[pos + 1] < 0xd0 || bytes[pos + 1] > 0xd7))
      )
        pos++;
      entropyBytes += pos - scanStart;
      if (pos + 1 >= bytes.length) break;
    }
  }
  return stop('the file ends before the end-of-image marker');
}

/** 8×8 blocks of each component: exact ones (what a scan must code) and the MCU-padded ones a decoder stores. */
export function jpegBlocks(frame: JpegFrame): { coded: number; stored: number } {
  const hMax = Math.max(...frame.components.map((c) => c.h));
  const vMax = Math.max(...frame.components.map((c) => c.v));
  const mcusAcross = Math.ceil(frame.width / (8 * hMax));
  const mcusDown = Math.ceil(frame.height / (8 * vMax));
  let coded = 0;
  let stored = 0;
  for (const { h, v } of frame.components) {
    coded += Math.ceil(Math.ceil((frame.width * h) / hMax) / 8) * Math.ceil(Math.ceil((frame.height * v) / vMax) / 8);
    stored += mcusAcross * h * mcusDown * v;
  }
  return { coded, stored };
}

/**
 * Fewest entropy-coded bytes a complete Huffman-coded picture of this frame can have: every block of every
 * component codes its DC coefficient (in a progressive file, in the first DC scan) with at least one bit.
 * A small file whose header claims far more blocks is cut short or crafted, and is refused before a decoder
 * allocates for the claimed size.
 */
export function minimumEntropyBytes(frame: JpegFrame): number {
  return Math.ceil(jpegBlocks(frame).coded / 8);
}
