/**
 * The Dataset sheet's pictures as the engine's examples, split into train and test, with a fingerprint of
 * the training pictures so a run notices when they change between calls.
 */
import type { Example, ModelSpec } from '../core/types';
import { toChwTensor } from '../image/tensor';
import { decodePixels } from '../shared/pixels';
import type { Dataset, StoredDatasetRow } from '../sheet/dataset-sheet';
import { DATASET_SHEET } from '../sheet/dataset-sheet';

export interface TrainingData {
  readonly train: Example[];
  readonly test: Example[];
  /** Changes when a training picture is added, removed, relabelled or moved between splits. */
  readonly trainKey: string;
}

/** Class index of a row's label: the exact name, else the same name in other case (as the Model sheet reads labels). */
function labelIndex(row: StoredDatasetRow, classes: readonly string[]): number {
  const exact = classes.indexOf(row.label);
  if (exact >= 0) return exact;
  const loose = classes.findIndex((name) => name.toLowerCase() === row.label.toLowerCase());
  if (loose >= 0) return loose;
  throw new Error(
    `${DATASET_SHEET} row ${row.sheetRow}: picture "${row.name}" is labelled "${row.label}", which is not one of the model's classes ` +
      `(${classes.join(', ')}); add that class or remove its pictures, then train again.`,
  );
}

function toExample(row: StoredDatasetRow, spec: ModelSpec): Example {
  const { width, height } = spec.input;
  if (row.width !== width || row.height !== height) {
    throw new Error(
      `${DATASET_SHEET} row ${row.sheetRow}: picture "${row.name}" is ${row.width}×${row.height} pixels but the model takes ` +
        `${width}×${height}; remove it and add it again so it is resized for this model.`,
    );
  }
  let rgb: Uint8Array;
  try {
    rgb = decodePixels(row.pixels, row.width, row.height);
  } catch (error) {
    throw Object.assign(new Error(`${DATASET_SHEET} row ${row.sheetRow}: picture "${row.name}": ${(error as Error).message}`), { cause: error });
  }
  return { image: toChwTensor({ width, height, data: rgb }), label: labelIndex(row, spec.classes) };
}

/** FNV-1a (32-bit) of the training rows' labels and content hashes, in sheet order. */
function fingerprint(rows: readonly StoredDatasetRow[]): string {
  let hash = 0x811c9dc5;
  for (const row of rows) {
    const text = `${row.label}\u0000${row.hash}\u0001`;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return `${rows.length}:${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

/** Train and test examples; throws a message naming the row when a picture does not fit the model. */
export function trainingData(dataset: Dataset, spec: ModelSpec): TrainingData {
  const trainRows = dataset.rows.filter((row) => row.split === 'train');
  const testRows = dataset.rows.filter((row) => row.split === 'test');
  return {
    train: trainRows.map((row) => toExample(row, spec)),
    test: testRows.map((row) => toExample(row, spec)),
    trainKey: fingerprint(trainRows),
  };
}
