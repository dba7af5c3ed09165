/**
 * What a sheet holding one tensor looks like: labels, notes, number formats, widths and colours for maps,
 * filters, dense weights and columns of numbers. The positions all come from layout.ts; the data block
 * (numbers or formulas) comes from the caller, so one description serves every formula mode and both
 * weights and gradients.
 */
import type { CellInput, ColorRule } from './workbook';
import {
  GRID_ORIGIN,
  columnRange,
  denseBiasRange,
  denseWeightsRange,
  filterBiasRange,
  filterCell,
  filtersRange,
  gridShape,
  mapCell,
  mapRange,
} from './layout';
import { columnLetter } from './a1-notation';
import { plural } from '../shared/plural';
import type { PlacedText, StepSheetContent } from './step-sheet';
import { divergingRule } from './colors';
import type { ValueSpan } from './number-display';
import { numberFormatFor, numberWidthFor, scaleLimit } from './number-display';

/** Display format of probabilities and losses. */
export const PROBABILITY_FORMAT = '0.0000';

/**
 * The numbers a sheet shows, for choosing their format, column width and colour scale (number-display.ts).
 * For formulas, the values they compute now.
 */
export interface BlockValues {
  readonly span: ValueSpan;
  /** Defaults to the format the span needs. */
  readonly format?: string;
  /** End of the diverging colour scale (±limit); defaults to the span's. */
  readonly limit?: number;
  /** The span is every value the cells can hold (pixels 0–255), so no room for a longer value is kept. */
  readonly bounded?: boolean;
}

function formatOf(values: BlockValues): string {
  return values.format ?? numberFormatFor(values.span);
}

function widthOf(values: BlockValues, labels: readonly string[] = []): number {
  return numberWidthFor(values.span, formatOf(values), labels, !values.bounded);
}

function limitOf(values: BlockValues): number {
  return values.limit ?? scaleLimit(values.span);
}

interface SheetText {
  readonly name: string;
  readonly title: string;
  /** Said after the shape on row 2 (where the numbers come from, what to edit). */
  readonly detail: string;
}

/** "Map 1, 5, 9, 13" — the maps in one column of blocks, for the row-3 label above it. */
function mapColumnLabel(channels: number, blockCol: number, gridCols: number, mapName: (c: number) => string): string {
  const maps: string[] = [];
  for (let c = blockCol; c < channels; c += gridCols) maps.push(mapName(c));
  return maps.length <= 4 ? maps.join(', ') : `${maps[0]}, ${maps[1]}, …, ${maps[maps.length - 1]}`;
}

export interface MapSheetOptions extends SheetText {
  /** [C, H, W]. */
  readonly shape: readonly number[];
  /** Values or formulas, as a grid at B4 (a single spilling formula is a 1×1 block). */
  readonly data: readonly (readonly CellInput[])[];
  /** Label of map c, e.g. "Map 3" or "R". */
  readonly mapName: (c: number) => string;
  /** The note on map c's first cell. */
  readonly mapNote: (c: number) => string;
  readonly values: BlockValues;
  /** Defaults to one diverging scale over the whole grid. */
  readonly colorRules?: readonly ColorRule[];
}

/** A tensor of C maps of H×W as a grid of blocks (Input, Conv, ReLU, Pool, and gradients of those). */
export function mapSheet(o: MapSheetOptions): StepSheetContent {
  const [channels, height, width] = o.shape;
  const { gridRows, gridCols } = gridShape(channels);
  const range = mapRange(channels, height, width);
  const columnLabels: PlacedText[] = [{ row: 3, col: 1, text: 'Maps ↓ / columns →' }];
  for (let bc = 0; bc < Math.min(gridCols, channels); bc++) {
    columnLabels.push({
      row: 3,
      col: mapCell(channels, height, width, bc, 0, 0).col,
      text: mapColumnLabel(channels, bc, gridCols, o.mapName),
    });
  }
  const rowLabels: PlacedText[] = [];
  for (let br = 0; br < gridRows; br++) {
    const first = br * gridCols;
    const last = Math.min(channels, first + gridCols) - 1;
    const text = first === last ? o.mapName(first) : `${o.mapName(first)} – ${o.mapName(last)}`;
    rowLabels.push({ row: mapCell(channels, height, width, first, 0, 0).row, col: 1, text });
  }
  const notes: PlacedText[] = [];
  for (let c = 0; c < channels; c++) notes.push({ ...mapCell(channels, height, width, c, 0, 0), text: o.mapNote(c) });
  const arrangement =
    channels === 1
      ? `1 map of ${height} × ${width}`
      : `${channels} maps of ${height} × ${width}, ${gridRows} × ${gridCols} blocks: the first top-left, then left to right and down, one blank row/column between maps`;
  return {
    name: o.name,
    title: o.title,
    reading: `${arrangement}. ${o.detail}`,
    columnLabels,
    rowLabels,
    data: o.data,
    numberFormats: [{ range, format: formatOf(o.values) }],
    widths: [{ firstCol: GRID_ORIGIN.col, count: range.cols, px: widthOf(o.values) }],
    notes,
    colorRules: o.colorRules ?? [divergingRule([range], limitOf(o.values))],
  };
}

export interface FilterSheetOptions extends SheetText {
  readonly filters: number;
  readonly channels: number;
  readonly kernel: number;
  /** Weights and biases as one grid at B4 (see filterBlock). */
  readonly data: readonly (readonly CellInput[])[];
  /** Label of input channel c, e.g. "R" or "Pool1 map 3". */
  readonly channelName: (c: number) => string;
  /** What one k×k block is, for its note (e.g. "weights", "dL/dW"). */
  readonly blockWhat: string;
  readonly biasLabel: string;
  readonly values: BlockValues;
}

/** Conv filters (or their gradients): one row of k×k blocks per filter, biases in a column beside them. */
export function filterSheet(o: FilterSheetOptions): StepSheetContent {
  const { filters, channels, kernel } = o;
  const weights = filtersRange(filters, channels, kernel);
  const bias = filterBiasRange(filters, channels, kernel);
  const columnLabels: PlacedText[] = [{ row: 3, col: 1, text: 'Filter ↓ / channel →' }];
  for (let c = 0; c < channels; c++)
    columnLabels.push({ row: 3, col: filterCell(kernel, 0, c, 0, 0).col, text: o.channelName(c) });
  columnLabels.push({ row: 3, col: bias.col, text: o.biasLabel });
  const rowLabels: PlacedText[] = [];
  const notes: PlacedText[] = [];
  for (let f = 0; f < filters; f++) {
    rowLabels.push({ row: filterCell(kernel, f, 0, 0, 0).row, col: 1, text: `Filter ${f + 1}` });
    for (let c = 0; c < channels; c++) {
      notes.push({
        ...filterCell(kernel, f, c, 0, 0),
        text: `Filter ${f + 1}, channel ${o.channelName(c)}: ${kernel}×${kernel} ${o.blockWhat}, one per cell of each ${kernel}×${kernel} window of that channel`,
      });
    }
  }
  notes.push({ row: bias.row, col: bias.col, text: `${o.biasLabel}: one per filter, row by row (filter 1 first)` });
  return {
    name: o.name,
    title: o.title,
    reading:
      `${plural(filters, 'filter')} × ${plural(channels, 'channel')} × ${kernel} × ${kernel}: one row of blocks per filter, ` +
      `one ${kernel}×${kernel} block per input channel; ${o.biasLabel.toLowerCase()} in column ${columnLetter(bias.col)}. ${o.detail}`,
    columnLabels,
    rowLabels,
    data: o.data,
    numberFormats: [
      {
        range: { ...GRID_ORIGIN, rows: weights.rows, cols: bias.col - GRID_ORIGIN.col + 1 },
        format: formatOf(o.values),
      },
    ],
    widths: [
      { firstCol: GRID_ORIGIN.col, count: bias.col - GRID_ORIGIN.col, px: widthOf(o.values) },
      { firstCol: bias.col, count: 1, px: widthOf(o.values, [o.biasLabel]) },
    ],
    notes,
    colorRules: [divergingRule([weights, bias], limitOf(o.values))],
  };
}

export interface DenseSheetOptions extends SheetText {
  readonly inputs: number;
  /** Row-3 labels: the class names (formulas pointing at the Model sheet, so renames follow). */
  readonly classLabels: readonly CellInput[];
  /** Label of flattened value n, for column A. */
  readonly inputName: (n: number) => string;
  /** Weights, a blank row, then biases: one grid at B4 (see denseBlock). */
  readonly data: readonly (readonly CellInput[])[];
  readonly what: string;
  readonly biasLabel: string;
  readonly values: BlockValues;
  /** The class names the row-3 formulas show, so the columns fit them. */
  readonly classNames: readonly string[];
}

/** Dense weights (or their gradients): one row per flattened value, one column per class, biases below. */
export function denseSheet(o: DenseSheetOptions): StepSheetContent {
  const classes = o.classLabels.length;
  const weights = denseWeightsRange(o.inputs, classes);
  const bias = denseBiasRange(o.inputs, classes);
  const rowLabels: PlacedText[] = [];
  for (let n = 0; n < o.inputs; n++) rowLabels.push({ row: GRID_ORIGIN.row + n, col: 1, text: o.inputName(n) });
  rowLabels.push({ row: bias.row, col: 1, text: o.biasLabel });
  return {
    name: o.name,
    title: o.title,
    reading:
      `${o.inputs} × ${classes} ${o.what}: row n belongs to flattened value n, one column per class; ` +
      `${o.biasLabel.toLowerCase()} in row ${bias.row}. ${o.detail}`,
    columnLabels: [
      { row: 3, col: 1, text: 'Flattened value ↓ / class →' },
      ...o.classLabels.map((text, k) => ({ row: 3, col: GRID_ORIGIN.col + k, text })),
    ],
    rowLabels,
    data: o.data,
    numberFormats: [{ range: { ...weights, rows: bias.row - weights.row + 1 }, format: formatOf(o.values) }],
    widths: [{ firstCol: GRID_ORIGIN.col, count: classes, px: widthOf(o.values, o.classNames) }],
    notes: [
      {
        row: weights.row,
        col: weights.col,
        text: `Weight of flattened value 1 for the first class; each column is one class's weights`,
      },
    ],
    colorRules: [divergingRule([weights, bias], limitOf(o.values))],
  };
}

export interface ColumnSheetOptions extends SheetText {
  readonly length: number;
  readonly heading: string;
  /** Column A labels, one per value. */
  readonly labels: readonly CellInput[];
  readonly data: readonly (readonly CellInput[])[];
  readonly values: BlockValues;
  readonly note: string;
  readonly colorRules: readonly ColorRule[];
  /** Extra row-3 labels right of the column (helper columns). */
  readonly extraHeadings?: readonly PlacedText[];
}

/** A column of numbers at B4 (Flatten, Logits, Softmax); helper columns beside it share its format and width. */
export function columnSheet(o: ColumnSheetOptions): StepSheetContent {
  const range = columnRange(o.length);
  const width = o.data[0]?.length ?? 1;
  return {
    name: o.name,
    title: o.title,
    reading: `${plural(o.length, 'value')} in one column from row ${range.row}. ${o.detail}`,
    columnLabels: [{ row: 3, col: GRID_ORIGIN.col, text: o.heading }, ...(o.extraHeadings ?? [])],
    rowLabels: o.labels.map((text, i) => ({ row: range.row + i, col: 1, text })),
    data: o.data,
    numberFormats: [{ range: { ...range, cols: width }, format: formatOf(o.values) }],
    widths: [
      {
        firstCol: GRID_ORIGIN.col,
        count: width,
        px: widthOf(o.values, [o.heading, ...(o.extraHeadings ?? []).map((h) => String(h.text))]),
      },
    ],
    notes: [{ row: range.row, col: range.col, text: o.note }],
    colorRules: o.colorRules,
  };
}
