/**
 * The sheets computed from the picture and the weights — Input, Conv, ReLU, Pool, Flatten, Logits, Softmax,
 * Loss — as content for one formula mode:
 * - custom: one custom-function formula per layer (CONV2D, RELU, …) whose result spills;
 * - native: plain per-cell formulas that need no add-on and survive export to Excel/LibreOffice;
 * - values: numbers from a forward pass of src/core.
 */
import type { Activations, ModelSpec, Padding, Tensor } from '../core/types';
import type { LayerShapes } from '../core/spec';
import { layerShapes } from '../core/spec';
import { lossReadingsFromLogits } from '../core/loss';
import type { FormulaMode } from '../shared/api';
import type { CellInput, ColorRule } from './workbook';
import {
  GRID_ORIGIN,
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
import { a1Range } from './a1-notation';
import {
  pictureSheets,
  DENSE_SHEET,
  FLATTEN_SHEET,
  INPUT_SHEET,
  LOGITS_SHEET,
  SOFTMAX_SHEET,
  blockInputSheet,
  blockOutputSheet,
  convSheet,
  filtersSheet,
  poolSheet,
  reluSheet,
} from './sheet-names';
import type { StepSheetContent } from './step-sheet';
import { PROBABILITY_FORMAT, columnSheet, mapSheet } from './tensor-sheets';
import type { BlockValues } from './tensor-sheets';
import { channelNumberFormat, channelRule, divergingRule, probabilityRule } from './colors';
import { numberFormatFor, scaleLimit, spanOf } from './number-display';
import { scaleText, stepTitle, valueCountText } from './steps';
import { classNameRef } from './model-sheet';
import { flatValueName, paddingText } from './weight-sheets';
import {
  convFormulas,
  flattenFormulas,
  logitFormulas,
  poolFormulas,
  reluFormulas,
  scaleFormulas,
  softmaxExpRange,
  softmaxFormulas,
} from './native-formulas';
import { lossSheet } from './loss-sheet';
import { checkStatus, withCheck } from './block-checks';
import { CURVE_FORMAT, curveBlock, curveCells, softmaxCharts } from './step-charts';

/** What every step builder needs. */
interface StepContext {
  readonly spec: ModelSpec;
  readonly mode: FormulaMode;
  readonly shapes: LayerShapes;
  /** The forward pass: the numbers in values mode, and in every mode what sizes the formats and colours. */
  readonly acts: Activations;
}

type Shape = readonly number[];

/** How many numbers a tensor of this shape holds. */
const count = (shape: Shape): number => shape.reduce((n, d) => n * d, 1);

/**
 * A block's conv, ReLU and pool maps share the conv maps' format and colour scale (the conv maps hold the
 * largest sizes), so a cell keeps its look from one step to the next.
 */
function blockValues(ctx: StepContext, i: number, own: Tensor): BlockValues & { limit: number } {
  const conv = spanOf(ctx.acts.blocks[i].conv.data);
  return { span: spanOf(own.data), format: numberFormatFor(conv), limit: scaleLimit(conv) };
}

/** The data block of a step: the custom-function formula (1×1, it spills), native formulas, or numbers. */
function dataForMode(
  ctx: StepContext,
  custom: () => string,
  native: () => CellInput[][],
  values: (acts: Activations) => CellInput[][],
): CellInput[][] {
  if (ctx.mode === 'custom') return [[custom()]];
  return ctx.mode === 'native' ? native() : values(ctx.acts);
}

function paddingArg(padding: Padding): string {
  return typeof padding === 'number' ? `${padding}` : `"${padding}"`;
}

function mapsRef(sheet: string, shape: Shape): string {
  return a1Range(sheet, mapRange(shape[0], shape[1], shape[2]));
}

const mapNumber = (c: number): string => `Map ${c + 1}`;

/** Input = R, G, B × inputScale; each map coloured in its channel, black at 0 → full at 255 × scale. */
function inputStep(ctx: StepContext): StepSheetContent {
  const { spec, shapes } = ctx;
  const [channels, height, width] = shapes.input;
  const scale = scaleText(spec.inputScale);
  const sheets = pictureSheets(channels);
  const mapRanges = Array.from({ length: channels }, (_, c) => ({
    ...mapCell(channels, height, width, c, 0, 0),
    rows: height,
    cols: width,
  }));
  const colorRules: ColorRule[] = mapRanges.map((range, c) => channelRule(channels, c, [range], 255 * spec.inputScale));
  const span = { min: 0, max: 255 * spec.inputScale };
  const pattern = numberFormatFor(span);
  const content = mapSheet({
    name: INPUT_SHEET,
    title: stepTitle('input', 'scaled'),
    detail:
      `Each pixel of ${sheets.join(', ')} × ${scale}, so 0–255 becomes 0–${255 * spec.inputScale}; the first convolution reads these. ` +
      valueCountText(count(shapes.input), count(shapes.input)),
    shape: shapes.input,
    // No custom function scales the input: both formula modes use one formula per pixel.
    data: ctx.mode === 'values' ? tensorToGrid(ctx.acts.input) : scaleFormulas(sheets, shapes.input, spec.inputScale),
    mapName: (c) => sheets[c],
    mapNote: (c) => `${sheets[c]} × ${scale}`,
    values: { span, format: pattern, bounded: true },
    colorRules,
  });
  // Each map's text is white or black by its fill, as on the R, G, B sheets.
  return {
    ...content,
    numberFormats: mapRanges.map((range, c) => ({
      range,
      format: channelNumberFormat(channels, c, pattern, spec.inputScale),
    })),
  };
}

function convStep(ctx: StepContext, i: number): StepSheetContent {
  const block = ctx.spec.blocks[i];
  const inSheet = blockInputSheet(ctx.spec, i);
  const inShape = i === 0 ? ctx.shapes.input : ctx.shapes.blocks[i - 1].pool;
  const outShape = ctx.shapes.blocks[i].conv;
  const filters = filtersSheet(i);
  return mapSheet({
    name: convSheet(i),
    title: stepTitle('featureDetection', `Conv${i + 1}`),
    detail:
      `Map f = filter f of "${filters}" slid over ${inSheet} (stride ${block.stride}, padding ${paddingText(block.padding)}) plus its bias. ` +
      valueCountText(count(inShape), count(outShape)),
    shape: outShape,
    data: dataForMode(
      ctx,
      () =>
        `=CONV2D(${mapsRef(inSheet, inShape)},${a1Range(filters, filtersRange(block.filters, inShape[0], block.kernel))},` +
        `${a1Range(filters, filterBiasRange(block.filters, inShape[0], block.kernel))},${block.stride},${paddingArg(block.padding)})`,
      () => convFormulas(inSheet, inShape, filters, block, outShape),
      (acts) => tensorToGrid(acts.blocks[i].conv),
    ),
    mapName: mapNumber,
    mapNote: (c) =>
      `Map ${c + 1}: filter ${c + 1} of "${filters}" applied to every window of ${inSheet}, plus bias ${c + 1}.`,
    values: blockValues(ctx, i, ctx.acts.blocks[i].conv),
  });
}

function reluStep(ctx: StepContext, i: number): StepSheetContent {
  const shape = ctx.shapes.blocks[i].conv;
  return mapSheet({
    name: reluSheet(i),
    title: stepTitle('relu', `block ${i + 1}`),
    detail: `Each cell = MAX(0, the same cell of ${convSheet(i)}). ${valueCountText(count(shape), count(shape))}`,
    shape,
    data: dataForMode(
      ctx,
      () => `=RELU(${mapsRef(convSheet(i), shape)})`,
      () => reluFormulas(convSheet(i), shape),
      (acts) => tensorToGrid(acts.blocks[i].relu),
    ),
    mapName: mapNumber,
    mapNote: (c) => `Map ${c + 1}: ${convSheet(i)} map ${c + 1} with negatives set to 0.`,
    values: blockValues(ctx, i, ctx.acts.blocks[i].relu),
  });
}

function poolStep(ctx: StepContext, i: number): StepSheetContent | null {
  const pool = ctx.spec.blocks[i].pool;
  if (pool === null) return null;
  const { conv, pool: outShape } = ctx.shapes.blocks[i];
  const { size, stride } = pool;
  return mapSheet({
    name: poolSheet(i),
    title: stepTitle('maxPooling', `block ${i + 1}`),
    detail: `Each cell = the largest of a ${size}×${size} window of ${reluSheet(i)}, windows ${stride} apart. ${valueCountText(count(conv), count(outShape))}`,
    shape: outShape,
    data: dataForMode(
      ctx,
      () => `=MAXPOOL(${mapsRef(reluSheet(i), conv)},${conv[0]},${size},${stride})`,
      () => poolFormulas(reluSheet(i), conv, pool, outShape),
      (acts) => tensorToGrid(acts.blocks[i].pool),
    ),
    mapName: mapNumber,
    mapNote: (c) => `Map ${c + 1}: the maximum of each ${size}×${size} window of ${reluSheet(i)} map ${c + 1}.`,
    values: blockValues(ctx, i, ctx.acts.blocks[i].pool),
  });
}

function flattenStep(ctx: StepContext): StepSheetContent {
  const last = ctx.spec.blocks.length - 1;
  const source = blockOutputSheet(ctx.spec, last);
  const shape = ctx.shapes.blocks[last].pool;
  const [inputs] = ctx.shapes.flat;
  const flatName = flatValueName(ctx.spec);
  const values = blockValues(ctx, last, ctx.acts.flat);
  return columnSheet({
    name: FLATTEN_SHEET,
    title: stepTitle('flatten'),
    detail: `From ${source}: all of map 1 row by row, then map 2, and so on; column A says where each value comes from. ${valueCountText(inputs, inputs)}`,
    length: inputs,
    heading: 'Value',
    labels: Array.from({ length: inputs }, (_, n) => flatName(n)),
    data: dataForMode(
      ctx,
      () => `=FLATTENMAPS(${mapsRef(source, shape)},${shape[0]})`,
      () => flattenFormulas(source, shape),
      (acts) => vectorToColumn(acts.flat),
    ),
    values,
    note: `Value 1: ${source} map 1, row 1, column 1.`,
    colorRules: [divergingRule([columnRange(inputs)], values.limit)],
  });
}

function classLabels(spec: ModelSpec): string[] {
  return spec.classes.map((_, k) => `=${classNameRef(k)}`);
}

function logitsStep(ctx: StepContext): StepSheetContent {
  const [inputs] = ctx.shapes.flat;
  const classes = ctx.spec.classes.length;
  const span = spanOf(ctx.acts.logits.data);
  const content = columnSheet({
    name: LOGITS_SHEET,
    title: stepTitle('fullyConnected', 'logits'),
    detail: `Logit k = Σ Flatten × column k of "${DENSE_SHEET}" + bias k: one score per class, any size, any sign. ${valueCountText(inputs, classes)}`,
    length: classes,
    heading: 'Logit (score)',
    labels: classLabels(ctx.spec),
    data: dataForMode(
      ctx,
      () =>
        `=DENSE(${a1Range(FLATTEN_SHEET, columnRange(inputs))},${a1Range(DENSE_SHEET, denseWeightsRange(inputs, classes))},` +
        `${a1Range(DENSE_SHEET, denseBiasRange(inputs, classes))})`,
      () => logitFormulas(FLATTEN_SHEET, DENSE_SHEET, inputs, classes),
      (acts) => vectorToColumn(acts.logits),
    ),
    values: { span },
    note: "The first class's score; softmax turns the scores into probabilities.",
    colorRules: [divergingRule([columnRange(classes)], scaleLimit(span))],
  });
  // Native formulas read text as 0, so in that mode the logits wait for the checks of what people type.
  const named = { ...content, shownLabels: ctx.spec.classes };
  return ctx.mode === 'native' ? withCheck(named, checkStatus(ctx.spec)) : named;
}

function softmaxStep(ctx: StepContext): StepSheetContent {
  const classes = ctx.spec.classes.length;
  const probabilities = columnRange(classes);
  const curve = curveBlock(classes);
  const content = columnSheet({
    name: SOFTMAX_SHEET,
    title: stepTitle('softmax'),
    detail: `Read down: the probability of each class for this picture. ${valueCountText(classes, classes)}`,
    length: classes,
    heading: 'Probability',
    labels: classLabels(ctx.spec),
    data: dataForMode(
      ctx,
      () => `=SOFTMAX(${a1Range(LOGITS_SHEET, probabilities)})`,
      () => softmaxFormulas(LOGITS_SHEET, classes),
      (acts) => vectorToColumn(acts.probabilities),
    ),
    values: { span: { min: 0, max: 1 }, format: PROBABILITY_FORMAT, bounded: true },
    note: 'Probability of the first class; the column adds up to 1.',
    colorRules: [probabilityRule([probabilities])],
    extraHeadings:
      ctx.mode === 'native'
        ? [{ row: GRID_ORIGIN.row - 1, col: softmaxExpRange(classes).col, text: 'e^(logit − max logit)' }]
        : [],
  });
  return {
    ...content,
    shownLabels: ctx.spec.classes,
    side: {
      row: curve.row,
      col: curve.col,
      cells: curveCells(classes, ctx.acts && ctx.mode === 'values' ? Array.from(ctx.acts.logits.data) : null),
    },
    numberFormats: [
      ...content.numberFormats,
      { range: { ...curve, row: curve.row + 1, rows: curve.rows - 1 }, format: CURVE_FORMAT },
    ],
    widths: [...content.widths, { firstCol: curve.col, count: curve.cols, px: 150 }],
    charts: softmaxCharts(classes),
  };
}

function lossStep(ctx: StepContext, label: number): StepSheetContent {
  return { ...lossContent(ctx, label), shownLabels: ctx.spec.classes };
}

function lossContent(ctx: StepContext, label: number): StepSheetContent {
  const classes = ctx.spec.classes.length;
  if (ctx.mode !== 'values') return lossSheet(ctx.mode, classes);
  const { probabilities, logits } = ctx.acts;
  return lossSheet(ctx.mode, classes, {
    probabilities,
    label,
    readings: label >= 0 ? lossReadingsFromLogits(logits, label) : null,
    classes: ctx.spec.classes,
  });
}

/**
 * Every sheet computed from the picture and the weights, in tab order. `acts` is the forward pass of that
 * picture: the numbers in values mode, and in every mode what the formats, widths and colour scales are
 * chosen from. `label` is the class index scored on the Loss sheet (-1: none).
 */
export function activationSheets(
  spec: ModelSpec,
  mode: FormulaMode,
  acts: Activations,
  label: number,
): StepSheetContent[] {
  const ctx: StepContext = { spec, mode, shapes: layerShapes(spec), acts };
  const blocks = spec.blocks.flatMap((_, i) => [convStep(ctx, i), reluStep(ctx, i), poolStep(ctx, i)]);
  return [
    inputStep(ctx),
    ...blocks.filter((s): s is StepSheetContent => s !== null),
    flattenStep(ctx),
    logitsStep(ctx),
    softmaxStep(ctx),
    lossStep(ctx, label),
  ];
}
