/**
 * Finding faces with face-api's TinyFaceDetector and their eyes and mouth with its tiny 68-point landmark
 * network (two small pretrained networks, 193 KB and 77 KB of weights that ship inside the @vladmandic/face-api
 * package; nothing is downloaded). The caller passes the face-api module and the weights files' bytes, so the
 * same code runs in the sidebar's lazily loaded script and in Node.
 */
import type * as FaceApi from '@vladmandic/face-api';
import boxesManifest from '@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json';
import landmarksManifest from '@vladmandic/face-api/model/face_landmark_68_tiny_model-weights_manifest.json';
import { resizeArea } from '../image/resize';
import type { RgbImage } from '../image/rgb';
import type { FaceBox, Point } from '../image/face-crop';

export type FaceApiModule = typeof FaceApi;

/** The weights files' bytes: the face detector's and the landmark network's. */
export interface FaceDetectorWeights {
  readonly boxes: Uint8Array;
  readonly landmarks: Uint8Array;
}

export interface FaceDetector {
  /** Every face found, in the picture's own pixels, largest confidence first. */
  detect(image: RgbImage): Promise<FaceBox[]>;
  /** The TensorFlow.js backend the detector runs on ('wasm', 'cpu', …). */
  readonly backend: string;
}

/**
 * The detector's input sides, tried in turn until one finds a face: 416 is face-api's default; a face the
 * grid cuts badly at one scale is often found at another (of 118 celebrity photos, 6 had no face at 416
 * alone, 1 after trying 320 and 608 too). Pictures with a face pay for one pass, those without for six
 * (three more inside a border, see BORDER_FRACTION).
 */
export const DETECTOR_INPUT_SIZES: readonly number[] = [416, 320, 608];
/** Boxes below this confidence are not faces (face-api's default). */
export const MIN_FACE_SCORE = 0.5;
/**
 * Pictures are scaled to this longer side before detection: the detector sees 416 pixels anyway, and a
 * 12-megapixel photo as a tensor would take ~150 MB.
 */
const MAX_DETECTION_SIDE = 1024;
/**
 * A face that fills the whole picture (a passport-style or already cropped portrait) is often missed: the
 * detector learnt faces with some surroundings. When no pass finds a face, the passes are tried again on the
 * picture inside a mid-grey border this fraction of its longer side wide. ORL's 92×112 faces: a face is
 * found in 51 of 100 without the border; with it, in 100 (and in 92 with the 416 pass alone).
 */
const BORDER_FRACTION = 0.5;
const BORDER_LEVEL = 128;

/** `image` inside a border of `border` pixels of grey `level` on every side. */
function withBorder(image: RgbImage, border: number, level: number): RgbImage {
  const width = image.width + 2 * border;
  const height = image.height + 2 * border;
  const data = new Uint8Array(width * height * 3).fill(level);
  const row = image.width * 3;
  for (let y = 0; y < image.height; y++)
    data.set(image.data.subarray(y * row, (y + 1) * row), ((y + border) * width + border) * 3);
  return { width, height, data };
}

function weightMap(faceapi: FaceApiModule, bytes: Uint8Array, manifest: typeof boxesManifest) {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return faceapi.tf.io.decodeWeights(buffer, manifest[0].weights as FaceApi.tf.io.WeightsManifestEntry[]);
}

function centre(points: readonly FaceApi.Point[]): Point {
  let x = 0;
  let y = 0;
  for (const point of points) {
    x += point.x;
    y += point.y;
  }
  return { x: x / points.length, y: y / points.length };
}

/**
 * Loads the weights (decoded with the manifests that ship beside them) into face-api's TinyFaceDetector and
 * tiny landmark network.
 */
export async function createFaceDetector(
  faceapi: FaceApiModule,
  weights: FaceDetectorWeights,
  backends: readonly string[],
): Promise<FaceDetector> {
  const { tf } = faceapi;
  // face-api's bundled type declarations leave out TensorFlow.js's backend functions, which it does export.
  const engine = tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void> };
  let backend = '';
  for (const name of backends) {
    try {
      if (await engine.setBackend(name)) {
        await engine.ready();
        backend = name;
        break;
      }
    } catch {
      // Not available here (e.g. no WebAssembly): try the next one.
    }
  }
  if (backend === '')
    throw new Error(
      `None of the TensorFlow.js backends ${backends.join(', ')} could start, so faces cannot be found here.`,
    );
  faceapi.nets.tinyFaceDetector.loadFromWeightMap(weightMap(faceapi, weights.boxes, boxesManifest));
  faceapi.nets.faceLandmark68TinyNet.loadFromWeightMap(weightMap(faceapi, weights.landmarks, landmarksManifest));
  const passes = DETECTOR_INPUT_SIZES.map(
    (inputSize) => new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold: MIN_FACE_SCORE }),
  );

  return {
    backend,
    async detect(image: RgbImage): Promise<FaceBox[]> {
      const scale = Math.min(1, MAX_DETECTION_SIDE / Math.max(image.width, image.height));
      const seen =
        scale < 1
          ? resizeArea(
              image,
              Math.max(1, Math.round(image.width * scale)),
              Math.max(1, Math.round(image.height * scale)),
            )
          : image;
      type Found = { detection: FaceApi.FaceDetection; landmarks: FaceApi.FaceLandmarks68 };
      const find = async (picture: RgbImage): Promise<Found[]> => {
        const input = tf.tensor3d(picture.data, [picture.height, picture.width, 3], 'int32');
        try {
          for (const option of passes) {
            // true: the tiny landmark network.
            const found = await faceapi.detectAllFaces(input, option).withFaceLandmarks(true);
            if (found.length > 0) return found;
          }
          return [];
        } finally {
          input.dispose();
        }
      };
      let border = 0;
      let found = await find(seen);
      if (found.length === 0) {
        border = Math.round(BORDER_FRACTION * Math.max(seen.width, seen.height));
        found = await find(withBorder(seen, border, BORDER_LEVEL));
      }
      const sx = image.width / seen.width;
      const sy = image.height / seen.height;
      const inPicture = ({ x, y }: Point): Point => ({ x: (x - border) * sx, y: (y - border) * sy });
      return found
        .map(({ detection: { box, score }, landmarks }) => {
          const corner = inPicture(box);
          return {
            left: corner.x,
            top: corner.y,
            width: box.width * sx,
            height: box.height * sy,
            score,
            landmarks: {
              leftEye: inPicture(centre(landmarks.getLeftEye())),
              rightEye: inPicture(centre(landmarks.getRightEye())),
              mouth: inPicture(centre(landmarks.getMouth())),
            },
          };
        })
        .sort((a, b) => b.score - a.score);
    },
  };
}
