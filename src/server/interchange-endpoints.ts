/**
 * Endpoints behind the model files and the dataset archive: the sidebar makes and reads the files (TF.js,
 * ONNX, zip) in the browser; the server hands over the model as the sheets hold it, builds the sheets of an
 * imported model, and hands over the Dataset sheet page by page.
 */
import type { DatasetPage, ServerApi } from '../shared/api';
import { fromTransfer, toTransfer } from '../interchange/transfer';
import { readDataset } from '../sheet/dataset-sheet';
import { findClass } from '../core/spec';
import { readModelInfo } from '../sheet/model-sheet';
import { readInputImage } from '../sheet/input-picture-sheets';
import { buildModel, readModel } from '../sheet/whole-model';
import type { Host } from './host';
import { withModelLock } from './model-lock';
import { ensureModel, hasModel, MAX_CLASSES, pictureFor } from './model-state';
import { requireInteger, requireNameList } from './validate';

export type InterchangeEndpoints = Pick<ServerApi, 'exportModel' | 'importModel' | 'getDatasetPage'>;

/** Characters of pixel text per dataset page: a few MB keeps each google.script.run answer small. */
const PAGE_PIXEL_CHARS = 4_000_000;

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
        throw new Error(
          `This model reads pictures of ${model.spec.input.channels} channel(s); the sheets hold R, G, B pictures. Import a model with a 3-channel input.`,
        );
      }
      return withModelLock(host, () => {
        ensureModel(workbook);
        const current = readModel(workbook);
        const spec = { ...model.spec, classes };
        const picture = pictureFor(spec, readInputImage(workbook, current.spec));
        // buildModel refuses, before writing anything, a model whose sheets would not fit a spreadsheet.
        const label = current.label >= 0 ? findClass(current.classes[current.label], classes) : -1;
        // The seed stays as recorded: it is what Reset weights draws from, not where these weights came from.
        buildModel(workbook, spec, model.params, picture, {
          mode: current.mode,
          seed: current.seed,
          label,
          sherlock: current.sherlock,
        });
        return readModelInfo(workbook);
      });
    },

    getDatasetPage(start): DatasetPage {
      const dataset = readDataset(workbook);
      const total = dataset.rows.length;
      const from = requireInteger(start, 'Dataset page start', 0, total);
      const rows: DatasetPage['rows'] = [];
      let chars = 0;
      for (
        let i = from;
        i < total && (rows.length === 0 || chars + dataset.rows[i].pixels.length <= PAGE_PIXEL_CHARS);
        i++
      ) {
        const { label, name, split, width, height, pixels } = dataset.rows[i];
        rows.push({ label, name, split, width, height, pixels });
        chars += pixels.length;
      }
      const next = from + rows.length;
      return { total, rows, nextStart: next < total ? next : null };
    },
  };
}
