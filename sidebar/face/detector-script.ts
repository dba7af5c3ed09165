/**
 * The face detector as a script the sidebar loads only when it needs a face (dist/FaceDetector.html, served
 * from the add-on's own files): face-api's TinyFaceDetector and tiny landmark network, TensorFlow.js with its
 * WebAssembly backend, the .wasm code and the weights, all inlined, so nothing is fetched from the network. It
 * defines window.SheetCnnFaceDetector.
 */
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm/dist/index.js';
import boxes from '@vladmandic/face-api/model/tiny_face_detector_model.bin';
import landmarks from '@vladmandic/face-api/model/face_landmark_68_tiny_model.bin';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
import { createFaceDetector } from '../../src/face/detector';
import type { FaceDetector } from '../../src/face/detector';

export interface FaceDetectorGlobal {
  create(): Promise<FaceDetector>;
}

// The WebAssembly code comes from this script, not from a URL; browsers without SIMD use the CPU backend.
const wasmUrl = URL.createObjectURL(new Blob([simdWasm], { type: 'application/wasm' }));
setWasmPaths({
  'tfjs-backend-wasm-simd.wasm': wasmUrl,
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmUrl,
});
(faceapi.tf as unknown as { env(): { set(flag: string, value: boolean): void } })
  .env()
  .set('WASM_HAS_MULTITHREAD_SUPPORT', false);

const global: FaceDetectorGlobal = { create: () => createFaceDetector(faceapi, { boxes, landmarks }, ['wasm', 'cpu']) };
(window as unknown as { SheetCnnFaceDetector: FaceDetectorGlobal }).SheetCnnFaceDetector = global;
