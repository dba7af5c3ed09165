/**
 * The Model files dialog: export the model as TensorFlow.js or ONNX and the dataset as an image-folder zip,
 * all made here in the browser from what the server reads off the sheets; import a model file into the sheets.
 */
import { byId, clearMessage, errorText, showMessage, whileBusy } from '../dom';
import { call } from '../rpc';
import type { DatasetPage, DatasetRowTransfer } from '../../src/shared/api';
import { datasetZip, modelFromFiles, onnxFile, tfjsZip } from './model-files';
import type { NamedBytes } from './model-files';
import { downloadBytes } from './download';

const message = byId('files-message', HTMLDivElement);
const exportTfjsButton = byId('export-tfjs', HTMLButtonElement);
const exportOnnxButton = byId('export-onnx', HTMLButtonElement);
const exportDatasetButton = byId('export-dataset', HTMLButtonElement);
const importInput = byId('import-files', HTMLInputElement);
const importButton = byId('import-button', HTMLButtonElement);
const buttons = [exportTfjsButton, exportOnnxButton, exportDatasetButton, importButton];

/** Runs an action with the buttons disabled, showing its result or its error. */
function run(action: () => Promise<string>): void {
  clearMessage(message);
  void whileBusy(buttons, action).then(
    (text) => showMessage(message, 'success', text),
    (error: unknown) => showMessage(message, 'error', errorText(error)),
  );
}

exportTfjsButton.addEventListener('click', () =>
  run(async () => {
    const model = await call('exportModel');
    downloadBytes('sheet-cnn-tfjs.zip', tfjsZip(model), 'application/zip');
    return 'Saved sheet-cnn-tfjs.zip (model.json and weights.bin). Unzip it and load model.json with tf.loadLayersModel.';
  }),
);

exportOnnxButton.addEventListener('click', () =>
  run(async () => {
    const model = await call('exportModel');
    downloadBytes('sheet-cnn.onnx', onnxFile(model), 'application/octet-stream');
    return 'Saved sheet-cnn.onnx (opset 13). Its input "pixels" takes N × 3 × height × width values from 0 to 255.';
  }),
);

exportDatasetButton.addEventListener('click', () =>
  run(async () => {
    const rows: DatasetRowTransfer[] = [];
    for (let start: number | null = 0; start !== null;) {
      const page: DatasetPage = await call('getDatasetPage', start);
      rows.push(...page.rows);
      start = page.nextStart;
    }
    if (rows.length === 0)
      throw new Error('The Dataset sheet has no pictures yet: add some on the sidebar’s Dataset tab first.');
    const info = await call('getModelInfo');
    downloadBytes('sheet-cnn-dataset.zip', datasetZip(rows, info.classes), 'application/zip');
    return `Saved sheet-cnn-dataset.zip: ${rows.length} pictures in train/ and test/ folders by class, with labels.csv.`;
  }),
);

async function chosenFiles(): Promise<NamedBytes[]> {
  const files = Array.from(importInput.files ?? []);
  if (files.length === 0) throw new Error('Choose the model files first.');
  return Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}

// Importing replaces the trained weights in the sheets, so it takes a second click to confirm.
let armed = false;
importButton.addEventListener('click', () => {
  if (!armed) {
    armed = true;
    importButton.textContent = 'Replace the current model? Click again';
    return;
  }
  armed = false;
  importButton.textContent = 'Import into the sheets';
  run(async () => {
    const model = modelFromFiles(await chosenFiles());
    const info = await call('importModel', model);
    return `Imported: ${model.spec.blocks.length} conv block(s), ${info.inputWidth}×${info.inputHeight} input, classes ${info.classes.join(', ')}. Run the forward pass to see its prediction.`;
  });
});
importInput.addEventListener('change', () => {
  armed = false;
  importButton.textContent = 'Import into the sheets';
});
