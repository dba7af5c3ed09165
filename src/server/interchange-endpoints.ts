/**
 * Endpoints behind the model files and the dataset archive: the sidebar makes and reads the files (TF.js,
 * ONNX, zip) in the browser; the server hands over the model as the sheets hold it, builds the sheets of an
 * imported model, and hands over the Dataset sheet page by page.
 */
import type { DatasetPage, ServerApi } from '../shared/api';
import { SHEETS_CELL_LIMIT } from '../shared/sheets-limits';
import { layerShapes } from '../core/spec';
import type { ModelSpec } from '../core/types';
import { fromTransfer, toTransfer } from '../interchange/transfer';
import { readDataset } from '../sheet/dataset-sheet';
import { findClass, readModelInfo } from '../sheet/model-info';
import { readInputImage } from '../sheet/model-params';
import { buildModel, readModel } from '../sheet/model-sheets';
import type { Host } from './host';
import { withModelLock } from './exclusive-change';
import { ensureModel, hasModel, MAX_CLASSES, pictureFor } from './model-state';
import { requireInteger, requireNameList } from './validate';

export type InterchangeEndpoints = Pick<ServerApi, 'exportModel' | 'importModel' | 'getDatasetPage'>;

/** Characters of pixel text per dataset page: a few MB keeps each google.script.run answer small. */
const PAGE_PIXEL_CHARS = 4_000_000;

/**
 * Cells the model's sheets take, roughly: the picture twice (R, G, B and Input), every map three times
 * (conv, ReLU, pool) and every weight twice (weights and gradients).
 */
function estimatedCells(spec: ModelSpec): number {
  const shapes = layerShapes(spec);
  const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);
  let cells = 2 * size(shapes.input);
  shapes.blocks.forEach((block, i) => {
    const inChannels = i === 0 ? spec.input.channels : spec.blocks[i - 1].filters;
    cells += 2 * size(block.conv) + size(block.pool) + 2 * spec.blocks[i].filters * (inChannels * spec.blocks[i].kernel ** 2 + 1);
  });
  return cells + 2 * (shapes.flat[0] + 1) * spec.classes.length;
}

export function createInterchangeEndpoints(host: Host): InterchangeEndpoints {
  const workbook = host.workbook;
  return {
    exportModel() {
      if (!hasModel(workbook)) throw new Error('There is no model to export yet: build the model first.');
      const model = readModel(workbook);
      return toTransfer({ spec: model.spec, params: model.params });
    },

    importModel(transfer) {
      const model = fromTransfer(transfer);
      const classes = requireNameList(model.spec.classes, 'Classes of the imported model', 2, MAX_CLASSES);
      if (model.spec.input.channels !== 3) {
        throw new Error(`This model reads pictures of ${model.spec.input.channels} channel(s); the sheets hold R, G, B pictures. Import a model with a 3-channel input.`);
      }
      const cells = estimatedCells(model.spec);
      if (cells > SHEETS_CELL_LIMIT) {
        throw new Error(
          `This model needs about ${cells.toLocaleString('en-US')} cells, more than the ${SHEETS_CELL_LIMIT.toLocaleString('en-US')} a spreadsheet holds; ` +
            'import a smaller model (a smaller input or fewer filters).',
        );
      }
      return withModelLock(host, () => {
        ensureModel(workbook);
        const current = readModel(workbook);
        const spec = { ...model.spec, classes };
        const picture = pictureFor(spec, readInputImage(workbook, current.spec));
        const label = current.label >= 0 ? findClass(current.classes[current.label], classes) : -1;
        // The seed stays as recorded: it is what Reset weights draws from, not where these weights came from.
        buildModel(workbook, spec, model.params, picture, { mode: current.mode, seed: current.seed, label });
        return readModelInfo(workbook);
      });
    },

    getDatasetPage(start): DatasetPage {
      const dataset = readDataset(workbook);
      const total = dataset.rows.length;
      const from = requireInteger(start, 'Dataset page start', 0, total);
      const rows: DatasetPage['rows'] = [];
      let chars = 0;
      for (let i = from; i < total && (rows.length === 0 || chars + dataset.rows[i].pixels.length <= PAGE_PIXEL_CHARS); i++) {
        const { label, name, split, width, height, pixels } = dataset.rows[i];
        rows.push({ label, name, split, width, height, pixels });
        chars += pixels.length;
      }
      const next = from + rows.length;
      return { total, rows, nextStart: next < total ? next : null };
    },
  };
}
