/**
 * The model as the server changes it: building one when none exists, and rebuilding it with other layers,
 * mode, seed or classes while keeping what should survive (the picture in R, G, B, the weights people
 * trained or edited, the chosen label).
 */
import { defaultSpec, initParams, smallSpec, tensor } from '../core';
import type { ModelParams, ModelSpec, Tensor } from '../core/types';
import { fromChwTensor, toChwTensor } from '../image/tensor';
import { resizeArea } from '../image/resize';
import type { FormulaMode, ModelInfo, SpecName } from '../shared/api';
import { findClass, readModelInfo, sameLayers } from '../sheet/model-info';
import { readInputImage } from '../sheet/model-params';
import { buildModel, readModel } from '../sheet/model-sheets';
import type { SheetModel } from '../sheet/model-sheets';
import { MODEL_SHEET } from '../sheet/sheet-names';
import type { Workbook } from '../sheet/workbook';

/** Most classes a model may have: each is a column of dense weights and a bar in the sidebar. */
export const MAX_CLASSES = 50;

function specFor(name: SpecName, classes: readonly string[]): ModelSpec {
  return name === 'small' ? smallSpec(classes) : defaultSpec(classes);
}

/** A black picture of the spec's input size: what the sheets show until a picture is imported. */
function blankPicture(spec: ModelSpec): Tensor {
  return tensor([spec.input.channels, spec.input.height, spec.input.width]);
}

/**
 * The current picture at the new spec's input size: as it is when the size matches, else area-resized
 * (values rounded to whole levels first, as a picture has them).
 */
export function pictureFor(spec: ModelSpec, picture: Tensor): Tensor {
  const [, height, width] = picture.shape;
  if (height === spec.input.height && width === spec.input.width) return picture;
  const rgb = fromChwTensor(tensor(picture.shape, picture.data.map(Math.round)));
  return toChwTensor(resizeArea(rgb, spec.input.width, spec.input.height));
}

export function hasModel(workbook: Workbook): boolean {
  return workbook.sheetNames().includes(MODEL_SHEET);
}

/** Builds the default model (mode and seed as getModelInfo reports them before any build) when none exists. */
export function ensureModel(workbook: Workbook, picture?: Tensor): void {
  const info = readModelInfo(workbook);
  if (info.exists) return;
  const spec = defaultSpec(info.classes);
  buildModel(workbook, spec, initParams(spec, info.seed), picture ?? blankPicture(spec), { mode: info.mode, seed: info.seed, label: -1 });
}

export interface RebuildRequest {
  readonly specName: SpecName;
  readonly mode: FormulaMode;
  readonly seed: number;
  readonly classes?: readonly string[];
}

/**
 * Builds the model the request asks for. With the same layers, seed and number of classes as the current
 * model, the weights in the sheets are kept (so switching the mode converts a trained model to native
 * formulas); otherwise they are drawn afresh from the seed. The picture and, where its class still exists,
 * the label are kept.
 */
export function rebuildModel(workbook: Workbook, request: RebuildRequest): ModelInfo {
  const current: SheetModel | null = hasModel(workbook) ? readModel(workbook) : null;
  const classes = request.classes ?? current?.classes ?? defaultSpec().classes;
  const spec = specFor(request.specName, classes);
  const keepWeights =
    current !== null && sameLayers(spec, current.spec) && request.seed === current.seed && classes.length === current.classes.length;
  const params: ModelParams = keepWeights && current ? current.params : initParams(spec, request.seed);
  const picture = current ? pictureFor(spec, readInputImage(workbook, current.spec)) : blankPicture(spec);
  const label = current && current.label >= 0 ? findClass(current.classes[current.label], classes) : -1;
  buildModel(workbook, spec, params, picture, { mode: request.mode, seed: request.seed, label });
  return readModelInfo(workbook);
}

/**
 * Rebuilds the current model with another class list. `sources[k]` is the current index of new class k, or
 * -1 for a new class: its dense column keeps its trained weights, a new class gets a column drawn from the
 * model's seed and a zero bias. Conv weights, picture, mode and seed stay; the label follows its class.
 */
export function rebuildWithClasses(workbook: Workbook, classes: readonly string[], sources: readonly number[]): ModelInfo {
  const current = readModel(workbook);
  const spec: ModelSpec = { ...current.spec, classes: [...classes] };
  const fresh = initParams(spec, current.seed).dense;
  const old = current.params.dense;
  const [inputs, oldCount] = old.weights.shape;
  const count = classes.length;
  const weights = tensor([inputs, count]);
  const bias = tensor([count]);
  sources.forEach((from, k) => {
    for (let n = 0; n < inputs; n++) weights.data[n * count + k] = from >= 0 ? old.weights.data[n * oldCount + from] : fresh.weights.data[n * count + k];
    bias.data[k] = from >= 0 ? old.bias.data[from] : fresh.bias.data[k];
  });
  const picture = readInputImage(workbook, current.spec);
  const label = current.label >= 0 ? sources.indexOf(current.label) : -1;
  buildModel(workbook, spec, { conv: current.params.conv, dense: { weights, bias } }, picture, { mode: current.mode, seed: current.seed, label });
  return readModelInfo(workbook);
}

