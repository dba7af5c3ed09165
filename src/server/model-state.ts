/**
 * The model as the server changes it: building one when none exists, and rebuilding it with other layers,
 * mode, seed or classes while keeping what should survive (the picture in R, G, B, the weights people
 * trained or edited, the chosen label).
 */
import { DEFAULT_CLASSES, defaultSpec, initParams, tensor } from '../core';
import { articleFilters, specWith, weightsPlan } from '../core/architecture';
import type { ModelLayers } from '../core/architecture';
import type { DenseParams, ModelParams, ModelSpec, Tensor } from '../core/types';
import { modelTensorToRgb, toModelTensor } from '../image/tensor';
import type { FormulaMode, ModelInfo } from '../shared/api';
import { buildProblems } from '../sheet/architecture-report';
import { findClass } from '../core/spec';
import { readModelInfo } from '../sheet/model-sheet';
import { readInputImage } from '../sheet/input-picture-sheets';
import { buildModel, readModel } from '../sheet/whole-model';
import type { SheetModel } from '../sheet/whole-model';
import { MODEL_SHEET } from '../sheet/sheet-names';
import type { Workbook } from '../sheet/workbook';

export { MAX_CLASSES } from '../core/architecture';

/** A black picture of the spec's input size: what the sheets show until a picture is imported. */
function blankPicture(spec: ModelSpec): Tensor {
  return tensor([spec.input.channels, spec.input.height, spec.input.width]);
}

/**
 * The current picture at the new spec's input size and channels: as it is when they match, else
 * area-resized and/or turned grey or colour (values rounded to whole levels first, as a picture has them).
 */
export function pictureFor(spec: ModelSpec, picture: Tensor): Tensor {
  const [channels, height, width] = picture.shape;
  const { input } = spec;
  if (channels === input.channels && height === input.height && width === input.width) return picture;
  const rgb = modelTensorToRgb(tensor(picture.shape, picture.data.map(Math.round)));
  return toModelTensor(rgb, input.channels === 1 ? 1 : 3, input.width, input.height);
}

export function hasModel(workbook: Workbook): boolean {
  return workbook.sheetNames().includes(MODEL_SHEET);
}

/** Builds the default model (mode and seed as getModelInfo reports them before any build) when none exists. */
export function ensureModel(workbook: Workbook, picture?: Tensor): void {
  const info = readModelInfo(workbook);
  if (info.exists) return;
  const spec = defaultSpec(info.classes);
  buildModel(workbook, spec, initParams(spec, info.seed), picture ?? blankPicture(spec), {
    mode: info.mode,
    seed: info.seed,
    label: -1,
  });
}

export interface RebuildRequest {
  readonly layers: ModelLayers;
  readonly mode: FormulaMode;
  readonly seed: number;
  readonly classes?: readonly string[];
  readonly articleWeights?: boolean;
  /** Sherlock mode; omitted: as the current model has it (off for a first build). */
  readonly sherlock?: boolean;
}

/**
 * Dense weights for a new class list: class k keeps the trained column of the current class `sources[k]`,
 * a new class (-1) gets a column drawn from `seed` and a zero bias.
 */
function denseForClasses(current: SheetModel, spec: ModelSpec, seed: number, sources: readonly number[]): DenseParams {
  const fresh = initParams(spec, seed).dense;
  const old = current.params.dense;
  const [inputs, oldCount] = old.weights.shape;
  const count = spec.classes.length;
  const weights = tensor([inputs, count]);
  const bias = tensor([count]);
  sources.forEach((from, k) => {
    for (let n = 0; n < inputs; n++)
      weights.data[n * count + k] =
        from >= 0 ? old.weights.data[n * oldCount + from] : fresh.weights.data[n * count + k];
    bias.data[k] = from >= 0 ? old.bias.data[from] : fresh.bias.data[k];
  });
  return { weights, bias };
}

/**
 * Builds the model the request asks for, refusing a spec that cannot work (naming the field and the fix)
 * before any sheet is touched. What happens to the weights follows weightsPlan: the same layers, seed and
 * classes keep them (so switching the mode converts a trained model to native formulas); other classes keep
 * the conv filters and the dense columns of classes that stay (matched by name); anything else draws them
 * afresh from the seed (or the article's filters of 1s and 0s). The picture is kept (resized, or turned grey
 * or colour, for a new input), and the label where its class still exists.
 */
export function rebuildModel(workbook: Workbook, request: RebuildRequest): ModelInfo {
  const current: SheetModel | null = hasModel(workbook) ? readModel(workbook) : null;
  const classes = request.classes ?? current?.classes ?? DEFAULT_CLASSES;
  const spec = specWith(request.layers, classes);
  const problems = buildProblems(spec, request.mode);
  if (problems.length > 0) throw new Error(`Build model: ${problems.map((p) => p.message).join(' ')}`);
  const side = current && { layers: current.spec, seed: current.seed, classes: current.classes };
  const plan = weightsPlan(side, { layers: spec, seed: request.seed, classes }, request.articleWeights);
  let params: ModelParams;
  if (current && plan === 'keep') {
    params = current.params;
  } else if (current && plan === 'keep-filters') {
    const sources = classes.map((name) => findClass(name, current.classes));
    params = { conv: current.params.conv, dense: denseForClasses(current, spec, request.seed, sources) };
  } else {
    params = initParams(spec, request.seed);
    if (request.articleWeights) params = articleFilters(spec, params);
  }
  const picture = current ? pictureFor(spec, readInputImage(workbook, current.spec)) : blankPicture(spec);
  const label = current && current.label >= 0 ? findClass(current.classes[current.label], classes) : -1;
  buildModel(workbook, spec, params, picture, {
    mode: request.mode,
    seed: request.seed,
    label,
    sherlock: request.sherlock ?? current?.sherlock,
  });
  return readModelInfo(workbook);
}

/**
 * Rebuilds the current model with another class list. `sources[k]` is the current index of new class k, or
 * -1 for a new class: its dense column keeps its trained weights, a new class gets a column drawn from the
 * model's seed and a zero bias. Conv weights, picture, mode and seed stay; the label follows its class.
 */
export function rebuildWithClasses(
  workbook: Workbook,
  classes: readonly string[],
  sources: readonly number[],
): ModelInfo {
  const current = readModel(workbook);
  const spec: ModelSpec = { ...current.spec, classes: [...classes] };
  const dense = denseForClasses(current, spec, current.seed, sources);
  const picture = readInputImage(workbook, current.spec);
  const label = current.label >= 0 ? sources.indexOf(current.label) : -1;
  buildModel(workbook, spec, { conv: current.params.conv, dense }, picture, {
    mode: current.mode,
    seed: current.seed,
    label,
    sherlock: current.sherlock,
  });
  return readModelInfo(workbook);
}
