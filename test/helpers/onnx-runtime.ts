/** ONNX Runtime (onnxruntime-web's WebAssembly build) as the independent reference for ONNX files. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Tensor } from '../../src/core/types';

export interface OrtOutput {
  readonly name: string;
  readonly dims: number[];
  readonly data: number[];
}

/** Runs the model on a batch of CHW pictures (NCHW input) and returns its first output. */
export function runOnnx(model: Uint8Array, pictures: readonly Tensor[]): OrtOutput {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheet-cnn-onnx-'));
  const modelPath = path.join(dir, 'model.onnx');
  const inputPath = path.join(dir, 'input.json');
  fs.writeFileSync(modelPath, model);
  const data = pictures.flatMap((p) => Array.from(p.data));
  fs.writeFileSync(inputPath, JSON.stringify({ dims: [pictures.length, ...pictures[0].shape], data }));
  const stdout = execFileSync(process.execPath, [path.join(__dirname, 'ort-predict.mjs'), modelPath, inputPath], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return JSON.parse(stdout) as OrtOutput;
}
