/**
 * Explanations of the classifier's cells: a logit (the largest evidence × weight terms and the bias), a
 * probability (e^logit, the sum, the division) and the Loss sheet (each reading with its numbers).
 */
import type { CellExplanation, ExplainTerm, SourcedNumber } from '../shared/explanation';
import { argMax } from '../core/tensor';
import { GRID_ORIGIN, columnRange, denseBiasRange, denseWeightsRange } from './layout';
import { DENSE_SHEET, FLATTEN_SHEET, LOGITS_SHEET, LOSS_SHEET, SOFTMAX_SHEET } from './sheet-names';
import { LOSS_READING_CELLS, LOSS_TABLE_COLUMNS } from './loss-sheet';
import { flatValueName } from './model-params';
import type { ExplainContext } from './explain-reads';
import { cellName, rangeRef, readBlock, short, shownText } from './explain-reads';

/** How many evidence × weight terms a logit's explanation lists (the rest are summed in one line). */
export const TOP_TERMS = 10;

function base(ctx: ExplainContext): Pick<CellExplanation, 'sheet' | 'cell' | 'value'> {
  return { sheet: ctx.sheet, cell: cellName(ctx.pos), value: ctx.value };
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
  const dense = readBlock(ctx.workbook, DENSE_SHEET, { row: weights.row, col, rows: biasRange.row - weights.row + 1, cols: 1 });
  const bias = dense.number({ row: biasRange.row, col });
  const name = flatValueName(ctx.spec);
  const all: ExplainTerm[] = flat.map((input, n) => {
    const weight = dense.number({ row: weights.row + n, col });
    return { label: name(n), input, weight, product: input.value * weight.value };
  });
  const order = all.map((_, n) => n).sort((a, b) => Math.abs(all[b].product) - Math.abs(all[a].product));
  const listed = new Set(order.slice(0, TOP_TERMS));
  const terms = order.slice(0, TOP_TERMS).map((n) => all[n]);
  const rest = all.filter((_, n) => !listed.has(n));
  const restSum = rest.reduce((s, t) => s + t.product, 0);
  const sum = all.reduce((s, t) => s + t.product, 0);
  const className = ctx.model.classes[k];
  const lines = [
    `The score of "${className}": each of the ${inputs} flattened values (evidence) × its weight in column ${k + 1} of "${DENSE_SHEET}", added up, plus a bias.`,
    `The largest contributions are listed${rest.length > 0 ? `; the other ${rest.length} add up to ${short(restSum)}` : ''}.`,
    ...shownText(ctx),
  ];
  return {
    ...base(ctx),
    kind: 'logit',
    title: `Logits · "${className}"`,
    lines,
    inputs: flat,
    terms,
    ...(rest.length > 0 ? { otherTerms: { count: rest.length, sum: restSum } } : {}),
    bias,
    windows: [],
    classIndex: k,
    equation: `Σ ${inputs} evidence × weight (${short(sum)}) + bias (${short(bias.value)}) = ${String(ctx.value)}`,
    highlight: { sheet: DENSE_SHEET, ranges: [rangeRef({ row: weights.row, col, rows: inputs, cols: 1 }), rangeRef({ row: biasRange.row, col, rows: 1, cols: 1 })] },
  };
}

/** e^x of each logit; shifted by the largest when e^x would overflow (the ratios are the same). */
function exponentials(logits: readonly number[]): { exps: number[]; shift: number } {
  const plain = logits.map(Math.exp);
  if (plain.every(Number.isFinite) && plain.some((e) => e > 0)) return { exps: plain, shift: 0 };
  const shift = Math.max(...logits);
  return { exps: logits.map((l) => Math.exp(l - shift)), shift };
}

/** Probability k = e^logit k ÷ Σ e^logit. */
export function explainSoftmax(ctx: ExplainContext, k: number): CellExplanation {
  const classes = ctx.spec.classes.length;
  const logits = column(ctx, LOGITS_SHEET, classes);
  const { exps, shift } = exponentials(logits.map((l) => l.value));
  const total = exps.reduce((s, e) => s + e, 0);
  const e = (i: number): string => (shift === 0 ? `e^${short(logits[i].value)}` : `e^(${short(logits[i].value)} − ${short(shift)})`);
  const className = ctx.model.classes[k];
  return {
    ...base(ctx),
    kind: 'softmax',
    title: `Softmax · "${className}"`,
    lines: [
      `e^score makes each score positive and stretches the gaps: ${ctx.model.classes.map((c, i) => `${c} ${e(i)} = ${short(exps[i])}`).join('; ')}.`,
      `Dividing each by their sum, ${short(total)}, makes them add up to 1.`,
      ...(shift === 0 ? [] : [`The largest score (${short(shift)}) is subtracted first so e^x cannot overflow; the ratios are the same.`]),
      ...shownText(ctx),
    ],
    inputs: logits,
    terms: [],
    windows: [],
    classIndex: k,
    equation: `${e(k)} ÷ Σ = ${short(exps[k])} ÷ ${short(total)} = ${String(ctx.value)}`,
    highlight: { sheet: LOGITS_SHEET, ranges: [rangeRef(columnRange(classes))] },
  };
}

/** Any cell of the Loss sheet: its own piece, and the three readings with their numbers. */
export function explainLoss(ctx: ExplainContext): CellExplanation {
  const classes = ctx.spec.classes.length;
  const { probability, target, square, klTerm } = LOSS_TABLE_COLUMNS;
  const table = readBlock(ctx.workbook, LOSS_SHEET, { row: GRID_ORIGIN.row, col: probability, rows: classes, cols: 1 });
  const p = Array.from({ length: classes }, (_, i) => table.number({ row: GRID_ORIGIN.row + i, col: probability }));
  const label = ctx.model.label;
  const names = ctx.model.classes;
  const t = (i: number): number => (i === label ? 1 : 0);
  const squares = p.map((pi, i) => (t(i) - pi.value) ** 2);
  const predicted = argMax(Float64Array.from(p, (pi) => pi.value));
  const k = ctx.pos.row - GRID_ORIGIN.row;
  const inTable = k >= 0 && k < classes;
  const lines: string[] = [];
  let equation = `${String(ctx.value)}`;
  if (label < 0) {
    lines.push('No label is chosen: choose one in the sidebar (or type a class name in Model!B4) to score the picture.');
  } else {
    const pl = p[label].value;
    const distance = Math.sqrt(squares.reduce((s, v) => s + v, 0));
    const ce = -Math.log(pl);
    lines.push(
      `Label "${names[label]}" gets probability ${short(pl)}; the target t is 1 for it, 0 for the others.`,
      `Distance √Σ(t − p)² = ${short(distance)}: 0 is a perfect match.`,
      `Cross-entropy −ln ${short(pl)} = ${short(ce)}: the surprise at the right answer, what training lowers.`,
      `KL divergence Σ t·ln(t ÷ p) = ${short(ce)}: the cross-entropy again, as t is one-hot.`,
    );
    if (ctx.pos.row === LOSS_READING_CELLS.distance.row) {
      if (ctx.pos.col === LOSS_READING_CELLS.distance.col) equation = `√(${squares.map(short).join(' + ')}) = ${String(ctx.value)}`;
      if (ctx.pos.col === LOSS_READING_CELLS.crossEntropy.col || ctx.pos.col === LOSS_READING_CELLS.klDivergence.col) equation = `−ln ${short(pl)} = ${String(ctx.value)}`;
    }
  }
  lines.push(`Predicted: "${names[predicted]}" (${short(p[predicted].value)}).`);
  if (inTable) {
    const col = ctx.pos.col;
    if (col === probability) equation = `${p[k].source} (Softmax) = ${String(ctx.value)}`;
    if (col === target) equation = `t = ${String(ctx.value)}`;
    if (col === square) equation = `(${t(k)} − ${short(p[k].value)})² = ${String(ctx.value)}`;
    if (col === klTerm) equation = `${t(k)} · ln(${t(k)} ÷ ${short(p[k].value)}) = ${String(ctx.value)}`;
  }
  if (ctx.pos.col === LOSS_READING_CELLS.predicted.col && ctx.pos.row === LOSS_READING_CELLS.predicted.row) equation = `argmax p → ${String(ctx.value)}`;
  return {
    ...base(ctx),
    kind: 'loss',
    title: inTable ? `Loss · "${names[k]}"` : 'Loss · the three readings',
    lines: [...lines, ...shownText(ctx)],
    inputs: p,
    terms: [],
    windows: [],
    classIndex: label,
    equation,
    highlight: { sheet: SOFTMAX_SHEET, ranges: [rangeRef(columnRange(classes))] },
  };
}
