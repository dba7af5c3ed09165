/**
 * The model's weights in the workbook: the conv filters and biases, the dense weights and biases — written
 * and read in one call per block. The filter and dense sheet writers take a
 * sheet name and title, so gradients (dL/dW) show on the same layout as the weights they belong to.
 */
import type { ConvParams, DenseParams, ModelParams, ModelSpec } from '../core/types';
import { assertParamsMatchSpec } from '../core/model';
import { tensor } from '../core/tensor';
import { blockInputChannels, layerShapes, validateSpec } from '../core/spec';
import type { CellInput, Workbook } from './workbook';
import type { CellPosition } from './layout';
import {
  GRID_ORIGIN,
  denseBiasRange,
  denseToGrid,
  denseWeightsRange,
  filterBiasRange,
  filterCell,
  filtersRange,
  filtersToGrid,
} from './layout';
import { plural } from '../shared/plural';
import {
  pictureSheets,
  DENSE_GRADIENTS_SHEET,
  DENSE_SHEET,
  blockInputSheet,
  blockOutputSheet,
  filterGradientsSheet,
  filtersSheet,
} from './sheet-names';
import { applyDisplay, blankGrid, writeStepSheet } from './step-sheet';
import type { StepSheetContent } from './step-sheet';
import { denseCheck, filtersCheck, withCheck } from './block-checks';
import { denseSheet, filterSheet } from './tensor-sheets';
import { joinSpans, spanOf } from './number-display';
import { stepTitle } from './steps';
import { classNameRef } from './model-sheet';
import { requireSheets } from './required-sheets';
import { readNumberBlock, rangeText } from './read-block';

// ---------------------------------------------------------------------------------------------------------
// Data blocks: what one write puts at B4.

/** Filter weights and, one blank column to the right, the biases: one block from B4. */
export function filterBlock(params: ConvParams): CellInput[][] {
  const [filters, channels, kernel] = params.weights.shape;
  const weights = filtersToGrid(params.weights);
  const bias = filterBiasRange(filters, channels, kernel);
  const grid = blankGrid({ rows: weights.length, cols: bias.col - GRID_ORIGIN.col + 1 });
  weights.forEach((row, r) => row.forEach((v, c) => (grid[r][c] = v)));
  for (let f = 0; f < filters; f++)
    grid[bias.row - GRID_ORIGIN.row + f][bias.col - GRID_ORIGIN.col] = params.bias.data[f];
  return grid;
}

/** Dense weights, a blank row, then the biases: one block from B4. */
export function denseBlock(params: DenseParams): CellInput[][] {
  const [inputs, classes] = params.weights.shape;
  const bias = denseBiasRange(inputs, classes);
  const grid: CellInput[][] = denseToGrid(params.weights);
  while (grid.length < bias.row - GRID_ORIGIN.row) grid.push(new Array<CellInput>(classes).fill(''));
  grid.push(Array.from(params.bias.data));
  return grid;
}

// ---------------------------------------------------------------------------------------------------------
// Labels shared by the weight and gradient sheets.

/** Name of input channel c of block `block`: R/G/B for the first block, the previous sheet's maps after. */
export function blockChannelName(spec: ModelSpec, block: number): (c: number) => string {
  return block === 0
    ? (c) => pictureSheets(spec.input.channels)[c] ?? `channel ${c + 1}`
    : (c) => `${blockInputSheet(spec, block)} map ${c + 1}`;
}

/** Where flattened value n comes from, e.g. "Pool2 map 3 · r2 c5". */
export function flatValueName(spec: ModelSpec): (n: number) => string {
  const last = spec.blocks.length - 1;
  const [, height, width] = layerShapes(spec).blocks[last].pool;
  const source = blockOutputSheet(spec, last);
  return (n) => {
    const c = Math.floor(n / (height * width));
    const y = Math.floor(n / width) % height;
    return `${source} map ${c + 1} · r${y + 1} c${(n % width) + 1}`;
  };
}

export function paddingText(padding: ModelSpec['blocks'][number]['padding']): string {
  return typeof padding === 'number' ? `${plural(padding, 'zero cell')} per side` : `"${padding}"`;
}

export interface SheetTitle {
  readonly name: string;
  readonly title: string;
  /** Said on row 2 after the shape. */
  readonly detail: string;
}

/** A whole filter sheet (weights, or gradients with the same layout). */
function filterSheetOf(
  spec: ModelSpec,
  block: number,
  params: ConvParams,
  text: SheetTitle,
  blockWhat: string,
  biasLabel: string,
): StepSheetContent {
  const [filters, channels, kernel] = params.weights.shape;
  const values = { span: joinSpans(spanOf(params.weights.data), spanOf(params.bias.data)) };
  return filterSheet({
    ...text,
    filters,
    channels,
    kernel,
    data: filterBlock(params),
    channelName: blockChannelName(spec, block),
    blockWhat,
    biasLabel,
    values,
  });
}

/** A whole dense sheet (weights, or gradients with the same layout). */
function denseSheetOf(
  spec: ModelSpec,
  params: DenseParams,
  text: SheetTitle,
  what: string,
  biasLabel: string,
): StepSheetContent {
  const [inputs, classes] = params.weights.shape;
  return denseSheet({
    ...text,
    inputs,
    classLabels: Array.from({ length: classes }, (_, k) => `=${classNameRef(k)}`),
    inputName: flatValueName(spec),
    data: denseBlock(params),
    what,
    biasLabel,
    values: { span: joinSpans(spanOf(params.weights.data), spanOf(params.bias.data)) },
    classNames: spec.classes,
  });
}

/** The "Conv{i} filters" sheet of block `block`: header, labels, colours and check. */
function filtersWeightsContent(spec: ModelSpec, block: number, params: ConvParams): StepSheetContent {
  const { stride, padding } = spec.blocks[block];
  const [filters, channels, kernel] = params.weights.shape;
  const content = filterSheetOf(
    spec,
    block,
    params,
    {
      name: filtersSheet(block),
      title: stepTitle('filters', `Conv${block + 1}`),
      detail: `Stride ${stride}, padding ${paddingText(padding)}. Edit any weight: the model recomputes.`,
    },
    'weights',
    'Bias',
  );
  return withCheck(content, filtersCheck(block, filters, channels, kernel));
}

/** Writes the "Conv{i} filters" sheet of block `block` with its header, labels, colours and check. */
export function writeFiltersWeightsSheet(
  workbook: Workbook,
  spec: ModelSpec,
  block: number,
  params: ConvParams,
  story: StoryText = (c) => c,
): void {
  writeStepSheet(workbook, story(filtersWeightsContent(spec, block, params)));
}

/** Adds Sherlock mode's story to a sheet's content (or leaves it as it is). */
export type StoryText = (content: StepSheetContent) => StepSheetContent;

/** The "Dense weights" sheet: header, labels, colours and check. */
function denseWeightsContent(spec: ModelSpec, params: DenseParams): StepSheetContent {
  const [inputs, classes] = params.weights.shape;
  const content = denseSheetOf(
    spec,
    params,
    {
      name: DENSE_SHEET,
      title: stepTitle('fullyConnected', 'weights'),
      detail: 'Edit any weight: the logits recompute.',
    },
    'weights',
    'Bias',
  );
  return withCheck(content, denseCheck(inputs, classes));
}

/** Writes the "Dense weights" sheet with its header, labels, colours and check. */
export function writeDenseWeightsSheet(
  workbook: Workbook,
  spec: ModelSpec,
  params: DenseParams,
  story: StoryText = (c) => c,
): void {
  writeStepSheet(workbook, story(denseWeightsContent(spec, params)));
}

/**
 * Shows dL/dW beside the weights: "Conv{i} gradients" and "Dense gradients", same layout as the weights,
 * diverging colours, so a learner sees which weights a training step moves and which way.
 */
export function writeGradients(workbook: Workbook, spec: ModelSpec, grads: ModelParams): void {
  assertParamsMatchSpec('writeGradients', spec, grads);
  const why = 'A positive gradient means the loss grows when the weight grows, so a training step lowers that weight.';
  spec.blocks.forEach((_, i) => {
    const text: SheetTitle = {
      name: filterGradientsSheet(i),
      title: `Gradients of ${filtersSheet(i)} — dL/dW: how fast the loss changes as each weight of ${filtersSheet(i)} changes.`,
      detail: why,
    };
    writeStepSheet(workbook, filterSheetOf(spec, i, grads.conv[i], text, 'gradients dL/dW', 'Bias gradient'));
  });
  const text: SheetTitle = {
    name: DENSE_GRADIENTS_SHEET,
    title: `Gradients of ${DENSE_SHEET} — dL/dW: how fast the loss changes as each dense weight changes.`,
    detail: why,
  };
  writeStepSheet(workbook, denseSheetOf(spec, grads.dense, text, 'gradients dL/dW', 'Bias gradient'));
}

// ---------------------------------------------------------------------------------------------------------
// Writing and reading the parameters alone (one write / one read per block).

/**
 * Overwrites the weights and biases in the existing filter and dense sheets: one write per block, and their
 * formats, widths and colour scales chosen again for the new numbers.
 */
export function writeParams(workbook: Workbook, spec: ModelSpec, params: ModelParams): void {
  assertParamsMatchSpec('writeParams', spec, params);
  requireSheets(workbook, [...spec.blocks.map((_, i) => filtersSheet(i)), DENSE_SHEET]);
  for (const content of paramsContents(spec, params)) {
    workbook.writeCells(content.name, GRID_ORIGIN.row, GRID_ORIGIN.col, content.data);
    applyDisplay(workbook, content);
  }
}

/** Formats, widths and colour scales of the weight sheets, chosen again for weights people edited. */
export function applyParamsDisplay(workbook: Workbook, spec: ModelSpec, params: ModelParams): void {
  for (const content of paramsContents(spec, params)) applyDisplay(workbook, content);
}

function paramsContents(spec: ModelSpec, params: ModelParams): StepSheetContent[] {
  return [
    ...params.conv.map((conv, i) => filtersWeightsContent(spec, i, conv)),
    denseWeightsContent(spec, params.dense),
  ];
}

function readFilters(workbook: Workbook, spec: ModelSpec, block: number): ConvParams {
  const { filters, kernel } = spec.blocks[block];
  const channels = blockInputChannels(spec, block);
  const positions: CellPosition[] = [];
  for (let f = 0; f < filters; f++) {
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < kernel; i++) for (let j = 0; j < kernel; j++) positions.push(filterCell(kernel, f, c, i, j));
    }
  }
  const bias = filterBiasRange(filters, channels, kernel);
  for (let f = 0; f < filters; f++) positions.push({ row: bias.row + f, col: bias.col });
  const size = filters * channels * kernel * kernel;
  const channelName = blockChannelName(spec, block);
  const numbers = readNumberBlock(workbook, {
    sheet: filtersSheet(block),
    cells: positions,
    expected:
      `${filters} filters × ${channels} channels of ${kernel}×${kernel} weights in ${rangeText(filtersRange(filters, channels, kernel))}, ` +
      `biases in ${rangeText(bias)}`,
    describe: (n) => {
      if (n >= size) return `bias of filter ${n - size + 1}`;
      const f = Math.floor(n / (channels * kernel * kernel));
      const c = Math.floor(n / (kernel * kernel)) % channels;
      const i = Math.floor(n / kernel) % kernel;
      return `filter ${f + 1}, channel ${channelName(c)}, weight row ${i + 1} col ${(n % kernel) + 1}`;
    },
  });
  return {
    weights: tensor([filters, channels, kernel, kernel], numbers.slice(0, size)),
    bias: tensor([filters], numbers.slice(size)),
  };
}

function readDense(workbook: Workbook, inputs: number, classes: number): DenseParams {
  const weights = denseWeightsRange(inputs, classes);
  const bias = denseBiasRange(inputs, classes);
  const positions: CellPosition[] = [];
  for (let n = 0; n < inputs; n++)
    for (let k = 0; k < classes; k++) positions.push({ row: weights.row + n, col: weights.col + k });
  for (let k = 0; k < classes; k++) positions.push({ row: bias.row, col: bias.col + k });
  const numbers = readNumberBlock(workbook, {
    sheet: DENSE_SHEET,
    cells: positions,
    expected: `${inputs} × ${classes} weights (one column per class) in ${rangeText(weights)}, biases in ${rangeText(bias)}`,
    describe: (n) =>
      n >= inputs * classes
        ? `bias of class ${n - inputs * classes + 1}`
        : `weight of flattened value ${Math.floor(n / classes) + 1} for class ${(n % classes) + 1}`,
  });
  return {
    weights: tensor([inputs, classes], numbers.slice(0, inputs * classes)),
    bias: tensor([classes], numbers.slice(inputs * classes)),
  };
}

/** Reads every weight and bias as people left them: one read per block, clear messages for bad cells. */
export function readParams(workbook: Workbook, spec: ModelSpec): ModelParams {
  validateSpec(spec);
  requireSheets(workbook, [...spec.blocks.map((_, i) => filtersSheet(i)), DENSE_SHEET]);
  const conv = spec.blocks.map((_, i) => readFilters(workbook, spec, i));
  return { conv, dense: readDense(workbook, layerShapes(spec).flat[0], spec.classes.length) };
}
