import { FORMAT_NAMES, ImageFormat } from './format';

/**
 * The one error type of the picture module. `kind` lets a caller (the sidebar, the dataset import) pick its own
 * wording or icon; `message` is already written for the person who chose the file.
 */
export type ImageErrorKind =
  /** The bytes are not a format we read (checked by their first bytes, never the file name). */
  | 'not-an-image'
  /** The format was recognised but the file is damaged or cut short. */
  | 'corrupt'
  /** A variant of a known format we do not read (e.g. 16-bit PGM). */
  | 'unsupported'
  /** File or picture larger than the limits in limits.ts. */
  | 'too-large'
  /** Empty file or a picture with no pixels. */
  | 'empty'
  /** A crop, resize or pixel buffer that does not fit the picture it is applied to. */
  | 'invalid-argument';

export class ImageError extends Error {
  readonly kind: ImageErrorKind;

  constructor(kind: ImageErrorKind, message: string) {
    super(message);
    this.name = 'ImageError';
    this.kind = kind;
    // Keeps `instanceof ImageError` true when compiled to ES5-style classes (Apps Script bundles).
    Object.setPrototypeOf(this, ImageError.prototype);
  }
}

/** A decoder's own fault, for a file that passed the header checks. */
export function decoderFailure(format: ImageFormat, cause: unknown): ImageError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ImageError(
    'corrupt',
    `This ${FORMAT_NAMES[format]} file could not be decoded (${detail}); it is probably damaged or truncated. Open it in a photo viewer to check, then export or download it again.`,
  );
}
