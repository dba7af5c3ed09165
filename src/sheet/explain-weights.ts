/**
 * Explanations of weights and biases (and of their gradients, which sit at the same place on the gradient
 * sheets): which output cells a weight feeds, what it multiplies, and dL/dw when Step once has written it.
 */
import type { CellExplanation, SheetRanges, SourcedNumber } from '../shared/explanation';
import type { CellPosition } from './layout';
import { GRID_ORIGIN, columnRange, denseBiasRange, filterBiasRange, filterCell, mapCell } from './layout';
import {
  DENSE_GRADIENTS_SHEET,
  DENSE_SHEET,
  FLATTEN_SHEET,
  LOGITS_SHEET,
  blockInputSheet,
  convSheet,
  filterGradientsSheet,
  filtersSheet,
} from './sheet-names';
import { blockChannelName, flatValueName } from './weight-sheets';
import type { ExplainContext } from './explain-reads';
import { cellName, cellRef, rangeRef, readBlock } from './explain-reads';

function oneCell(pos: CellPosition): { row: number; col: number; rows: number; cols: number } {
  return { ...pos, rows: 1, cols: 1 };
}

/** A weight's explanation: its number (from the weights sheet), its gradient when the gradient sheet holds one, and the cells it feeds. */
function weightExplanation(
  ctx: ExplainContext,
  sheets: [string, string],
  pos: CellPosition,
  feeds: SheetRanges,
  touches: number,
  facts: CellExplanation['facts'],
  inputs: SourcedNumber[],
): CellExplanation {
  const [weightsSheet, gradientsSheet] = sheets;
  const weight = readBlock(ctx.workbook, weightsSheet, oneCell(pos)).number(pos);
  const gradient = ctx.workbook.sheetNames().includes(gradientsSheet)
    ? readBlock(ctx.workbook, gradientsSheet, oneCell(pos)).at(pos)
    : '';
  return {
    sheet: ctx.sheet,
    cell: cellName(ctx.pos),
    value: ctx.value,
    kind: facts.kind,
    facts,
    inputs,
    terms: [],
    windows: [],
    touches,
    weight,
    ...(typeof gradient === 'number' ? { gradient: { source: cellRef(gradientsSheet, pos), value: gradient } } : {}),
    highlight: feeds,
  };
}

/** A filter weight (f, c, i, j) or bias f of conv block `block`. */
export function explainConvParam(
  ctx: ExplainContext,
  block: number,
  element: { kind: 'weight'; f: number; c: number; i: number; j: number } | { kind: 'bias'; f: number },
): CellExplanation {
  const spec = ctx.spec.blocks[block];
  const channels = block === 0 ? ctx.shapes.input[0] : ctx.shapes.blocks[block - 1].pool[0];
  const [filters, outHeight, outWidth] = ctx.shapes.blocks[block].conv;
  const biases = filterBiasRange(filters, channels, spec.kernel);
  const at = element.kind === 'weight' ? element : { c: 0, i: 0, j: 0 };
  const pos =
    element.kind === 'bias'
      ? { row: biases.row + element.f, col: biases.col }
      : filterCell(spec.kernel, element.f, at.c, at.i, at.j);
  const kind = element.kind === 'bias' ? 'convBias' : 'convWeight';
  const map = { ...mapCell(filters, outHeight, outWidth, element.f, 0, 0), rows: outHeight, cols: outWidth };
  const facts = {
    kind,
    sheet: filtersSheet(block),
    filter: element.f,
    channel: blockChannelName(ctx.spec, block)(at.c),
    i: at.i,
    j: at.j,
    inputSheet: blockInputSheet(ctx.spec, block),
    outputSheet: convSheet(block),
  } as const;
  return weightExplanation(
    ctx,
    [filtersSheet(block), filterGradientsSheet(block)],
    pos,
    { sheet: convSheet(block), ranges: [rangeRef(map)] },
    outHeight * outWidth,
    facts,
    [],
  );
}

/** A dense weight (flattened value n, class k) or class k's bias. */
export function explainDenseParam(
  ctx: ExplainContext,
  element: { kind: 'weight'; n: number; k: number } | { kind: 'bias'; k: number },
): CellExplanation {
  const [inputs] = ctx.shapes.flat;
  const n = element.kind === 'weight' ? element.n : -1;
  const pos = {
    row: element.kind === 'bias' ? denseBiasRange(inputs, ctx.spec.classes.length).row : GRID_ORIGIN.row + n,
    col: GRID_ORIGIN.col + element.k,
  };
  const logit = { ...columnRange(ctx.spec.classes.length), row: GRID_ORIGIN.row + element.k, rows: 1 };
  const flatPos = { row: GRID_ORIGIN.row + n, col: GRID_ORIGIN.col };
  const facts = {
    kind: element.kind === 'bias' ? 'denseBias' : 'denseWeight',
    sheet: DENSE_SHEET,
    className: ctx.model.classes[element.k],
    valueName: n >= 0 ? flatValueName(ctx.spec)(n) : '',
    logit: cellRef(LOGITS_SHEET, logit),
  } as const;
  const evidence = n >= 0 ? [readBlock(ctx.workbook, FLATTEN_SHEET, oneCell(flatPos)).number(flatPos)] : [];
  return weightExplanation(
    ctx,
    [DENSE_SHEET, DENSE_GRADIENTS_SHEET],
    pos,
    { sheet: LOGITS_SHEET, ranges: [rangeRef(logit)] },
    1,
    facts,
    evidence,
  );
}
