/**
 * The forward pass as plain per-cell formulas (SUMPRODUCT, MAX, EXP, SUM, IF): every number can be
 * inspected, and the workbook computes without the add-on, in Excel and in LibreOffice. Each function returns
 * the data block written at B4 of its sheet ('' in gaps); positions come from layout.ts only. The Loss
 * sheet's formulas live in loss-sheet.ts, the checks of typed-in cells in block-checks.ts.
 */
import type { ConvBlockSpec, PoolSpec } from '../core/types';
import { convOutputGeometry } from '../core/conv';
import type { CellInput, CellRange } from './workbook';
import { a1Cell, a1Range, quoteSheetName } from './a1-notation';
import {
  columnRange,
  denseBiasRange,
  denseWeightsRange,
  filterBiasRange,
  filterCell,
  mapCell,
  mapGridSize,
} from './layout';
import { blankGrid, setAt } from './step-sheet';
import { whenChecked } from './block-checks';

type Shape3 = readonly number[];

/**
 * References into one sheet: the quoted sheet name is worked out once, because a default-size model
 * writes hundreds of thousands of references.
 */
function sheetRefs(sheet: string): (row: number, col: number, rows?: number, cols?: number) => string {
  const prefix = `${quoteSheetName(sheet)}!`;
  return (row, col, rows = 1, cols = 1) => prefix + a1Range(null, { row, col, rows, cols });
}

/** Input = each pixel of the R, G, B sheets × inputScale (written as a literal so every cell stands alone). */
export function scaleFormulas(channelSheets: readonly string[], shape: Shape3, inputScale: number): CellInput[][] {
  const [channels, height, width] = shape;
  const grid = blankGrid(mapGridSize(channels, height, width));
  for (let c = 0; c < channels; c++) {
    const channelRef = sheetRefs(channelSheets[c]);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const source = mapCell(1, height, width, 0, y, x);
        setAt(grid, mapCell(channels, height, width, c, y, x), `=${channelRef(source.row, source.col)}*${inputScale}`);
      }
    }
  }
  return grid;
}

/**
 * One output cell = its filter's bias + Σ over input channels of SUMPRODUCT(input window, filter block).
 * Zero padding is done by clipping: the window and the filter block are both cut to the part that lies
 * inside the input, so padded zeros (which add nothing) need no cells.
 */
export function convFormulas(
  inputSheet: string,
  inputShape: Shape3,
  filtersSheetName: string,
  block: ConvBlockSpec,
  outShape: Shape3,
): CellInput[][] {
  const [channels, height, width] = inputShape;
  const [filters, outHeight, outWidth] = outShape;
  const { kernel, stride } = block;
  const padTop = convOutputGeometry(height, kernel, stride, block.padding).padBefore;
  const padLeft = convOutputGeometry(width, kernel, stride, block.padding).padBefore;
  const biases = filterBiasRange(filters, channels, kernel);
  const inputRef = sheetRefs(inputSheet);
  const filterRef = sheetRefs(filtersSheetName);
  const grid = blankGrid(mapGridSize(filters, outHeight, outWidth));
  for (let oy = 0; oy < outHeight; oy++) {
    const top = oy * stride - padTop;
    const i0 = Math.max(0, -top);
    const i1 = Math.min(kernel, height - top);
    for (let ox = 0; ox < outWidth; ox++) {
      const left = ox * stride - padLeft;
      const j0 = Math.max(0, -left);
      const j1 = Math.min(kernel, width - left);
      const terms: string[] = [];
      if (i1 > i0 && j1 > j0) {
        for (let f = 0; f < filters; f++) {
          const products: string[] = [];
          for (let c = 0; c < channels; c++) {
            const from = mapCell(channels, height, width, c, top + i0, left + j0);
            const weights = filterCell(kernel, f, c, i0, j0);
            products.push(
              `SUMPRODUCT(${inputRef(from.row, from.col, i1 - i0, j1 - j0)},${filterRef(weights.row, weights.col, i1 - i0, j1 - j0)})`,
            );
          }
          terms[f] = products.join('+');
        }
      }
      for (let f = 0; f < filters; f++) {
        const bias = filterRef(biases.row + f, biases.col);
        setAt(
          grid,
          mapCell(filters, outHeight, outWidth, f, oy, ox),
          terms[f] === undefined ? `=${bias}` : `=${terms[f]}+${bias}`,
        );
      }
    }
  }
  return grid;
}

/** ReLU cell = MAX(0, the conv cell at the same place). */
export function reluFormulas(convSheetName: string, shape: Shape3): CellInput[][] {
  const [channels, height, width] = shape;
  const convRef = sheetRefs(convSheetName);
  const grid = blankGrid(mapGridSize(channels, height, width));
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const pos = mapCell(channels, height, width, c, y, x);
        setAt(grid, pos, `=MAX(0,${convRef(pos.row, pos.col)})`);
      }
    }
  }
  return grid;
}

/** Pool cell = MAX of its size×size window of the ReLU map. */
export function poolFormulas(
  reluSheetName: string,
  inputShape: Shape3,
  pool: PoolSpec,
  outShape: Shape3,
): CellInput[][] {
  const [channels, height, width] = inputShape;
  const [, outHeight, outWidth] = outShape;
  const reluRef = sheetRefs(reluSheetName);
  const grid = blankGrid(mapGridSize(channels, outHeight, outWidth));
  for (let c = 0; c < channels; c++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const from = mapCell(channels, height, width, c, oy * pool.stride, ox * pool.stride);
        setAt(
          grid,
          mapCell(channels, outHeight, outWidth, c, oy, ox),
          `=MAX(${reluRef(from.row, from.col, pool.size, pool.size)})`,
        );
      }
    }
  }
  return grid;
}

/** Flatten cell n = the map cell it comes from, in CHW order (map by map, row by row). */
export function flattenFormulas(sourceSheet: string, shape: Shape3): CellInput[][] {
  const [channels, height, width] = shape;
  const sourceRef = sheetRefs(sourceSheet);
  const column: CellInput[][] = [];
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const pos = mapCell(channels, height, width, c, y, x);
        column.push([`=${sourceRef(pos.row, pos.col)}`]);
      }
    }
  }
  return column;
}

/**
 * Logit k = SUMPRODUCT(flattened column, class k's weight column) + class k's bias, or the failing check's
 * message while a pixel, weight or bias is not a number (SUMPRODUCT would read it as 0).
 */
export function logitFormulas(
  flattenSheet: string,
  denseSheetName: string,
  inputs: number,
  classes: number,
): CellInput[][] {
  const flat = a1Range(flattenSheet, columnRange(inputs));
  const weights = denseWeightsRange(inputs, classes);
  const biases = denseBiasRange(inputs, classes);
  return Array.from({ length: classes }, (_, k) => [
    '=' +
      whenChecked(
        `SUMPRODUCT(${flat},${a1Range(denseSheetName, { ...weights, col: weights.col + k, cols: 1 })})+` +
          `${a1Range(denseSheetName, { ...biases, col: biases.col + k, cols: 1 })}`,
      ),
  ]);
}

/** Where the softmax sheet keeps e^(logit − max logit) in native mode: one blank column right of the probabilities. */
export function softmaxExpRange(classes: number): CellRange {
  const probabilities = columnRange(classes);
  return { ...probabilities, col: probabilities.col + 2 };
}

/**
 * Probability k = e^(logit k − max) ÷ Σ e^(logit − max); the exponentials sit in their own column so each
 * is visible, and subtracting the largest logit keeps EXP from overflowing (the result is the same). While a
 * check fails the logits are its message, so the probabilities show it too and the exponentials stay blank.
 */
export function softmaxFormulas(logitsSheet: string, classes: number): CellInput[][] {
  const logits = columnRange(classes);
  const exps = softmaxExpRange(classes);
  const allLogits = a1Range(logitsSheet, logits);
  const allExps = a1Range(null, exps);
  return Array.from({ length: classes }, (_, k) => [
    `=${whenChecked(`${a1Cell(exps.row + k, exps.col)}/SUM(${allExps})`)}`,
    '',
    `=${whenChecked(`EXP(${a1Range(logitsSheet, { ...logits, row: logits.row + k, rows: 1 })}-MAX(${allLogits}))`, '""')}`,
  ]);
}
