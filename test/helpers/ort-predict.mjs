/**
 * Runs an ONNX model with onnxruntime-web's WebAssembly build (one thread) and prints the first output as
 * JSON. A separate Node process, because the runtime loads its WebAssembly glue with a dynamic import that
 * Jest's module system does not allow.
 *   node ort-predict.mjs MODEL.onnx INPUT.json   (INPUT: { "dims": [...], "data": [...] })
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;
const [modelPath, inputPath] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputPath, 'utf8'));
const session = await ort.InferenceSession.create(readFileSync(modelPath));
const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(input.data), input.dims) };
const results = await session.run(feeds);
const output = results[session.outputNames[0]];
process.stdout.write(
  JSON.stringify({ name: session.outputNames[0], dims: output.dims, data: Array.from(output.data) }),
);
