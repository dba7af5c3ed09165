/**
 * The Dataset sheet's pictures as the engine's examples, split into train and test, with a fingerprint of
 * the training pictures so a run notices when they change between calls.
 */
import type { Example, ModelSpec } from '../core/types';
import { toModelTensor } from '../image/tensor';
import { decodePixels } from '../shared/pixels';
import type { Dataset, StoredDatasetRow } from '../sheet/dataset-sheet';
import { DATASET_SHEET } from '../sheet/dataset-sheet';
import { fnv1a } from '../shared/fnv1a';
import { findClass } from '../core/spec';
import { encodingProblem } from './picture';

export interface TrainingData {
  readonly train: Example[];
  readonly test: Example[];
  /** Changes when a training picture is added, removed, relabelled or moved between splits. */
  readonly trainKey: string;
}

/** Class index of a row's label, matched as everywhere else (see findClass). */
function labelIndex(row: StoredDatasetRow, classes: readonly string[]): number {
  const k = findClass(row.label, classes);
  if (k >= 0) return k;
  throw new Error(
    `${DATASET_SHEET} row ${row.sheetRow}: picture "${row.name}" is labelled "${row.label}", which is not one of the model's classes ` +
      `(${classes.join(', ')}); correct the label, add the class in the Dataset panel, or delete the row, then try again.`,
  );
}

/** A stored picture as the model's input: area-resized from its stored size and turned grey for a grey model. */
function toExample(row: StoredDatasetRow, spec: ModelSpec): Example {
  const { width, height, channels } = spec.input;
  let rgb: Uint8Array;
  try {
    rgb = decodePixels(row.pixels, row.width, row.height);
  } catch (error) {
    const message =
      `${DATASET_SHEET} row ${row.sheetRow}: the pixels of picture "${row.name}" cannot be read: ${encodingProblem(error)} ` +
      `The cell was edited or cut short; delete the row and add the picture again, then try again.`;
    throw Object.assign(new Error(message), { cause: error });
  }
  const image = toModelTensor(
    { width: row.width, height: row.height, data: rgb },
    channels === 1 ? 1 : 3,
    width,
    height,
  );
  return { image, label: labelIndex(row, spec.classes) };
}

/** The count and FNV-1a of the training rows' labels and content hashes, in sheet order. */
function fingerprint(rows: readonly StoredDatasetRow[]): string {
  const hash = fnv1a(rows.map((row) => `${row.label}\u0000${row.hash}\u0001`).join(''));
  return `${rows.length}:${hash.toString(16).padStart(8, '0')}`;
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
