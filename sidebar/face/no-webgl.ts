/**
 * Stands in for TensorFlow.js's WebGL backend in the detector script: the WebAssembly backend is fast enough
 * for one photo at a time (~0.1–0.3 s), works the same in every browser, and WebGL would add ~500 KB.
 */
export {};
