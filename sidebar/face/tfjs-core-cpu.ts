/**
 * What face-api's unbundled build imports as "@tensorflow/tfjs", cut down for the detector script: the core
 * (tensors, ops, weight decoding) and the pure-JS CPU backend as the fallback. The layers, converter and data
 * packages of the full tfjs are not used by the TinyFaceDetector and would add ~1 MB.
 */
export * from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
