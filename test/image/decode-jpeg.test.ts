import * as fs from 'fs';
import * as jpeg from 'jpeg-js';
import { decodeImage } from '../../src/image';
import { expectImageError } from '../helpers/images';
import { PHOTOS_DIR, photoPath } from '../helpers/photos';

const read = (file: string): Buffer => fs.readFileSync(photoPath(file));

/** A smooth colour picture (gradients and a soft disc), which JPEG at quality 100 keeps within a few levels. */
function smoothPicture(width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const disc = Math.max(0, 1 - Math.hypot(x - width / 2, y - height / 2) / (width / 2));
      rgba[at] = Math.round((255 * x) / (width - 1));
      rgba[at + 1] = Math.round((255 * y) / (height - 1));
      rgba[at + 2] = Math.round(60 + 150 * disc);
      rgba[at + 3] = 255;
    }
  }
  return rgba;
}

describe('JPEG', () => {
  it('decodes a quality-100 JPEG of known pixels to within 3 levels (mean error under 1)', () => {
    const width = 48;
    const height = 40;
    const rgba = smoothPicture(width, height);
    const file = jpeg.encode({ width, height, data: rgba }, 100).data;
    const image = decodeImage(file);
    expect([image.format, image.width, image.height, image.hadAlpha]).toEqual(['jpeg', width, height, false]);
    let worst = 0;
    let total = 0;
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) {
        const error = Math.abs(image.data[p * 3 + c] - rgba[p * 4 + c]);
        worst = Math.max(worst, error);
        total += error;
      }
    }
    expect(worst).toBeLessThanOrEqual(3);
    expect(total / (width * height * 3)).toBeLessThan(1);
  });

  // Sizes and kinds as reported by `file` for these photos.
  it.each([
    ['chelsea-small-progressive.jpg', 140, 140, 'progressive'],
    ['coffee-progressive.jpg', 305, 225, 'progressive'],
    ['chelsea-exif.jpg', 255, 200, 'baseline with an Exif segment, orientation upper-left'],
    ['astronaut-portrait.jpg', 220, 335, 'baseline'],
    ['rocket.jpg', 640, 427, 'baseline, from a camera'],
  ])('decodes the photo %s (%i×%i, %s)', (file, width, height) => {
    const image = decodeImage(read(file));
    expect([image.format, image.width, image.height, image.orientation]).toEqual(['jpeg', width, height, 1]);
    expect(image.data.length).toBe(width * height * 3);
    // A real colour photo: channels differ somewhere and values are spread out (no blank or grey-filled result).
    let colourful = 0;
    let sum = 0;
    let sumSq = 0;
    for (let p = 0; p < width * height; p++) {
      const [r, g, b] = image.data.subarray(p * 3, p * 3 + 3);
      if (Math.max(Math.abs(r - g), Math.abs(g - b)) > 10) colourful++;
      sum += g;
      sumSq += g * g;
    }
    const mean = sum / (width * height);
    expect(colourful).toBeGreaterThan(width * height * 0.05);
    expect(Math.sqrt(sumSq / (width * height) - mean * mean)).toBeGreaterThan(20);
  });

  it('a one-component (grey) JPEG becomes R=G=B', () => {
    const image = decodeImage(read('coffee-grey.jpg'));
    expect([image.width, image.height]).toEqual([218, 218]);
    for (let p = 0; p < 218 * 218; p++) {
      if (image.data[p * 3] !== image.data[p * 3 + 1] || image.data[p * 3] !== image.data[p * 3 + 2])
        throw new Error(`pixel ${p} is not grey`);
    }
  });

  it('decodes every shipped photo that is a JPEG by its magic bytes', () => {
    const jpegs: string[] = [];
    for (const name of fs.readdirSync(PHOTOS_DIR)) {
      const bytes = read(name);
      if (bytes[0] !== 0xff || bytes[1] !== 0xd8) continue;
      const image = decodeImage(bytes);
      expect(image.format).toBe('jpeg');
      expect(image.data.length).toBe(image.width * image.height * 3);
      jpegs.push(name);
    }
    // chelsea-alpha-png.jpg is named .jpg but is a PNG, so it is not among them.
    expect(jpegs.sort()).toEqual([
      'astronaut-portrait.jpg',
      'chelsea-exif.jpg',
      'chelsea-small-progressive.jpg',
      'coffee-grey.jpg',
      'coffee-progressive.jpg',
      'rocket.jpg',
    ]);
  });

  it('a truncated JPEG is named as such wherever it is cut, never decoded with grey gaps', () => {
    const bytes = read('rocket.jpg');
    for (const fraction of [0.01, 0.1, 0.5, 0.9]) {
      expectImageError(
        () => decodeImage(bytes.subarray(0, Math.floor(bytes.length * fraction))),
        'corrupt',
        /JPEG file is damaged: it is truncated/,
      );
    }
    expectImageError(
      () => decodeImage(bytes.subarray(0, bytes.length - 2)),
      'corrupt',
      /JPEG file is damaged: it is truncated — the file ends before the end-of-image marker/,
    );
    // Cut inside the first segments, before the frame header: still a clear JPEG message.
    expectImageError(
      () => decodeImage(bytes.subarray(0, 30)),
      'corrupt',
      /JPEG file is damaged: it is truncated or broken before its frame header/,
    );
  });

  it('damaged entropy-coded data is refused rather than decoded into garbage', () => {
    const width = 64;
    const height = 64;
    const file = Buffer.from(jpeg.encode({ width, height, data: smoothPicture(width, height) }, 90).data);
    // Overwrite a run in the middle of the scan with a bogus marker (FF D0 restart markers where none belong).
    const middle = Math.floor(file.length * 0.6);
    for (let i = 0; i < 16; i += 2) {
      file[middle + i] = 0xff;
      file[middle + i + 1] = 0xd3;
    }
    expectImageError(() => decodeImage(file), 'corrupt', /JPEG file could not be decoded/);
  });
});
