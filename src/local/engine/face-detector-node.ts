/**
 * The face detector in Node: face-api's Node build on TensorFlow.js's WebAssembly backend (its .wasm files
 * ship inside @tensorflow/tfjs-backend-wasm; ~10× faster than the pure-JS CPU backend, which is the fallback),
 * with the weights (face detector and landmarks) read from the face-api package. Loaded once, on first use.
 */
import { readFileSync } from 'node:fs';
import { createFaceDetector, FaceApiModule, FaceDetector } from '../../face/detector';

let loading: Promise<FaceDetector> | null = null;

/** The one detector of this process. */
export function nodeFaceDetector(): Promise<FaceDetector> {
  if (loading === null) {
    // Required lazily: TensorFlow.js takes a second to load, and most commands never need it.
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;
    // Production mode: no console advice about installing TensorFlow.js's native Node backend.
    faceapi.tf.ENV.set('PROD', true);
    const read = (file: string): Uint8Array =>
      new Uint8Array(readFileSync(require.resolve(`@vladmandic/face-api/model/${file}`)));
    const weights = {
      boxes: read('tiny_face_detector_model.bin'),
      landmarks: read('face_landmark_68_tiny_model.bin'),
    };
    loading = createFaceDetector(faceapi, weights, ['wasm', 'cpu']);
  }
  return loading;
}
