/**
 * What a spec costs in a spreadsheet, before anything is written: the size of every sheet Build model and
 * training write (from the same layout the writers use), the cells Google counts against its 10-million
 * limit, the widest sheet against its column limit, the Train state's packed cells against the 50,000
 * characters a cell holds, and the article's clue count per layer beside them. The Build model editor shows
 * it live; the server refuses a spec it finds problems in before any sheet is touched. Pure.
 */
import type { ModelSpec } from '../core/types';
import { clueCounts, parameterCount, picturesPerTrainingCall, specProblems } from '../core/architecture';
import type { LayerCount, SpecProblem } from '../core/architecture';
import type { KernelPath } from '../core/simd/kernels';
import { blockInputChannels } from '../core/spec';
import type { FormulaMode } from '../shared/api';
import { SHEETS_CELL_CHAR_LIMIT, SHEETS_CELL_LIMIT, SHEETS_COLUMN_LIMIT } from '../shared/sheets-limits';
import { filtersGridSize, HEADER_ROWS, mapGridSize } from './layout';
import {
  convSheet,
  DENSE_GRADIENTS_SHEET,
  DENSE_SHEET,
  filterGradientsSheet,
  filtersSheet,
  FLATTEN_SHEET,
  INPUT_SHEET,
  LOGITS_SHEET,
  LOSS_SHEET,
  MODEL_SHEET,
  pictureSheets,
  poolSheet,
  reluSheet,
  SOFTMAX_SHEET,
} from './sheet-names';
import { modelSheetLastRow } from './model-sheet';
import { packedCellChars, packedCells, trainStateColumns } from './commit-record';
import { TRAIN_STATE_SHEET } from './train-state-sheet';
import { curveBlock } from './step-charts';

/** A new Google sheet has 1000 rows × 26 columns and only grows; every cell of its grid counts against the limit. */
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLS = 26;

export interface SheetSize {
  readonly name: string;
  /** The used block from A1: last row and column that hold anything. */
  readonly rows: number;
  readonly cols: number;
}

/** Cells of a sheet's grid in Google Sheets: at least 1000 × 26, more where the content needs it. */
export function googleGridCells(size: SheetSize): number {
  return Math.max(NEW_SHEET_ROWS, size.rows) * Math.max(NEW_SHEET_COLS, size.cols);
}

/** Column A (row labels) and the header rows come on top of every data grid, which starts at B4. */
function around(name: string, grid: { rows: number; cols: number }, extraCols = 0): SheetSize {
  return { name, rows: HEADER_ROWS + grid.rows, cols: 1 + grid.cols + extraCols };
}

/**
 * The used size of every sheet Build model writes, in tab order. Pixel, filters and dense sheets carry a
 * check one blank column right of their numbers; filters have their biases one blank column right of the
 * blocks; dense biases sit one blank row below the weights; in native mode Logits and Softmax gather the
 * checks in column D.
 */
export function builtSheetSizes(spec: ModelSpec, mode: FormulaMode): SheetSize[] {
  const { channels, height, width } = spec.input;
  const counts = clueCounts(spec);
  const classes = spec.classes.length;
  const flat = counts.find((row) => row.kind === 'flatten')!.valuesOut;
  const mapsOf = (row: LayerCount): { rows: number; cols: number } =>
    mapGridSize(row.shape[0], row.shape[1], row.shape[2]);
  const sizes: SheetSize[] = pictureSheets(channels).map((name) => around(name, { rows: height, cols: width }, 2));
  sizes.push(around(INPUT_SHEET, mapGridSize(channels, height, width)));
  spec.blocks.forEach((block, i) => {
    const filters = filtersGridSize(block.filters, blockInputChannels(spec, i), block.kernel);
    sizes.push(around(filtersSheet(i), { rows: Math.max(filters.rows, block.filters), cols: filters.cols }, 4));
    const rows = counts.filter((row) => row.block === i);
    sizes.push(around(convSheet(i), mapsOf(rows.find((row) => row.kind === 'conv')!)));
    sizes.push(around(reluSheet(i), mapsOf(rows.find((row) => row.kind === 'relu')!)));
    const pool = rows.find((row) => row.kind === 'pool');
    if (pool) sizes.push(around(poolSheet(i), mapsOf(pool)));
  });
  const checksColumn = mode === 'native' ? 2 : 0;
  const curve = curveBlock(classes);
  sizes.push(
    around(FLATTEN_SHEET, { rows: flat, cols: 1 }),
    around(DENSE_SHEET, { rows: flat + 2, cols: classes }, 2),
    around(LOGITS_SHEET, { rows: classes, cols: 1 }, checksColumn),
    // The confidence curve's points stand right of the probabilities and reach below them.
    { name: SOFTMAX_SHEET, rows: curve.row + curve.rows - 1, cols: curve.col + curve.cols - 1 },
    { name: LOSS_SHEET, rows: HEADER_ROWS + classes, cols: 10 },
    // Settings and the layer summary (input, one line per block, flatten, dense, parameters) side by side.
    { name: MODEL_SHEET, rows: modelSheetLastRow(spec), cols: 5 },
  );
  return sizes;
}

/** Adam keeps two slots (m and v) beside the weights: the largest Train state any optimizer writes. */
const ADAM_NUMBERS_PER_WEIGHT = 3;

function trainStateNumbers(spec: ModelSpec): number {
  return parameterCount(spec) * ADAM_NUMBERS_PER_WEIGHT;
}

/**
 * The sheets training adds: a gradients sheet beside each weights sheet (the same layout), and the Dataset,
 * Train state, Training log and Evaluation sheets, which stay within a new sheet's 1000 × 26 grid until the
 * Dataset passes 997 pictures.
 */
export function trainingSheetSizes(spec: ModelSpec, built: readonly SheetSize[]): SheetSize[] {
  const sizeOf = (name: string): SheetSize => built.find((s) => s.name === name)!;
  return [
    ...spec.blocks.map((_, i) => ({ ...sizeOf(filtersSheet(i)), name: filterGradientsSheet(i) })),
    { ...sizeOf(DENSE_SHEET), name: DENSE_GRADIENTS_SHEET },
    ...['Dataset', 'Training log', 'Evaluation'].map((name) => ({ name, rows: 1, cols: 1 })),
    { name: TRAIN_STATE_SHEET, rows: 5, cols: trainStateColumns(trainStateNumbers(spec)) },
  ];
}

export interface LayerReport extends LayerCount {
  /** The sheets that show this layer (its filters sheet too, for a conv layer). */
  readonly sheets: readonly string[];
  /** Used cells of those sheets. */
  readonly cells: number;
}

export interface ArchitectureReport {
  /** Problems with the field each is in; when any is a spec problem, the other fields are empty. */
  readonly problems: SpecProblem[];
  readonly layers: LayerReport[];
  readonly sheets: SheetSize[];
  readonly trainingSheets: SheetSize[];
  readonly totals: {
    readonly parameters: number;
    /** Used cells of the sheets Build model writes. */
    readonly usedCells: number;
    /** Cells Google counts for the model and training sheets (each sheet's grid, at least 1000 × 26). */
    readonly googleCells: number;
    readonly cellLimit: number;
    readonly widestSheet: SheetSize;
    readonly columnLimit: number;
    /** Train state with Adam (the largest optimizer state): the numbers, the cells they pack into, the longest cell. */
    readonly trainStateNumbers: number;
    readonly trainStateCells: number;
    readonly trainStateCellChars: number;
    readonly cellCharLimit: number;
    /** Estimated pictures per 25-s training call on each kernel path; the Build panel shows the server's. */
    readonly picturesPerCall: Readonly<Record<KernelPath, number>>;
  } | null;
}

const SHEET_LAYER: Record<LayerCount['kind'], (block: number) => string[]> = {
  input: () => [INPUT_SHEET],
  conv: (i) => [filtersSheet(i), convSheet(i)],
  relu: (i) => [reluSheet(i)],
  pool: (i) => [poolSheet(i)],
  flatten: () => [FLATTEN_SHEET],
  dense: () => [DENSE_SHEET, LOGITS_SHEET],
  softmax: () => [SOFTMAX_SHEET],
};

interface SheetTotals {
  readonly built: SheetSize[];
  readonly training: SheetSize[];
  readonly googleCells: number;
  readonly widestSheet: SheetSize;
}

function sheetTotals(spec: ModelSpec, mode: FormulaMode): SheetTotals {
  const built = builtSheetSizes(spec, mode);
  const training = trainingSheetSizes(spec, built);
  const all = [...built, ...training];
  return {
    built,
    training,
    googleCells: all.reduce((sum, s) => sum + googleGridCells(s), 0),
    widestSheet: all.reduce((widest, s) => (s.cols > widest.cols ? s : widest)),
  };
}

function limitProblemsOf(totals: SheetTotals): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const fix = 'use a smaller input, fewer filters, a stride of 2 or a pool';
  const { googleCells, widestSheet } = totals;
  if (googleCells > SHEETS_CELL_LIMIT) {
    problems.push({
      field: 'blocks',
      message: `The model and training sheets need ${googleCells.toLocaleString('en-US')} cells; Google Sheets holds ${SHEETS_CELL_LIMIT.toLocaleString('en-US')} per spreadsheet: ${fix}.`,
    });
  }
  if (widestSheet.cols > SHEETS_COLUMN_LIMIT) {
    problems.push({
      field: 'blocks',
      message: `Sheet "${widestSheet.name}" needs ${widestSheet.cols.toLocaleString('en-US')} columns; Google Sheets allows ${SHEETS_COLUMN_LIMIT.toLocaleString('en-US')}: ${fix}.`,
    });
  }
  return problems;
}

/** What refuses a spec before anything is written: its own problems, then Google's cell and column limits. */
export function buildProblems(spec: ModelSpec, mode: FormulaMode): SpecProblem[] {
  const problems = specProblems(spec);
  return problems.length > 0 ? problems : limitProblemsOf(sheetTotals(spec, mode));
}

/** Everything the editor's table shows, and the problems that refuse the spec; recomputed on every change. */
export function architectureReport(spec: ModelSpec, mode: FormulaMode): ArchitectureReport {
  const problems = specProblems(spec);
  if (problems.length > 0) return { problems, layers: [], sheets: [], trainingSheets: [], totals: null };
  const sheetSums = sheetTotals(spec, mode);
  const { built: sheets, training: trainingSheets } = sheetSums;
  const cellsOf = (name: string): number => {
    const size = sheets.find((s) => s.name === name);
    return size ? size.rows * size.cols : 0;
  };
  const layers = clueCounts(spec).map((row) => {
    const names =
      row.kind === 'input' ? [...pictureSheets(spec.input.channels), INPUT_SHEET] : SHEET_LAYER[row.kind](row.block);
    return { ...row, sheets: names, cells: names.reduce((sum, name) => sum + cellsOf(name), 0) };
  });
  const stateNumbers = trainStateNumbers(spec);
  const totals = {
    parameters: parameterCount(spec),
    usedCells: sheets.reduce((sum, s) => sum + s.rows * s.cols, 0),
    googleCells: sheetSums.googleCells,
    cellLimit: SHEETS_CELL_LIMIT,
    widestSheet: sheetSums.widestSheet,
    columnLimit: SHEETS_COLUMN_LIMIT,
    trainStateNumbers: stateNumbers,
    trainStateCells: packedCells(stateNumbers),
    trainStateCellChars: packedCellChars(stateNumbers),
    cellCharLimit: SHEETS_CELL_CHAR_LIMIT,
    picturesPerCall: {
      'wasm-simd': picturesPerTrainingCall(spec, 'wasm-simd'),
      javascript: picturesPerTrainingCall(spec, 'javascript'),
    },
  };
  return { problems: limitProblemsOf(sheetSums), layers, sheets, trainingSheets, totals };
}
