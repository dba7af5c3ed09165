/**
 * The face detector, loaded the first time a face is needed: its script (~1.5 MB: TensorFlow.js, face-api,
 * the weights and the WebAssembly code) comes from the add-on's own files through the server, so the sidebar
 * itself stays small and opens fast, and no picture or request leaves for another site. The script is pushed
 * in parts (src/shared/script-parts.ts): the first says how many there are, and the rest are fetched at once.
 */
import type { FaceDetector } from '../../src/face/detector';
import type { FaceBox } from '../../src/image/face-crop';
import type { RgbImage } from '../../src/image/rgb';
import { joinScriptParts } from '../../src/shared/script-parts';
import { call } from '../rpc';
import type { FaceDetectorGlobal } from './detector-script';

let loading: Promise<FaceDetector> | null = null;

async function load(): Promise<FaceDetector> {
  const first = await call('getFaceDetectorPart', 1);
  const rest = await Promise.all(Array.from({ length: first.parts - 1 }, (_, i) => call('getFaceDetectorPart', i + 2)));
  const text = joinScriptParts([first, ...rest]);
  const script = document.createElement('script');
  script.textContent = text;
  document.head.append(script);
  script.remove();
  const global = (window as unknown as { SheetCnnFaceDetector?: FaceDetectorGlobal }).SheetCnnFaceDetector;
  if (global === undefined)
    throw new Error('The face detector script did not start; reload the sidebar (after updating the add-on).');
  return global.create();
}

/** Loading and one detection take a few seconds at most; an error inside the library could leave them hanging. */
const GIVE_UP_MS = 60_000;

function withinTime<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${GIVE_UP_MS / 1000} s`)), GIVE_UP_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The faces in `image`; the detector is loaded on the first call (a failed load is tried again next time). */
export async function findFaces(image: RgbImage): Promise<FaceBox[]> {
  if (loading === null) {
    loading = load();
    loading.catch(() => {
      loading = null;
    });
  }
  return withinTime(loading.then((detector) => detector.detect(image)));
}
