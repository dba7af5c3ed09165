/**
 * Reading the files a person chose (or a .zip of them) into a model, and the bytes of each export. Kept apart
 * from the page so the rules are the same wherever the files come from.
 */
import { unzipSync, zipSync } from 'fflate';
import type { DatasetRowTransfer, ModelTransfer } from '../../src/shared/api';
import { datasetArchive } from '../../src/interchange/dataset-archive';
import { exportOnnx } from '../../src/interchange/onnx-export';
import { importOnnx } from '../../src/interchange/onnx-import';
import { exportTfjs, TFJS_MODEL_FILE, TFJS_WEIGHTS_FILE } from '../../src/interchange/tfjs-export';
import { importTfjs } from '../../src/interchange/tfjs-import';
import { fromTransfer, toTransfer } from '../../src/interchange/transfer';

export interface NamedBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** The chosen files, with any .zip opened into the files it holds. */
function expandZips(files: readonly NamedBytes[]): NamedBytes[] {
  return files.flatMap((file) => {
    if (!/\.zip$/i.test(file.name)) return [file];
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(file.bytes);
    } catch (error) {
      throw Object.assign(
        new Error(`${file.name} is not a readable .zip (${(error as Error).message}); choose the files themselves`),
        { cause: error },
      );
    }
    return Object.entries(entries)
      .filter(([path]) => !path.endsWith('/') && !path.startsWith('__MACOSX/'))
      .map(([path, bytes]) => ({ name: baseName(path), bytes }));
  });
}

/** A model from the chosen files: one .onnx file, or one model.json (any name ending .json) with its weight files. */
export function modelFromFiles(chosen: readonly NamedBytes[]): ModelTransfer {
  const files = expandZips(chosen);
  const onnx = files.filter((f) => /\.onnx$/i.test(f.name));
  const json = files.filter((f) => /\.json$/i.test(f.name));
  if (onnx.length + json.length === 0)
    throw new Error('Choose a .onnx file, or a model.json together with its .bin weight files (or a .zip of them).');
  if (onnx.length + json.length > 1)
    throw new Error(`Choose one model at a time; these are ${[...onnx, ...json].map((f) => f.name).join(', ')}.`);
  if (onnx.length === 1) return toTransfer(importOnnx(onnx[0].bytes));
  const weights = new Map(files.filter((f) => !/\.json$/i.test(f.name)).map((f) => [f.name, f.bytes]));
  return toTransfer(importTfjs(new TextDecoder().decode(json[0].bytes), weights));
}

export function tfjsZip(model: ModelTransfer): Uint8Array {
  const files = exportTfjs(fromTransfer(model));
  return zipSync({
    [TFJS_MODEL_FILE]: new TextEncoder().encode(files.modelJson),
    [TFJS_WEIGHTS_FILE]: files.weightsBin,
  });
}

export function onnxFile(model: ModelTransfer): Uint8Array {
  return exportOnnx(fromTransfer(model));
}

export function datasetZip(rows: readonly DatasetRowTransfer[], classes: readonly string[]): Uint8Array {
  return datasetArchive(rows, classes).zip;
}
