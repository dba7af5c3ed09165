/**
 * The demo's --export-* flags: the model as the sheets hold it, written as TensorFlow.js Layers files or
 * ONNX, and the Dataset sheet as an image-folder archive, with the same code the sidebar uses.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { DatasetRowTransfer, ServerApi } from '../../shared/api';
import { datasetArchive } from '../../interchange/dataset-archive';
import { exportOnnx } from '../../interchange/onnx-export';
import { exportTfjs, TFJS_MODEL_FILE, TFJS_WEIGHTS_FILE } from '../../interchange/tfjs-export';
import { fromTransfer } from '../../interchange/transfer';

export interface ExportTargets {
  readonly exportTfjs?: string;
  readonly exportOnnx?: string;
  readonly exportDataset?: string;
}

/** Every picture row of the Dataset sheet, page by page as the sidebar reads them. */
export function allDatasetRows(api: ServerApi): DatasetRowTransfer[] {
  const rows: DatasetRowTransfer[] = [];
  for (let start: number | null = 0; start !== null;) {
    const page = api.getDatasetPage(start);
    rows.push(...page.rows);
    start = page.nextStart;
  }
  return rows;
}

/** Writes what `targets` asks for and returns one line per file written. */
export function writeExports(api: ServerApi, targets: ExportTargets): string[] {
  const lines: string[] = [];
  if (targets.exportTfjs || targets.exportOnnx) {
    const model = fromTransfer(api.exportModel());
    if (targets.exportTfjs) {
      const files = exportTfjs(model);
      fs.mkdirSync(targets.exportTfjs, { recursive: true });
      fs.writeFileSync(path.join(targets.exportTfjs, TFJS_MODEL_FILE), files.modelJson);
      fs.writeFileSync(path.join(targets.exportTfjs, TFJS_WEIGHTS_FILE), files.weightsBin);
      lines.push(
        `Wrote ${path.join(targets.exportTfjs, TFJS_MODEL_FILE)} and ${TFJS_WEIGHTS_FILE} (${files.weightsBin.length} bytes of float32 weights).`,
      );
    }
    if (targets.exportOnnx) {
      const bytes = exportOnnx(model);
      fs.mkdirSync(path.dirname(targets.exportOnnx), { recursive: true });
      fs.writeFileSync(targets.exportOnnx, bytes);
      lines.push(`Wrote ${targets.exportOnnx} (ONNX, ${bytes.length} bytes).`);
    }
  }
  if (targets.exportDataset) {
    const rows = allDatasetRows(api);
    const { zip } = datasetArchive(rows, api.getModelInfo().classes);
    fs.mkdirSync(path.dirname(targets.exportDataset), { recursive: true });
    fs.writeFileSync(targets.exportDataset, zip);
    lines.push(
      `Wrote ${targets.exportDataset}: ${rows.length} pictures in train/ and test/ folders by class, with labels.csv.`,
    );
  }
  return lines;
}
