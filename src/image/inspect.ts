/**
 * Checks a file before any pixel is decoded: format by magic bytes, dimensions from the header, limits, and
 * (for JPEG) that the file is complete. Pure TypeScript: the sidebar runs the same checks before handing a
 * file to the browser's decoder, so both sides give the same messages.
 */
import { ImageError } from './errors';
import { ACCEPTED_FORMATS_TEXT, detectFormat, FORMAT_NAMES, hasFullPngSignature, ImageFormat } from './format';
import { isDecodableFrame, minimumEntropyBytes, scanJpeg } from './jpeg-structure';
import { exifOrientation } from './orientation';
import { assertDimensions, assertFileSize } from './limits';
import { NetpbmHeader, parseNetpbmHeader } from './netpbm';

export interface ImageInfo {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** Set for PGM/PPM, whose raster follows the header directly. */
  readonly netpbm?: NetpbmHeader;
  /** Exif orientation 1–8 of a JPEG (1 = as stored); browsers apply it when decoding, decodeImage does too. */
  readonly orientation: number;
}

function corrupt(format: ImageFormat, what: string): ImageError {
  return new ImageError(
    'corrupt',
    `This ${FORMAT_NAMES[format]} file is damaged: ${what}. Open it in a photo viewer to check, then export or download it again.`,
  );
}

function pngInfo(bytes: Uint8Array): ImageInfo {
  if (!hasFullPngSignature(bytes)) throw corrupt('png', 'its 8-byte PNG signature is incomplete or altered');
  // IHDR must be the first chunk: length 13, type "IHDR", width and height as big-endian 32-bit numbers.
  if (bytes.length < 33) throw corrupt('png', 'the file is truncated inside its header');
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (type !== 'IHDR') throw corrupt('png', 'the first chunk is not the IHDR header');
  const u32 = (at: number): number =>
    ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];
  const width = u32(16);
  const height = u32(20);
  // Size before completeness: a huge picture is refused for its size even when it is also cut short.
  assertDimensions('png', width, height);
  // Walk the chunks (length, type, data, CRC) to the IEND chunk, so a cut-off file is named as such.
  let pos = 8;
  for (;;) {
    if (pos + 12 > bytes.length) throw corrupt('png', 'it is truncated — the file ends before its IEND end chunk');
    const length = u32(pos);
    if (length > bytes.length)
      throw corrupt('png', `it is truncated or a chunk at byte ${pos} has an impossible length`);
    if (pos + 12 + length > bytes.length) throw corrupt('png', 'it is truncated — the file ends inside a chunk');
    if (bytes[pos + 4] === 0x49 && bytes[pos + 5] === 0x45 && bytes[pos + 6] === 0x4e && bytes[pos + 7] === 0x44) break; // IEND
    pos += 12 + length;
  }
  return { format: 'png', width, height, orientation: 1 };
}

function jpegInfo(bytes: Uint8Array): ImageInfo {
  const structure = scanJpeg(bytes);
  if (structure.frame === null) {
    throw corrupt(
      'jpeg',
      structure.complete
        ? 'it has no frame header'
        : `it is truncated or broken before its frame header (${structure.problem})`,
    );
  }
  const { width, height, marker } = structure.frame;
  // Size before completeness: a huge picture is refused for its size even when it is also cut short.
  assertDimensions('jpeg', width, height);
  if (!structure.complete) throw corrupt('jpeg', `it is truncated — ${structure.problem}`);
  if (!isDecodableFrame(marker)) {
    throw new ImageError(
      'unsupported',
      'This JPEG uses lossless or arithmetic coding, which is rarely used and not read here. Save it as a standard JPEG or as PNG.',
    );
  }
  const needed = minimumEntropyBytes(structure.frame);
  if (structure.entropyBytes < needed) {
    throw corrupt(
      'jpeg',
      `its picture data is ${structure.entropyBytes} bytes, too little for the ${width}×${height} pixels its header claims (at least ${needed} bytes)`,
    );
  }
  const orientation =
    structure.exif === null ? 1 : exifOrientation(bytes.subarray(structure.exif.start, structure.exif.end));
  return { format: 'jpeg', width, height, orientation };
}

/** Format, size and soundness of a picture file; throws ImageError with a message for the user otherwise. */
export function inspectImage(bytes: Uint8Array): ImageInfo {
  assertFileSize(bytes.length);
  const format = detectFormat(bytes);
  if (format === null) {
    throw new ImageError(
      'not-an-image',
      `This file is not a picture we can read. Accepted formats: ${ACCEPTED_FORMATS_TEXT} (recognised by the file's contents, not its name). ` +
        'Save or export the picture in one of these formats and try again.',
    );
  }
  let info: ImageInfo;
  if (format === 'png') info = pngInfo(bytes);
  else if (format === 'jpeg') info = jpegInfo(bytes);
  else {
    const header = parseNetpbmHeader(bytes);
    info = { format, width: header.width, height: header.height, netpbm: header, orientation: 1 };
  }
  assertDimensions(format, info.width, info.height);
  return info;
}
