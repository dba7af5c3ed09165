/**
 * Explanations of weights and biases (and of their gradients, which sit at the same place on the gradient
 * sheets): which output cells a weight feeds, what it multiplies, and dL/dw when Step once has written it.
 */
import type { CellExplanation, SourcedNumber } from '../shared/explanation';
import type { CellPosition } from './layout';
import { GRID_ORIGIN, columnRange, denseBiasRange, filterBiasRange, filterCell, mapCell } from './layout';
import { DENSE_GRADIENTS_SHEET, DENSE_SHEET, FLATTEN_SHEET, LOGITS_SHEET, blockInputSheet, convSheet, filterGradientsSheet, filtersSheet } from './sheet-names';
import { blockChannelName, flatValueName } from './model-params';
import type { ExplainContext } from './explain-reads';
import { cellName, cellRef, rangeRef, readBlock } from './explain-reads';

function oneCell(pos: CellPosition): { row: number; col: number; rows: number; cols: number } {
  return { ...pos, rows: 1, cols: 1 };
}

/** The weight's own number (from the weights sheet) and its gradient, when the gradient sheet holds one. */
function weightAndGradient(ctx: ExplainContext, weightsSheet: string, gradientsSheet: string, pos: CellPosition): { weight: SourcedNumber; gradient?: SourcedNumber } {
  const weight = readBlock(ctx.workbook, weightsSheet, oneCell(pos)).number(pos);
  if (!ctx.workbook.sheetNames().includes(gradientsSheet)) return { weight };
  const value = readBlock(ctx.workbook, gradientsSheet, oneCell(pos)).at(pos);
  return typeof value === 'number' ? { weight, gradient: { source: cellRef(gradientsSheet, pos), value } } : { weight };
}

function base(ctx: ExplainContext): Pick<CellExplanation, 'sheet' | 'cell' | 'value' | 'inputs' | 'terms' | 'windows'> {
  return { sheet: ctx.sheet, cell: cellName(ctx.pos), value: ctx.value, inputs: [], terms: [], windows: [] };
}

/** A filter weight (f, c, i, j) or bias f of conv block `block`. */
export function explainConvParam(ctx: ExplainContext, block: number, element: { kind: 'weight'; f: number; c: number; i: number; j: number } | { kind: 'bias'; f: number }): CellExplanation {
  const spec = ctx.spec.blocks[block];
  const channels = block === 0 ? ctx.shapes.input[0] : ctx.shapes.blocks[block - 1].pool[0];
  const [filters, outHeight, outWidth] = ctx.shapes.blocks[block].conv;
  const biases = filterBiasRange(filters, channels, spec.kernel);
  const weightAt = element.kind === 'weight' ? element : { c: 0, i: 0, j: 0 };
  const pos = element.kind === 'bias' ? { row: biases.row + element.f, col: biases.col } : filterCell(spec.kernel, element.f, weightAt.c, weightAt.i, weightAt.j);
  const { weight, gradient } = weightAndGradient(ctx, filtersSheet(block), filterGradientsSheet(block), pos);
  const map = { ...mapCell(filters, outHeight, outWidth, element.f, 0, 0), rows: outHeight, cols: outWidth };
  return {
    ...base(ctx),
    kind: element.kind === 'bias' ? 'convBias' : 'convWeight',
    facts: {
      kind: element.kind === 'bias' ? 'convBias' : 'convWeight',
      sheet: filtersSheet(block),
      filter: element.f,
      channel: blockChannelName(ctx.spec, block)(weightAt.c),
      i: weightAt.i,
      j: weightAt.j,
      inputSheet: blockInputSheet(ctx.spec, block),
      outputSheet: convSheet(block),
    },
    touches: outHeight * outWidth,
    weight,
    ...(gradient ? { gradient } : {}),
    highlight: { sheet: convSheet(block), ranges: [rangeRef(map)] },
  };
}

/** A dense weight (flattened value n, class k) or class k's bias. */
export function explainDenseParam(ctx: ExplainContext, element: { kind: 'weight'; n: number; k: number } | { kind: 'bias'; k: number }): CellExplanation {
  const [inputs] = ctx.shapes.flat;
  const n = element.kind === 'weight' ? element.n : -1;
  const pos = { row: element.kind === 'bias' ? denseBiasRange(inputs, ctx.spec.classes.length).row : GRID_ORIGIN.row + n, col: GRID_ORIGIN.col + element.k };
  const { weight, gradient } = weightAndGradient(ctx, DENSE_SHEET, DENSE_GRADIENTS_SHEET, pos);
  const logit = { ...columnRange(ctx.spec.classes.length), row: GRID_ORIGIN.row + element.k, rows: 1 };
  const flatPos = { row: GRID_ORIGIN.row + n, col: GRID_ORIGIN.col };
  return {
    ...base(ctx),
    kind: element.kind === 'bias' ? 'denseBias' : 'denseWeight',
    facts: {
      kind: element.kind === 'bias' ? 'denseBias' : 'denseWeight',
      sheet: DENSE_SHEET,
      className: ctx.model.classes[element.k],
      valueName: n >= 0 ? flatValueName(ctx.spec)(n) : '',
      logit: cellRef(LOGITS_SHEET, logit),
    },
    inputs: n >= 0 ? [readBlock(ctx.workbook, FLATTEN_SHEET, oneCell(flatPos)).number(flatPos)] : [],
    touches: 1,
    weight,
    ...(gradient ? { gradient } : {}),
    highlight: { sheet: LOGITS_SHEET, ranges: [rangeRef(logit)] },
  };
}
