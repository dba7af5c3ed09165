/**
 * Building a whole model into a workbook, in one of three formula modes, and running it:
 * - custom: one custom-function formula per layer (CONV2D, RELU, …) whose result spills;
 * - native: plain per-cell formulas that need no add-on and survive export to Excel/LibreOffice;
 * - values: numbers computed by src/core and written in.
 * Every sheet costs the same fixed number of Workbook calls whatever the image and weight sizes.
 */
import type { Activations, LossReadings, ModelParams, ModelSpec, Padding, Tensor } from '../core/types';
import type { FormulaMode, Prediction } from '../shared/api';
import { assertParamsMatchSpec, forward } from '../core/model';
import { assertShape } from '../core/tensor';
import { argMax } from '../core/tensor';
import { lossReadings } from '../core/loss';
import { layerShapes, validateSpec } from '../core/spec';
import type { Workbook } from './workbook';
import type { CellInput } from './workbook';
import {
  GRID_ORIGIN,
  a1Range,
  columnRange,
  denseBiasRange,
  denseWeightsRange,
  filterBiasRange,
  filtersRange,
  mapCell,
  mapRange,
  tensorToGrid,
  vectorToColumn,
} from './layout';
import {
  CHANNEL_SHEETS,
  DENSE_SHEET,
  FLATTEN_SHEET,
  INPUT_SHEET,
  LOGITS_SHEET,
  MODEL_SHEET,
  SOFTMAX_SHEET,
  blockInputSheet,
  blockOutputSheet,
  convSheet,
  filtersSheet,
  isModelSheet,
  modelSheetNames,
  poolSheet,
  reluSheet,
} from './sheet-names';
import type { StepSheetContent } from './step-sheet';
import { writeStepSheet } from './step-sheet';
import { PROBABILITY_FORMAT, VALUE_FORMAT, columnSheet, mapSheet } from './tensor-sheets';
import { channelRule, divergingRule, probabilityRule } from './colors';
import { stepTitle } from './steps';
import { FORMULA_MODES, classNameRef, missingSheetError, readModelSheet, writeModelSheet } from './model-info';
import {
  flatValueName,
  paddingText,
  readInputImage,
  readParams,
  requireSheets,
  writeDenseWeightsSheet,
  writeFiltersWeightsSheet,
  writeInputImage,
} from './model-params';
import { convFormulas, flattenFormulas, logitFormulas, poolFormulas, reluFormulas, scaleFormulas, softmaxExpRange, softmaxFormulas } from './native-formulas';
import { lossSheet } from './loss-sheet';

export interface BuildOptions {
  readonly mode: FormulaMode;
  /** The seed the weights were drawn with, recorded on the Model sheet. */
  readonly seed: number;
  /** Class index of the picture's true class, or -1 for none. */
  readonly label: number;
}

/** A model as the workbook holds it, with the weights as people left them. */
export interface SheetModel {
  readonly spec: ModelSpec;
  readonly params: ModelParams;
  readonly mode: FormulaMode;
  readonly seed: number;
  readonly label: number;
  readonly classes: string[];
}

type Shape = readonly number[];

function paddingArg(padding: Padding): string {
  return typeof padding === 'number' ? `${padding}` : `"${padding}"`;
}

/** The data block of a step: custom-function formula (1×1, spills), native formulas, or numbers. */
function pick(mode: FormulaMode, custom: () => string, native: () => CellInput[][], values: () => CellInput[][]): CellInput[][] {
  if (mode === 'custom') return [[custom()]];
  return mode === 'native' ? native() : values();
}

function mapRangeOf(sheet: string, shape: Shape): string {
  return a1Range(sheet, mapRange(shape[0], shape[1], shape[2]));
}

/** Colour rules of the scaled input: each map in its channel's colour, black at 0 → full at 255 × scale. */
function inputColorRules(shape: Shape, inputScale: number): ReturnType<typeof channelRule>[] {
  const [channels, height, width] = shape;
  return Array.from({ length: channels }, (_, c) => channelRule(c, [{ ...mapCell(channels, height, width, c, 0, 0), rows: height, cols: width }], 255 * inputScale));
}

/**
 * Every sheet computed from the picture and the weights (Input, Conv, ReLU, Pool, Flatten, Logits,
 * Softmax, Loss), in tab order. `acts` is needed in values mode only.
 */
export function activationSheets(spec: ModelSpec, mode: FormulaMode, acts: Activations | null, label: number): StepSheetContent[] {
  if (mode === 'values' && acts === null) throw new Error('activationSheets: values mode needs the activations of a forward pass');
  const values = (): Activations => acts as Activations;
  const shapes = layerShapes(spec);
  const classes = spec.classes.length;
  const sheets: StepSheetContent[] = [];

  sheets.push(
    mapSheet({
      name: INPUT_SHEET,
      title: stepTitle('input', 'scaled'),
      detail: `Each pixel of ${CHANNEL_SHEETS.join(', ')} × ${spec.inputScale}, so 0–255 becomes 0–${255 * spec.inputScale}; the first convolution reads these.`,
      shape: shapes.input,
      // No custom function scales the input: both formula modes use one formula per pixel.
      data: mode === 'values' ? tensorToGrid(values().input) : scaleFormulas(CHANNEL_SHEETS, shapes.input, spec.inputScale),
      mapName: (c) => CHANNEL_SHEETS[c],
      mapNote: (c) => `${CHANNEL_SHEETS[c]} × ${spec.inputScale}`,
      format: VALUE_FORMAT,
      colorRules: inputColorRules(shapes.input, spec.inputScale),
    }),
  );

  spec.blocks.forEach((block, i) => {
    const inSheet = blockInputSheet(spec, i);
    const inShape = i === 0 ? shapes.input : shapes.blocks[i - 1].pool;
    const { conv, pool } = shapes.blocks[i];
    const channels = inShape[0];
    const { kernel } = block;
    const filterSheetName = filtersSheet(i);
    const mapNumber = (c: number): string => `Map ${c + 1}`;
    sheets.push(
      mapSheet({
        name: convSheet(i),
        title: stepTitle('featureDetection', `Conv${i + 1}`),
        detail: `Map f = filter f of "${filterSheetName}" slid over ${inSheet} (stride ${block.stride}, padding ${paddingText(block.padding)}) plus its bias.`,
        shape: conv,
        data: pick(
          mode,
          () =>
            `=CONV2D(${mapRangeOf(inSheet, inShape)},${a1Range(filterSheetName, filtersRange(block.filters, channels, kernel))},` +
            `${a1Range(filterSheetName, filterBiasRange(block.filters, channels, kernel))},${block.stride},${paddingArg(block.padding)})`,
          () => convFormulas(inSheet, inShape, filterSheetName, block, conv),
          () => tensorToGrid(values().blocks[i].conv),
        ),
        mapName: mapNumber,
        mapNote: (c) => `Map ${c + 1}: filter ${c + 1} of "${filterSheetName}" applied to every window of ${inSheet}, plus bias ${c + 1}.`,
        format: VALUE_FORMAT,
      }),
    );
    sheets.push(
      mapSheet({
        name: reluSheet(i),
        title: stepTitle('relu', `block ${i + 1}`),
        detail: `Each cell = MAX(0, the same cell of ${convSheet(i)}).`,
        shape: conv,
        data: pick(
          mode,
          () => `=RELU(${mapRangeOf(convSheet(i), conv)})`,
          () => reluFormulas(convSheet(i), conv),
          () => tensorToGrid(values().blocks[i].relu),
        ),
        mapName: mapNumber,
        mapNote: (c) => `Map ${c + 1}: ${convSheet(i)} map ${c + 1} with negatives set to 0.`,
        format: VALUE_FORMAT,
      }),
    );
    if (block.pool) {
      const { size, stride } = block.pool;
      sheets.push(
        mapSheet({
          name: poolSheet(i),
          title: stepTitle('maxPooling', `block ${i + 1}`),
          detail: `Each cell = the largest of a ${size}×${size} window of ${reluSheet(i)}, windows ${stride} apart.`,
          shape: pool,
          data: pick(
            mode,
            () => `=MAXPOOL(${mapRangeOf(reluSheet(i), conv)},${conv[0]},${size},${stride})`,
            () => poolFormulas(reluSheet(i), conv, block.pool ?? { size, stride }, pool),
            () => tensorToGrid(values().blocks[i].pool),
          ),
          mapName: mapNumber,
          mapNote: (c) => `Map ${c + 1}: the maximum of each ${size}×${size} window of ${reluSheet(i)} map ${c + 1}.`,
          format: VALUE_FORMAT,
        }),
      );
    }
  });

  const last = spec.blocks.length - 1;
  const lastSheet = blockOutputSheet(spec, last);
  const lastShape = shapes.blocks[last].pool;
  const [inputs] = shapes.flat;
  const flatRange = columnRange(inputs);
  sheets.push(
    columnSheet({
      name: FLATTEN_SHEET,
      title: stepTitle('flatten'),
      detail: `From ${lastSheet}: all of map 1 row by row, then map 2, and so on; column A says where each value comes from.`,
      length: inputs,
      heading: 'Value',
      labels: Array.from({ length: inputs }, (_, n) => flatValueName(spec)(n)),
      data: pick(
        mode,
        () => `=FLATTEN(${mapRangeOf(lastSheet, lastShape)},${lastShape[0]})`,
        () => flattenFormulas(lastSheet, lastShape),
        () => vectorToColumn(values().flat),
      ),
      format: VALUE_FORMAT,
      note: `Value 1: ${lastSheet} map 1, row 1, column 1.`,
      colorRules: [divergingRule([flatRange])],
    }),
  );

  const classLabels = Array.from({ length: classes }, (_, k) => `=${classNameRef(k)}`);
  const logitRange = columnRange(classes);
  sheets.push(
    columnSheet({
      name: LOGITS_SHEET,
      title: stepTitle('fullyConnected', 'logits'),
      detail: `Logit k = Σ Flatten × column k of "${DENSE_SHEET}" + bias k: one score per class, any size, any sign.`,
      length: classes,
      heading: 'Logit (score)',
      labels: classLabels,
      data: pick(
        mode,
        () =>
          `=DENSE(${a1Range(FLATTEN_SHEET, flatRange)},${a1Range(DENSE_SHEET, denseWeightsRange(inputs, classes))},` +
          `${a1Range(DENSE_SHEET, denseBiasRange(inputs, classes))})`,
        () => logitFormulas(FLATTEN_SHEET, DENSE_SHEET, inputs, classes),
        () => vectorToColumn(values().logits),
      ),
      format: VALUE_FORMAT,
      note: 'The first class\'s score; softmax turns the scores into probabilities.',
      colorRules: [divergingRule([logitRange])],
    }),
  );

  const expRange = softmaxExpRange(classes);
  sheets.push(
    columnSheet({
      name: SOFTMAX_SHEET,
      title: stepTitle('softmax'),
      detail: 'Read down: the probability of each class for this picture.',
      length: classes,
      heading: 'Probability',
      labels: classLabels,
      data: pick(
        mode,
        () => `=SOFTMAX(${a1Range(LOGITS_SHEET, logitRange)})`,
        () => softmaxFormulas(LOGITS_SHEET, classes),
        () => vectorToColumn(values().probabilities),
      ),
      format: PROBABILITY_FORMAT,
      note: 'Probability of the first class; the column adds up to 1.',
      colorRules: [probabilityRule([logitRange])],
      extraHeadings: mode === 'native' ? [{ row: GRID_ORIGIN.row - 1, col: expRange.col, text: 'e^(logit − max logit)' }] : [],
    }),
  );

  const probabilities = acts?.probabilities;
  sheets.push(
    lossSheet(
      mode,
      classes,
      probabilities && {
        probabilities,
        label,
        readings: label >= 0 ? lossReadings(probabilities, label) : null,
        classes: spec.classes,
      },
    ),
  );
  return sheets;
}

function assertBuildInputs(spec: ModelSpec, params: ModelParams, image: Tensor, options: BuildOptions): void {
  validateSpec(spec);
  assertParamsMatchSpec('buildModel', spec, params);
  assertShape('buildModel', 'image', image, [spec.input.channels, spec.input.height, spec.input.width]);
  if (!FORMULA_MODES.includes(options.mode)) throw new Error(`buildModel: mode "${String(options.mode)}" is not known; use ${FORMULA_MODES.join(', ')}`);
  if (!Number.isInteger(options.seed)) throw new Error(`buildModel: seed ${options.seed} must be a whole number`);
  if (!Number.isInteger(options.label) || options.label < -1 || options.label >= spec.classes.length) {
    throw new Error(`buildModel: label ${options.label} is not a class; give -1 for no label or 0 to ${spec.classes.length - 1}`);
  }
}

/**
 * Writes every sheet of the model: the picture, the weights, each step (formulas or numbers by mode), the
 * Loss and the Model sheet. Model sheets of an earlier build that this spec does not have (extra blocks,
 * old gradients) are removed; the user's other sheets are left alone.
 */
export function buildModel(workbook: Workbook, spec: ModelSpec, params: ModelParams, image: Tensor, options: BuildOptions): void {
  assertBuildInputs(spec, params, image, options);
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
  const acts = options.mode === 'values' ? forward(spec, params, image) : null;
  const steps = new Map(activationSheets(spec, options.mode, acts, options.label).map((s) => [s.name, s]));
  for (const name of plan) {
    const step = steps.get(name);
    if (step) writeStepSheet(workbook, step);
    const block = spec.blocks.findIndex((_, i) => filtersSheet(i) === name);
    if (block >= 0) writeFiltersWeightsSheet(workbook, spec, block, params.conv[block]);
    if (name === DENSE_SHEET) writeDenseWeightsSheet(workbook, spec, params.dense);
  }
  writeModelSheet(workbook, spec, options);
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
 * already recompute on their own and are not touched.
 */
export function runForward(workbook: Workbook): ForwardResult {
  const model = readModel(workbook);
  const { spec, params, label, mode } = model;
  requireSheets(workbook, modelSheetNames(spec));
  const image = readInputImage(workbook, spec);
  const activations = forward(spec, params, image);
  if (mode === 'values') {
    for (const step of activationSheets(spec, mode, activations, label)) {
      workbook.writeCells(step.name, GRID_ORIGIN.row, GRID_ORIGIN.col, step.data);
    }
  }
  const probabilities = Array.from(activations.probabilities.data);
  const loss: LossReadings | undefined = label >= 0 ? lossReadings(activations.probabilities, label) : undefined;
  return {
    prediction: {
      classes: [...spec.classes],
      probabilities,
      predicted: argMax(activations.probabilities.data),
      label,
      ...(loss ? { loss: { crossEntropy: loss.crossEntropy, distance: loss.distance, klDivergence: loss.klDivergence } } : {}),
    },
    model,
    image,
    activations,
  };
}
