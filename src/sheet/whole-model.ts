/**
 * Building a whole model into a workbook in one of the three formula modes (see activation-sheets.ts),
 * reading it back as people left it, and running it on the picture in the R, G, B sheets. Every sheet costs
 * the same fixed number of Workbook calls whatever the image and weight sizes.
 */
import type { Activations, LossReadings, ModelParams, ModelSpec, Tensor } from '../core/types';
import type { FormulaMode, Prediction } from '../shared/api';
import { assertParamsMatchSpec, forward } from '../core/model';
import { argMax, assertShape } from '../core/tensor';
import { lossReadingsFromLogits } from '../core/loss';
import { assertLabelChoice, validateSpec } from '../core/spec';
import type { Workbook } from './workbook';
import { GRID_ORIGIN } from './layout';
import { DENSE_SHEET, MODEL_SHEET, filtersSheet, isModelSheet, modelSheetNames } from './sheet-names';
import { applyDisplay, writeStepSheet } from './step-sheet';
import type { StepSheetContent } from './step-sheet';
import { withSherlock } from './sherlock';
import { FORMULA_MODES, readModelSheet, writeModelSheet } from './model-sheet';
import { missingSheetError, requireSheets } from './required-sheets';
import { applyParamsDisplay, readParams, writeDenseWeightsSheet, writeFiltersWeightsSheet } from './weight-sheets';
import { readInputImage, writeInputImage } from './input-picture-sheets';
import { activationSheets } from './activation-sheets';
import { assertModelFitsSpreadsheet } from './model-size';

export interface BuildOptions {
  readonly mode: FormulaMode;
  /** The seed the weights were drawn with, recorded on the Model sheet. */
  readonly seed: number;
  /** Class index of the picture's true class, or -1 for none. */
  readonly label: number;
  /** Sherlock mode: the detective story beside the maths (see sherlock.ts); off when omitted. */
  readonly sherlock?: boolean;
}

/** A model as the workbook holds it, with the weights as people left them. */
export interface SheetModel {
  readonly spec: ModelSpec;
  readonly params: ModelParams;
  readonly mode: FormulaMode;
  readonly seed: number;
  readonly label: number;
  readonly classes: string[];
  readonly sherlock: boolean;
}

function assertBuildInputs(spec: ModelSpec, params: ModelParams, image: Tensor, options: BuildOptions): void {
  validateSpec(spec);
  assertParamsMatchSpec('buildModel', spec, params);
  assertShape('buildModel', 'image', image, [spec.input.channels, spec.input.height, spec.input.width]);
  if (!FORMULA_MODES.includes(options.mode))
    throw new Error(`buildModel: mode "${String(options.mode)}" is not known; use ${FORMULA_MODES.join(', ')}`);
  if (!Number.isInteger(options.seed)) throw new Error(`buildModel: seed ${options.seed} must be a whole number`);
  assertLabelChoice('buildModel', options.label, spec.classes.length);
}

/**
 * Writes every sheet of the model: the picture, the weights, each step (formulas or numbers by mode), the
 * Loss and the Model sheet. Model sheets of an earlier build that this spec does not have (extra blocks,
 * old gradients) are removed; the user's other sheets are left alone.
 */
export function buildModel(
  workbook: Workbook,
  spec: ModelSpec,
  params: ModelParams,
  image: Tensor,
  options: BuildOptions,
): void {
  assertBuildInputs(spec, params, image, options);
  assertModelFitsSpreadsheet(spec);
  const plan = modelSheetNames(spec);
  const keep = new Set(plan);
  const existing = new Set(workbook.sheetNames());
  for (const name of existing) {
    if (isModelSheet(name) && !keep.has(name)) {
      workbook.deleteSheet(name);
      existing.delete(name);
    }
  }
  // New tabs can only be added at the end, so the model sheets after the first new one are recreated
  // behind it to keep the tabs in reading order (everything is rewritten anyway).
  const firstNew = plan.findIndex((name) => !existing.has(name));
  if (firstNew >= 0) for (const name of plan.slice(firstNew)) if (existing.has(name)) workbook.deleteSheet(name);
  // Create every tab first, in reading order, so cross-sheet formulas never point at a missing sheet.
  for (const name of plan) workbook.ensureSheet(name);

  writeInputImage(workbook, spec, image);
  // Every mode: the numbers size the formats, widths and colour scales even where formulas compute them.
  const acts = forward(spec, params, image);
  const steps = new Map(activationSheets(spec, options.mode, acts, options.label).map((s) => [s.name, s]));
  const story = (content: StepSheetContent): StepSheetContent =>
    options.sherlock ? withSherlock(content, spec) : content;
  for (const name of plan) {
    const step = steps.get(name);
    if (step) writeStepSheet(workbook, story(step));
    const block = spec.blocks.findIndex((_, i) => filtersSheet(i) === name);
    if (block >= 0) writeFiltersWeightsSheet(workbook, spec, block, params.conv[block], story);
    if (name === DENSE_SHEET) writeDenseWeightsSheet(workbook, spec, params.dense, story);
  }
  writeModelSheet(workbook, spec, { ...options, sherlock: options.sherlock === true });
}

/** Reads the model as the workbook holds it: the Model sheet, then one read per parameter block. */
export function readModel(workbook: Workbook): SheetModel {
  if (!workbook.sheetNames().includes(MODEL_SHEET)) throw missingSheetError(MODEL_SHEET);
  const model = readModelSheet(workbook);
  return { ...model, params: readParams(workbook, model.spec) };
}

/** The forward pass of the picture and the weights as the workbook holds them. */
export interface ForwardResult {
  readonly prediction: Prediction;
  readonly model: SheetModel;
  readonly image: Tensor;
  readonly activations: Activations;
}

/**
 * Runs the model on the picture in R, G, B with the weights people left in the sheets. In values mode the
 * step sheets are rewritten with the new numbers (one write per sheet); in the formula modes the sheets
 * already recompute on their own. In every mode each weight and step sheet's formats, widths and colour
 * scales are chosen again for the numbers it now shows (a fixed number of calls per sheet, no reads).
 */
export function runForward(workbook: Workbook): ForwardResult {
  const model = readModel(workbook);
  const { spec, params, label, mode } = model;
  requireSheets(workbook, modelSheetNames(spec));
  const image = readInputImage(workbook, spec);
  const activations = forward(spec, params, image);
  applyParamsDisplay(workbook, spec, params);
  for (const step of activationSheets(spec, mode, activations, label)) {
    if (mode === 'values') workbook.writeCells(step.name, GRID_ORIGIN.row, GRID_ORIGIN.col, step.data);
    if (mode === 'values' && step.side) workbook.writeCells(step.name, step.side.row, step.side.col, step.side.cells);
    applyDisplay(workbook, step);
  }
  const probabilities = Array.from(activations.probabilities.data);
  const loss: LossReadings | undefined = label >= 0 ? lossReadingsFromLogits(activations.logits, label) : undefined;
  return {
    prediction: {
      classes: [...spec.classes],
      probabilities,
      predicted: argMax(activations.probabilities.data),
      label,
      ...(loss
        ? { loss: { crossEntropy: loss.crossEntropy, distance: loss.distance, klDivergence: loss.klDivergence } }
        : {}),
    },
    model,
    image,
    activations,
  };
}
