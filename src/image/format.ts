/** Which picture format a file holds, decided by its first bytes (the file name can lie). */
import { wordList } from '../shared/word-list';

export type ImageFormat = 'jpeg' | 'png' | 'pgm' | 'ppm';

/** Names shown to users, e.g. in "not an image" messages. */
export const FORMAT_NAMES: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  pgm: 'PGM (binary, P5)',
  ppm: 'PPM (binary, P6)',
};

/** "JPEG, PNG, PGM (binary, P5) or PPM (binary, P6)" — for messages. */
export const ACCEPTED_FORMATS_TEXT = wordList(Object.values(FORMAT_NAMES), 'or');

/** "JPEG, PNG, PGM or PPM" — for help texts, where the message above would not fit a line. */
export const ACCEPTED_FORMATS_SHORT = wordList(
  Object.values(FORMAT_NAMES).map((name) => name.split(' ')[0]),
  'or',
);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format of `bytes` by magic number, or null when it is none of the formats we read. */
export function detectFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (bytes.length >= 4 && PNG_SIGNATURE.slice(0, 4).every((b, i) => bytes[i] === b)) return 'png';
  // Netpbm: "P5"/"P6" followed by whitespace (or a comment), so a text file starting "P5x" is not taken for one.
  if (bytes.length >= 3 && bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x36)) {
    const next = bytes[2];
    if (next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x23) {
      return bytes[1] === 0x35 ? 'pgm' : 'ppm';
    }
  }
  return null;
}

/** True when the first 8 bytes are the full PNG signature (the 4-byte magic alone can be a damaged file). */
export function hasFullPngSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}
