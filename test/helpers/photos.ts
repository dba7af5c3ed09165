/**
 * The freely licensed colour photos shipped in data/photos (scikit-image's samples and JPEG/PNG variants made
 * from them; sources and licences in data/photos/README.md).
 */
import * as fs from 'fs';
import * as path from 'path';
import { decodeImage } from '../../src/image';
import type { RgbImage } from '../../src/image';

export const PHOTOS_DIR = path.resolve(__dirname, '../../data/photos');

/** Path of one shipped photo, e.g. photoPath('coffee-progressive.jpg'). */
export function photoPath(name: string): string {
  return path.join(PHOTOS_DIR, name);
}

/** One shipped photo, decoded. */
export function readPhoto(name: string): RgbImage {
  return decodeImage(new Uint8Array(fs.readFileSync(photoPath(name))));
}
