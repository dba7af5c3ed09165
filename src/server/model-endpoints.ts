/**
 * The sidebar's model endpoints: what the model is, building it, putting a picture in, choosing the label
 * and running the forward pass on the weights as people left them in the sheets.
 */
import { layersFromJson, PRESET_NAMES, presetLayers } from '../core/architecture';
import type { ModelLayers } from '../core/architecture';
import type { FormulaMode, ServerApi, SpecName } from '../shared/api';
import { toModelTensor } from '../image/tensor';
import { FORMULA_MODES, readModelInfo, readModelSheet, writeLabel } from '../sheet/model-sheet';
import { readInputImage, writeInputImage } from '../sheet/input-picture-sheets';
import { buildModel, readModel, runForward } from '../sheet/whole-model';
import type { Workbook } from '../sheet/workbook';
import type { Host } from './host';
import { withModelLock } from './model-lock';
import { ensureModel, MAX_CLASSES, rebuildModel } from './model-state';
import type { RebuildRequest } from './model-state';
import { requirePicture } from './picture';
import { PICTURE_LAYOUTS, writePictureSheets } from '../sheet/picture-sheets';
import { readModelStamp } from './model-stamp';
import { MAX_SEED, requireChoice, requireInteger, requireNameList, requireRecord } from './validate';

export type ModelEndpoints = Pick<
  ServerApi,
  | 'getModelInfo'
  | 'getModelStamp'
  | 'buildModel'
  | 'setFormulaMode'
  | 'importImage'
  | 'importPictureOnly'
  | 'setLabel'
  | 'runForwardPass'
>;

/** The request's layers: a preset's (specName) or the user's own (layers), exactly one of them. */
function requestedLayers(fields: Record<string, unknown>): ModelLayers {
  if ((fields.specName === undefined) === (fields.layers === undefined)) {
    throw new Error(
      'Build model request: give either a preset name (specName) or your own layers (layers), not both or neither',
    );
  }
  if (fields.specName !== undefined)
    return presetLayers(requireChoice<SpecName>(fields.specName, 'Preset network (specName)', PRESET_NAMES));
  return layersFromJson(requireRecord(fields.layers, 'Layers'));
}

function parseBuildRequest(value: unknown): RebuildRequest {
  const fields = requireRecord(value, 'Build model request');
  const classes = fields.classes === undefined ? undefined : requireNameList(fields.classes, 'Classes', 2, MAX_CLASSES);
  if (fields.articleWeights !== undefined && typeof fields.articleWeights !== 'boolean') {
    throw new Error(`Article's filters (articleWeights) is ${String(fields.articleWeights)}; expected true or false`);
  }
  if (fields.sherlock !== undefined && typeof fields.sherlock !== 'boolean') {
    throw new Error(`Sherlock story (sherlock) is ${String(fields.sherlock)}; expected true or false`);
  }
  return {
    layers: requestedLayers(fields),
    mode: requireChoice<FormulaMode>(fields.mode, 'Formula mode', FORMULA_MODES),
    seed: requireInteger(fields.seed, 'Seed', 0, MAX_SEED),
    ...(classes ? { classes } : {}),
    articleWeights: fields.articleWeights === true,
    ...(typeof fields.sherlock === 'boolean' ? { sherlock: fields.sherlock } : {}),
  };
}

const NO_MODEL = 'There is no model yet: import a picture or build the model first.';

/**
 * In values mode a change is followed by a forward pass that rewrites the step sheets; reading the weights
 * first means a weight cell holding text refuses the change before anything is written, rather than leaving
 * the new picture or label beside step sheets computed for the old one.
 */
function assertValuesCanBeRecomputed(workbook: Workbook, mode: FormulaMode): void {
  if (mode === 'values') readModel(workbook);
}

export function createModelEndpoints(host: Host): ModelEndpoints {
  const workbook = host.workbook;

  return {
    getModelInfo: () => readModelInfo(workbook),

    getModelStamp: () => readModelStamp(workbook),

    buildModel(request) {
      const checked = parseBuildRequest(request);
      return withModelLock(host, () => rebuildModel(workbook, checked));
    },

    setFormulaMode(mode) {
      const checked = requireChoice<FormulaMode>(mode, 'Formula mode', FORMULA_MODES);
      return withModelLock(host, () => {
        if (!readModelInfo(workbook).exists) throw new Error(NO_MODEL);
        const model = readModel(workbook);
        const image = readInputImage(workbook, model.spec);
        buildModel(workbook, model.spec, model.params, image, {
          mode: checked,
          seed: model.seed,
          label: model.label,
          sherlock: model.sherlock,
        });
        return readModelInfo(workbook);
      });
    },

    importImage(picture) {
      return withModelLock(host, () => {
        const info = readModelInfo(workbook);
        const { width, height, channels } = info.layers.input;
        const image = toModelTensor(
          requirePicture(picture, 'Picture', { width, height }).image,
          channels === 1 ? 1 : 3,
          width,
          height,
        );
        if (!info.exists) {
          ensureModel(workbook, image);
          return readModelInfo(workbook);
        }
        const model = readModelSheet(workbook);
        assertValuesCanBeRecomputed(workbook, model.mode);
        writeInputImage(workbook, model.spec, image);
        // The label belongs to the picture it was chosen for: a new picture starts without one. In values
        // mode the step sheets hold numbers, so they are recomputed for the new picture.
        if (model.label >= 0) writeLabel(workbook, model.classes, -1);
        if (model.mode === 'values') runForward(workbook);
        return readModelInfo(workbook);
      });
    },

    importPictureOnly(request) {
      const fields = requireRecord(request, 'Picture-only request');
      const layout = requireChoice(fields.layout, 'Layout', PICTURE_LAYOUTS);
      const { name, image } = requirePicture(fields.picture, 'Picture', null);
      return withModelLock(host, () => ({
        sheets: writePictureSheets(
          workbook,
          { width: image.width, height: image.height, rgb: image.data },
          layout,
          name,
        ),
        width: image.width,
        height: image.height,
      }));
    },

    setLabel(label) {
      return withModelLock(host, () => {
        const info = readModelInfo(workbook);
        if (!info.exists) throw new Error(NO_MODEL);
        const checked = requireInteger(label, 'Label', -1, info.classes.length - 1);
        assertValuesCanBeRecomputed(workbook, info.mode);
        writeLabel(workbook, info.classes, checked);
        // In values mode the Loss sheet holds numbers, so it is recomputed for the new label.
        if (info.mode === 'values') runForward(workbook);
        return readModelInfo(workbook);
      });
    },

    runForwardPass() {
      return withModelLock(host, () => {
        ensureModel(workbook);
        return runForward(workbook).prediction;
      });
    },
  };
}
