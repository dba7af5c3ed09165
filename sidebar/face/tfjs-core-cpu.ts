/**
 * What face-api's unbundled build imports as "@tensorflow/tfjs", cut down for the detector script: the core
 * (tensors, ops, weight decoding) with its chained tensor methods (face-api calls tensor.as3D() and the like),
 * and the pure-JS CPU backend as the fallback. The layers, converter and data packages of the full tfjs are
 * not used by the TinyFaceDetector and would add ~1 MB.
 */
export * from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
