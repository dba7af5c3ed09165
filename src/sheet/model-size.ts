/**
 * How much of a Google spreadsheet a model's sheets take, known from the spec alone, so a model too big for
 * Sheets is refused before anything is written, with what to change instead. Estimates (e.g. the Build
 * model panel's) use the same numbers.
 */
import { layerShapes } from '../core/spec';
import type { ModelSpec } from '../core/types';
import { SHEETS_CELL_LIMIT, SHEETS_COLUMN_LIMIT } from '../shared/sheets-limits';
import { GRID_ORIGIN, filtersGridSize, mapGridSize } from './layout';
import type { GridSize } from './layout';
import {
  DENSE_SHEET,
  FLATTEN_SHEET,
  INPUT_SHEET,
  LOGITS_SHEET,
  LOSS_SHEET,
  MODEL_SHEET,
  SOFTMAX_SHEET,
  convSheet,
  filtersSheet,
  pictureSheets,
  poolSheet,
  reluSheet,
} from './sheet-names';
import { sheetGridCells } from './sheet-limits';
import { curveBlock } from './step-charts';

export interface SheetExtent {
  readonly sheet: string;
  /** Last row and column the sheet uses (its block from B4 plus labels, biases and check cells beside it). */
  readonly rows: number;
  readonly cols: number;
}

/** Room right of a block for the gap, the biases or a check, and one more gap and check. */
const BESIDE = 4;
/** Room below a block (the dense biases row and its gap). */
const BELOW = 2;
/** The Loss and Model sheets: a few dozen rows of readings and settings, one per class at most. */
const SMALL_SHEET_COLS = 12;

function extent(sheet: string, size: GridSize): SheetExtent {
  return { sheet, rows: GRID_ORIGIN.row - 1 + size.rows + BELOW, cols: GRID_ORIGIN.col - 1 + size.cols + BESIDE };
}

/** The extent of every sheet a build writes, in tab order (the training sheets add gradients of the weights' size). */
export function modelSheetExtents(spec: ModelSpec): SheetExtent[] {
  const shapes = layerShapes(spec);
  const [channels, height, width] = shapes.input;
  const inputs = shapes.flat[0];
  const classes = spec.classes.length;
  const curve = curveBlock(classes);
  const sheets = pictureSheets(channels).map((name) => extent(name, { rows: height, cols: width }));
  sheets.push(extent(INPUT_SHEET, mapGridSize(channels, height, width)));
  let inChannels = channels;
  spec.blocks.forEach((block, i) => {
    const { conv, pool } = shapes.blocks[i];
    sheets.push(extent(filtersSheet(i), filtersGridSize(block.filters, inChannels, block.kernel)));
    sheets.push(
      extent(convSheet(i), mapGridSize(conv[0], conv[1], conv[2])),
      extent(reluSheet(i), mapGridSize(conv[0], conv[1], conv[2])),
    );
    if (block.pool) sheets.push(extent(poolSheet(i), mapGridSize(pool[0], pool[1], pool[2])));
    inChannels = block.filters;
  });
  sheets.push(
    extent(FLATTEN_SHEET, { rows: inputs, cols: 1 }),
    extent(DENSE_SHEET, { rows: inputs, cols: classes }),
    extent(LOGITS_SHEET, { rows: classes, cols: 1 }),
    // The probabilities, and right of them the confidence curve's points, which reach further down.
    { sheet: SOFTMAX_SHEET, rows: curve.row + curve.rows - 1, cols: curve.col + curve.cols - 1 },
    extent(LOSS_SHEET, { rows: classes, cols: SMALL_SHEET_COLS }),
    extent(MODEL_SHEET, { rows: classes + 10, cols: SMALL_SHEET_COLS }),
  );
  return sheets;
}

/** Cells the model's sheets count for in a Google spreadsheet (each at least a new sheet's 1000 × 26). */
export function modelCells(spec: ModelSpec): number {
  return modelSheetExtents(spec).reduce((sum, s) => sum + sheetGridCells(s.rows, s.cols), 0);
}

/**
 * Throws, before anything is written, when the model's sheets would not fit a Google spreadsheet next to
 * `otherCells` cells of other sheets: too many columns in one sheet, or too many cells in all.
 */
export function assertModelFitsSpreadsheet(spec: ModelSpec, otherCells = 0): void {
  const widest = modelSheetExtents(spec).reduce((a, b) => (b.cols > a.cols ? b : a));
  if (widest.cols > SHEETS_COLUMN_LIMIT) {
    throw new Error(
      `This model's "${widest.sheet}" sheet would need ${widest.cols} columns; a Google sheet has at most ${SHEETS_COLUMN_LIMIT}. ` +
        'Use fewer filters or a smaller input picture.',
    );
  }
  const cells = modelCells(spec) + otherCells;
  if (cells > SHEETS_CELL_LIMIT) {
    throw new Error(
      `This model's sheets would take about ${cells.toLocaleString('en-US')} cells${otherCells > 0 ? ' with the other sheets' : ''}; a Google spreadsheet holds at most ` +
        `${SHEETS_CELL_LIMIT.toLocaleString('en-US')}. Use fewer filters, a smaller input picture or fewer classes, or build it in a new spreadsheet.`,
    );
  }
}
