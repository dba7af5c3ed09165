/**
 * ORL / AT&T faces (Olivetti Research Laboratory; F. Samaria and A. Harter, 1994) as training examples:
 * each 92×112 grey PGM is decoded, area-resized whole to size×size (faces are not cropped) and becomes R=G=B.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Example } from '../../src/core/types';
import { decodeImage, resizeArea, toChwTensor } from '../../src/image';

export const ORL_DIR = path.resolve(__dirname, '../../data/orl-faces');

/** Path of subject N's picture F (subjects 1–10, files 1–10, shipped in data/orl-faces). */
export function orlPath(subject: number, file: number): string {
  return path.join(ORL_DIR, `s${subject}`, `${file}.pgm`);
}

/** Examples for every (subject, file) pair, subject-major; label = position of the subject in `subjects`. */
export function loadOrl(subjects: number[], files: number[], size = 28): Example[] {
  const examples: Example[] = [];
  subjects.forEach((subject, label) => {
    for (const file of files) {
      const picture = decodeImage(fs.readFileSync(orlPath(subject, file)));
      examples.push({ image: toChwTensor(resizeArea(picture, size, size)), label });
    }
  });
  return examples;
}
