/**
 * The face detector in Node (face-api's TinyFaceDetector and tiny landmark network on TensorFlow.js's
 * WebAssembly backend) on the freely licensed photos in data/photos: the boxes it finds are checked against
 * boxes drawn by eye (from the hair line to the chin, ear to ear or cheek), its eyes and mouth against points
 * read by eye off a 10-pixel grid, faces that fill their picture are found too, and pictures without a face
 * yield none.
 */
import * as fs from 'fs';
import { cropImage, decodeImage, resizeArea, squareCropRect } from '../../src/image';
import { boxIoU, faceCropRect, largestFace } from '../../src/image/face-crop';
import { readPictureFile } from '../../src/local/cli/cli-pictures';
import { nodeFaceDetector } from '../../src/local/engine/face-detector-node';
import { base64ToBytes } from '../../src/shared/pixels';
import { orlPath } from '../helpers/orl';
import { photoPath, readPhoto } from '../helpers/photos';

/** Faces as a person marks them, in pixels of the photo (looked at with the detector's box drawn beside). */
const FACES_BY_EYE = {
  'astronaut.png': { left: 168, top: 80, width: 110, height: 106 },
  'camera.png': { left: 186, top: 126, width: 70, height: 72 },
};
/** A detector box and a hand-drawn one of the same face differ in where the forehead and the chin end. */
const MIN_IOU = 0.7;
/**
 * The centres of the pupils and of the mouth as a person reads them (astronaut: a frontal face, eyes 43 pixels
 * apart; camera: a profile whose other eye is hidden behind the camera, so only the visible one is checked).
 */
const FEATURES_BY_EYE = {
  'astronaut.png': { leftEye: { x: 204, y: 101.5 }, rightEye: { x: 247, y: 103.5 }, mouth: { x: 221, y: 145 } },
  'camera.png': { leftEye: { x: 235, y: 147 } },
};
/** Pixels: a tenth of the astronaut's eye-to-eye distance. */
const MAX_POINT_ERROR = 4;

describe('finding faces in photos', () => {
  it.each(Object.entries(FACES_BY_EYE))('finds the one face in %s where a person sees it', async (name, byEye) => {
    const detector = await nodeFaceDetector();
    expect(detector.backend).toBe('wasm');
    const faces = await detector.detect(readPhoto(name));
    expect(faces).toHaveLength(1);
    expect(faces[0].score).toBeGreaterThan(0.6);
    expect(boxIoU(faces[0], byEye)).toBeGreaterThan(MIN_IOU);
  });

  it.each(Object.entries(FEATURES_BY_EYE))(
    'places the eyes and mouth in %s where a person sees them',
    async (name, byEye) => {
      const [face] = await (await nodeFaceDetector()).detect(readPhoto(name));
      for (const [feature, point] of Object.entries(byEye)) {
        const found = face.landmarks[feature as keyof typeof byEye];
        const error = Math.hypot(found.x - point.x, found.y - point.y);
        expect({ feature, near: error <= MAX_POINT_ERROR }).toEqual({ feature, near: true });
      }
    },
  );

  it.each(['coffee.png', 'chelsea.png'])('finds no face in %s (a cup, a cat)', async (name) => {
    expect(await (await nodeFaceDetector()).detect(readPhoto(name))).toEqual([]);
  });

  it('finds the face in pictures the face fills (ORL s1–s10, first picture each: found inside a grey border)', async () => {
    const detector = await nodeFaceDetector();
    for (let subject = 1; subject <= 10; subject++) {
      const picture = decodeImage(new Uint8Array(fs.readFileSync(orlPath(subject, 1))));
      const faces = await detector.detect(picture);
      expect({ subject, found: faces.length }).toEqual({ subject, found: 1 });
      // An ORL face fills the picture's width below the hair line: its lower three quarters.
      const face = { left: 0, top: picture.height / 4, width: picture.width, height: (3 * picture.height) / 4 };
      expect({ subject, onFace: boxIoU(faces[0], face) > 0.5 }).toEqual({ subject, onFace: true });
    }
  });

  it('finds the face in a photo larger than the detector looks at (found on a smaller copy, box scaled back)', async () => {
    const side = 1400;
    const big = resizeArea(readPhoto('astronaut.png'), side, side);
    const faces = await (await nodeFaceDetector()).detect(big);
    const { left, top, width, height } = FACES_BY_EYE['astronaut.png'];
    const scaled = {
      left: (left * side) / 512,
      top: (top * side) / 512,
      width: (width * side) / 512,
      height: (height * side) / 512,
    };
    expect(faces).toHaveLength(1);
    expect(boxIoU(faces[0], scaled)).toBeGreaterThan(MIN_IOU);
  });
});

describe('the command line crop', () => {
  const size = { width: 28, height: 28 };

  it('--crop face cuts the square placed by the eyes and mouth, then area-resizes it', async () => {
    const photo = readPhoto('astronaut.png');
    const face = largestFace(await (await nodeFaceDetector()).detect(photo));
    const expected = resizeArea(cropImage(photo, faceCropRect(face!, photo.width, photo.height)), 28, 28);
    const read = await readPictureFile(photoPath('astronaut.png'), size, 'face');
    expect(read.noFace).toBe(false);
    expect(base64ToBytes(read.picture.rgbBase64)).toEqual(expected.data);
    // The square holds the face drawn by eye and is not the centred square of the whole photo.
    const rect = faceCropRect(face!, photo.width, photo.height);
    expect(boxIoU(rect, FACES_BY_EYE['astronaut.png'])).toBeGreaterThan(0.5);
    expect(rect.width).toBeLessThan(200);
  });

  it('falls back to the centred square, and says so, when there is no face', async () => {
    const photo = readPhoto('coffee.png');
    const read = await readPictureFile(photoPath('coffee.png'), size, 'face');
    expect(read.noFace).toBe(true);
    expect(base64ToBytes(read.picture.rgbBase64)).toEqual(
      resizeArea(cropImage(photo, squareCropRect(photo.width, photo.height)), 28, 28).data,
    );
  });

  it('--crop centre never looks for a face', async () => {
    const read = await readPictureFile(photoPath('astronaut.png'), size, 'centre');
    expect(read.noFace).toBe(false);
    const photo = readPhoto('astronaut.png');
    expect(base64ToBytes(read.picture.rgbBase64)).toEqual(resizeArea(photo, 28, 28).data);
  });
});
