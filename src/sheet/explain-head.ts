/**
 * Explanations of the classifier's cells: a logit (the largest evidence × weight terms and the bias), a
 * probability (its logits) and the Loss sheet (the probabilities and the label the readings come from).
 */
import type { CellExplanation, ExplainTerm, SourcedNumber } from '../shared/explanation';
import { GRID_ORIGIN, columnRange, denseBiasRange, denseWeightsRange } from './layout';
import { DENSE_SHEET, FLATTEN_SHEET, LOGITS_SHEET, LOSS_SHEET, SOFTMAX_SHEET } from './sheet-names';
import { LOSS_TABLE_COLUMNS } from './loss-sheet';
import { flatValueName } from './weight-sheets';
import type { ExplainContext } from './explain-reads';
import { cellName, rangeRef, readBlock } from './explain-reads';

/** How many evidence × weight terms a logit's explanation lists (the rest are summed in one line). */
export const TOP_TERMS = 10;

function base(ctx: ExplainContext): Pick<CellExplanation, 'sheet' | 'cell' | 'value' | 'terms' | 'windows'> {
  return { sheet: ctx.sheet, cell: cellName(ctx.pos), value: ctx.value, terms: [], windows: [] };
}

/** A column of numbers at B4 (Flatten, Logits), in one read. */
function column(ctx: ExplainContext, sheet: string, length: number): SourcedNumber[] {
  const range = columnRange(length);
  const block = readBlock(ctx.workbook, sheet, range);
  return Array.from({ length }, (_, i) => block.number({ row: range.row + i, col: range.col }));
}

/** Logit k: Σ flattened value × class k's weight + class k's bias; the largest contributions listed. */
export function explainLogit(ctx: ExplainContext, k: number): CellExplanation {
  const [inputs] = ctx.shapes.flat;
  const classes = ctx.spec.classes.length;
  const flat = column(ctx, FLATTEN_SHEET, inputs);
  const weights = denseWeightsRange(inputs, classes);
  const biasRange = denseBiasRange(inputs, classes);
  const col = weights.col + k;
  const dense = readBlock(ctx.workbook, DENSE_SHEET, {
    row: weights.row,
    col,
    rows: biasRange.row - weights.row + 1,
    cols: 1,
  });
  const bias = dense.number({ row: biasRange.row, col });
  const name = flatValueName(ctx.spec);
  const all: ExplainTerm[] = flat.map((input, n) => {
    const weight = dense.number({ row: weights.row + n, col });
    return { label: name(n), input, weight, product: input.value * weight.value };
  });
  const order = all.map((_, n) => n).sort((a, b) => Math.abs(all[b].product) - Math.abs(all[a].product));
  const listed = new Set(order.slice(0, TOP_TERMS));
  const rest = all.filter((_, n) => !listed.has(n));
  return {
    ...base(ctx),
    kind: 'logit',
    facts: { kind: 'logit', classes: ctx.model.classes, weightsSheet: DENSE_SHEET },
    inputs: flat,
    terms: order.slice(0, TOP_TERMS).map((n) => all[n]),
    ...(rest.length > 0 ? { otherTerms: { count: rest.length, sum: rest.reduce((s, t) => s + t.product, 0) } } : {}),
    bias,
    classIndex: k,
    highlight: {
      sheet: DENSE_SHEET,
      ranges: [
        rangeRef({ row: weights.row, col, rows: inputs, cols: 1 }),
        rangeRef({ row: biasRange.row, col, rows: 1, cols: 1 }),
      ],
    },
  };
}

/** Probability k = e^logit k ÷ Σ e^logit: the logits it is computed from. */
export function explainSoftmax(ctx: ExplainContext, k: number): CellExplanation {
  const classes = ctx.spec.classes.length;
  return {
    ...base(ctx),
    kind: 'softmax',
    facts: { kind: 'softmax', classes: ctx.model.classes },
    inputs: column(ctx, LOGITS_SHEET, classes),
    classIndex: k,
    highlight: { sheet: LOGITS_SHEET, ranges: [rangeRef(columnRange(classes))] },
  };
}

/** Any cell of the Loss sheet: the probabilities and the label its readings come from. */
export function explainLoss(ctx: ExplainContext): CellExplanation {
  const classes = ctx.spec.classes.length;
  const { probability } = LOSS_TABLE_COLUMNS;
  const table = readBlock(ctx.workbook, LOSS_SHEET, { row: GRID_ORIGIN.row, col: probability, rows: classes, cols: 1 });
  return {
    ...base(ctx),
    kind: 'loss',
    facts: { kind: 'loss', classes: ctx.model.classes, row: ctx.pos.row, col: ctx.pos.col },
    inputs: Array.from({ length: classes }, (_, i) => table.number({ row: GRID_ORIGIN.row + i, col: probability })),
    classIndex: ctx.model.label,
    highlight: { sheet: SOFTMAX_SHEET, ranges: [rangeRef(columnRange(classes))] },
  };
}
