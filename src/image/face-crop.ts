/**
 * From a face detector's boxes to the square the network sees: the largest face, widened by a margin so the
 * chin, hair line and ears stay in, centred on the face and moved inside the picture. Pure TypeScript: the
 * sidebar, the command line and the tests share it, so a face is cropped the same way everywhere.
 */
import { CropRect, squareCropRect } from './resize';

/**
 * A face a detector found, in source pixels (fractions allowed), with its confidence 0–1. A face that fills
 * the picture may have a box reaching past its edges.
 */
export interface FaceBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly score: number;
}

/** Side of the crop over the longer side of the face box: 1.3 keeps the whole head with a little background. */
export const FACE_MARGIN = 1.3;

/** The face with the largest area (the person the picture is of, in a group or with faces in the background). */
export function largestFace(boxes: readonly FaceBox[]): FaceBox | null {
  let best: FaceBox | null = null;
  for (const box of boxes) if (best === null || box.width * box.height > best.width * best.height) best = box;
  return best;
}

/**
 * The square crop around `face` in a width×height picture: side = margin × the box's longer side (at most the
 * shorter side of the picture), centred on the box, then shifted to lie inside the picture.
 */
export function faceCropRect(face: FaceBox, width: number, height: number, margin = FACE_MARGIN): CropRect {
  const side = Math.max(1, Math.min(Math.min(width, height), Math.round(Math.max(face.width, face.height) * margin)));
  const clamp = (value: number, max: number): number => Math.min(max, Math.max(0, Math.round(value)));
  const left = clamp(face.left + face.width / 2 - side / 2, width - side);
  const top = clamp(face.top + face.height / 2 - side / 2, height - side);
  return squareCropRect(width, height, { size: side, left, top });
}

/**
 * The square to cut from a picture given the faces found in it (null when none were looked for): around the
 * largest face, else the centred square; and whether faces were looked for in vain (to tell the user).
 */
export function squareFor(
  image: { readonly width: number; readonly height: number },
  faces: readonly FaceBox[] | null,
): { rect: CropRect; noFace: boolean } {
  const face = faces === null ? null : largestFace(faces);
  if (face !== null) return { rect: faceCropRect(face, image.width, image.height), noFace: false };
  return { rect: squareCropRect(image.width, image.height), noFace: faces !== null };
}

/** Intersection over union of two rectangles: 1 for the same box, 0 when they do not overlap. */
export function boxIoU(a: Omit<FaceBox, 'score'>, b: Omit<FaceBox, 'score'>): number {
  const overlapW = Math.max(0, Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left));
  const overlapH = Math.max(0, Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top));
  const overlap = overlapW * overlapH;
  const union = a.width * a.height + b.width * b.height - overlap;
  return union > 0 ? overlap / union : 0;
}
