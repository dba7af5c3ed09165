/**
 * "Explain this cell": which step a selected cell belongs to, and how it is computed, with the numbers read
 * from the sheets (so the explanation matches the sheet in every formula mode). Reads: the Model sheet, the
 * selected cell, then the few blocks that step needs, each in one call.
 */
import type { CellExplanation, OtherReason } from '../shared/explanation';
import type { CellPosition } from './layout';
import { GRID_ORIGIN, denseBiasRange, filterElementAt, mapElementAt } from './layout';
import { a1Cell } from './a1-notation';
import {
  pictureSheets,
  DENSE_GRADIENTS_SHEET,
  DENSE_SHEET,
  FLATTEN_SHEET,
  INPUT_SHEET,
  LOGITS_SHEET,
  LOSS_SHEET,
  MODEL_SHEET,
  SOFTMAX_SHEET,
  convSheet,
  filterGradientsSheet,
  filtersSheet,
  poolSheet,
  reluSheet,
} from './sheet-names';
import { readModelSheet } from './model-sheet';
import type { Workbook } from './workbook';
import type { ExplainContext } from './explain-reads';
import { explainContext } from './explain-reads';
import { explainConv, explainFlatten, explainInput, explainPixel, explainPool, explainRelu } from './explain-maps';
import { explainLogit, explainLoss, explainSoftmax } from './explain-head';
import { explainConvParam, explainDenseParam } from './explain-weights';

/** An explanation of a cell that is not one of the model's numbers: what to select instead. */
function notANumber(
  sheet: string,
  pos: CellPosition,
  value: CellExplanation['value'],
  reason: OtherReason,
): CellExplanation {
  return {
    sheet,
    cell: a1Cell(pos.row, pos.col),
    kind: 'other',
    facts: { kind: 'other', reason },
    value,
    inputs: [],
    terms: [],
    windows: [],
    highlight: null,
  };
}

/** The explanation for a cell of a map sheet (Input, ConvN, ReLUN, PoolN) or a channel sheet, or null when the sheet is not one. */
function explainMapCell(ctx: ExplainContext): CellExplanation | null {
  const { sheet, pos, shapes, spec } = ctx;
  const [channels, height, width] = shapes.input;
  const channel = pictureSheets(channels).indexOf(sheet);
  if (channel >= 0) {
    const at = mapElementAt(1, height, width, pos);
    return at && explainPixel(ctx, channel, at.y, at.x);
  }
  if (sheet === INPUT_SHEET) {
    const at = mapElementAt(channels, height, width, pos);
    return at && explainInput(ctx, at.c, at.y, at.x);
  }
  for (let i = 0; i < spec.blocks.length; i++) {
    const [filters, height, width] = shapes.blocks[i].conv;
    if (sheet === convSheet(i) || sheet === reluSheet(i)) {
      const at = mapElementAt(filters, height, width, pos);
      if (at === null) return null;
      return sheet === convSheet(i) ? explainConv(ctx, i, at.c, at.y, at.x) : explainRelu(ctx, i, at.c, at.y, at.x);
    }
    if (spec.blocks[i].pool !== null && sheet === poolSheet(i)) {
      const [, ph, pw] = shapes.blocks[i].pool;
      const at = mapElementAt(filters, ph, pw, pos);
      return at && explainPool(ctx, i, at.c, at.y, at.x);
    }
    if (sheet === filtersSheet(i) || sheet === filterGradientsSheet(i)) {
      const channels = i === 0 ? shapes.input[0] : shapes.blocks[i - 1].pool[0];
      const at = filterElementAt(filters, channels, spec.blocks[i].kernel, pos);
      return at && explainConvParam(ctx, i, at);
    }
  }
  return null;
}

/** The explanation for a cell of Flatten, Dense weights, Logits, Softmax or Loss. */
function explainHeadCell(ctx: ExplainContext): CellExplanation | null {
  const { sheet, pos } = ctx;
  const [inputs] = ctx.shapes.flat;
  const classes = ctx.spec.classes.length;
  const index = pos.row - GRID_ORIGIN.row;
  const inColumn = (length: number): boolean => pos.col === GRID_ORIGIN.col && index >= 0 && index < length;
  if (sheet === FLATTEN_SHEET) return inColumn(inputs) ? explainFlatten(ctx, index) : null;
  if (sheet === LOGITS_SHEET) return inColumn(classes) ? explainLogit(ctx, index) : null;
  if (sheet === SOFTMAX_SHEET) return inColumn(classes) ? explainSoftmax(ctx, index) : null;
  if (sheet === LOSS_SHEET)
    return index >= 0 && index < Math.max(classes, 2) && pos.col >= GRID_ORIGIN.col ? explainLoss(ctx) : null;
  if (sheet === DENSE_SHEET || sheet === DENSE_GRADIENTS_SHEET) {
    const k = pos.col - GRID_ORIGIN.col;
    if (k < 0 || k >= classes) return null;
    if (index >= 0 && index < inputs) return explainDenseParam(ctx, { kind: 'weight', n: index, k });
    return pos.row === denseBiasRange(inputs, classes).row ? explainDenseParam(ctx, { kind: 'bias', k }) : null;
  }
  return null;
}

/** How the cell at `pos` of `sheet` is computed, with the numbers the sheets hold now. */
export function explainCell(workbook: Workbook, sheet: string, pos: CellPosition): CellExplanation {
  const names = workbook.sheetNames();
  if (!names.includes(sheet)) throw new Error(`There is no sheet named "${sheet}".`);
  const value = workbook.readValues(sheet, { ...pos, rows: 1, cols: 1 })[0][0];
  if (!names.includes(MODEL_SHEET)) return notANumber(sheet, pos, value, 'noModel');
  if (sheet === MODEL_SHEET) return notANumber(sheet, pos, value, 'modelSheet');
  if (pos.row <= GRID_ORIGIN.row - 1 || pos.col < GRID_ORIGIN.col) return notANumber(sheet, pos, value, 'labels');
  const ctx = explainContext(workbook, readModelSheet(workbook), sheet, pos, value);
  const found = explainMapCell(ctx) ?? explainHeadCell(ctx);
  if (found) return found;
  return notANumber(sheet, pos, value, value === '' ? 'blank' : 'notModel');
}
