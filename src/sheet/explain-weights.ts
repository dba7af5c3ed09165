/**
 * Explanations of weights and biases (and of their gradients, which sit at the same place on the gradient
 * sheets): which output cells a weight feeds, what it multiplies, and dL/dw when Step once has written it.
 */
import type { CellExplanation, SourcedNumber } from '../shared/explanation';
import type { CellPosition } from './layout';
import { GRID_ORIGIN, columnRange, denseBiasRange, filterBiasRange, filterCell, mapCell, plural } from './layout';
import { DENSE_GRADIENTS_SHEET, DENSE_SHEET, FLATTEN_SHEET, LOGITS_SHEET, blockInputSheet, convSheet, filterGradientsSheet, filtersSheet } from './sheet-names';
import { blockChannelName, flatValueName } from './model-params';
import type { ExplainContext } from './explain-reads';
import { cellName, cellRef, rangeRef, readBlock, short } from './explain-reads';

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

function gradientLines(weight: SourcedNumber, gradient: SourcedNumber | undefined): string[] {
  if (gradient === undefined) return ['Train → Step once shows its gradient dL/dw.'];
  return [`dL/dw = ${short(gradient.value)} (${gradient.source}): training moves it to ${short(weight.value)} − learning rate × ${short(gradient.value)}.`];
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
  const pos = element.kind === 'bias' ? { row: biases.row + element.f, col: biases.col } : filterCell(spec.kernel, element.f, element.c, element.i, element.j);
  const { weight, gradient } = weightAndGradient(ctx, filtersSheet(block), filterGradientsSheet(block), pos);
  const map = { ...mapCell(filters, outHeight, outWidth, element.f, 0, 0), rows: outHeight, cols: outWidth };
  const count = outHeight * outWidth;
  const what =
    element.kind === 'bias'
      ? [`Filter ${element.f + 1}'s bias: added to all ${count} cells of ${convSheet(block)} map ${element.f + 1}.`]
      : [
          `It multiplies ${blockChannelName(ctx.spec, block)(element.c)} at this place of every window of ${blockInputSheet(ctx.spec, block)}: ` +
            `it takes part in all ${plural(count, 'cell')} of ${convSheet(block)} map ${element.f + 1}.`,
        ];
  return {
    ...base(ctx),
    kind: element.kind === 'bias' ? 'convBias' : 'convWeight',
    title: element.kind === 'bias' ? `${filtersSheet(block)} · bias of filter ${element.f + 1}` : `${filtersSheet(block)} · filter ${element.f + 1}, channel ${element.c + 1}, (${element.i + 1}, ${element.j + 1})`,
    lines: [...what, `Its value is ${short(weight.value)} (${weight.source}).`, ...gradientLines(weight, gradient)],
    touches: { count, where: { sheet: convSheet(block), ranges: [rangeRef(map)] } },
    ...(gradient ? { gradient } : {}),
    equation: `${weight.source} = ${String(weight.value)}`,
    highlight: { sheet: convSheet(block), ranges: [rangeRef(map)] },
  };
}

/** A dense weight (flattened value n, class k) or class k's bias. */
export function explainDenseParam(ctx: ExplainContext, element: { kind: 'weight'; n: number; k: number } | { kind: 'bias'; k: number }): CellExplanation {
  const [inputs] = ctx.shapes.flat;
  const className = ctx.model.classes[element.k];
  const pos = element.kind === 'bias' ? { row: denseBiasRange(inputs, ctx.spec.classes.length).row, col: GRID_ORIGIN.col + element.k } : { row: GRID_ORIGIN.row + element.n, col: GRID_ORIGIN.col + element.k };
  const { weight, gradient } = weightAndGradient(ctx, DENSE_SHEET, DENSE_GRADIENTS_SHEET, pos);
  const logit = { ...columnRange(ctx.spec.classes.length), row: GRID_ORIGIN.row + element.k, rows: 1 };
  const lines: string[] = [];
  const inputsUsed: SourcedNumber[] = [];
  if (element.kind === 'bias') {
    lines.push(`Added to the score of "${className}" whatever the picture shows.`);
  } else {
    const flatPos = { row: GRID_ORIGIN.row + element.n, col: GRID_ORIGIN.col };
    const evidence = readBlock(ctx.workbook, FLATTEN_SHEET, oneCell(flatPos)).number(flatPos);
    inputsUsed.push(evidence);
    lines.push(
      `Links ${flatValueName(ctx.spec)(element.n)} to "${className}": it adds ${short(evidence.value)} × ${short(weight.value)} = ${short(evidence.value * weight.value)} to that score.`,
    );
  }
  lines.push(`Its value is ${short(weight.value)} (${weight.source}).`, ...gradientLines(weight, gradient));
  return {
    ...base(ctx),
    inputs: inputsUsed,
    kind: element.kind === 'bias' ? 'denseBias' : 'denseWeight',
    title: element.kind === 'bias' ? `${DENSE_SHEET} · bias of "${className}"` : `${DENSE_SHEET} · value ${element.n + 1} → "${className}"`,
    lines,
    touches: { count: 1, where: { sheet: LOGITS_SHEET, ranges: [rangeRef(logit)] } },
    ...(gradient ? { gradient } : {}),
    equation: `${weight.source} = ${String(weight.value)}`,
    highlight: { sheet: LOGITS_SHEET, ranges: [rangeRef(logit)] },
  };
}
