/**
 * Checks of the blocks people type into — the pixels of R, G and B, each "Conv{i} filters" sheet and "Dense
 * weights" — as plain formulas (COUNT, COUNTA, MIN, MAX, IF) that Google Sheets, Excel and LibreOffice all
 * compute. They exist because SUMPRODUCT reads text and blank cells as 0: without them, a typo in a weight
 * would give wrong probabilities in native mode with nothing to say so.
 *
 * Each check sits in row 3 (frozen, so it stays in view), one blank column right of its block, and shows
 * CHECK_OK or what is wrong, where, and how to fix it. In native mode the Logits sheet gathers the checks in
 * one status cell, and Logits, Softmax and Loss show the first failing message instead of numbers.
 */
import type { ModelSpec } from '../core/types';
import { blockInputChannels, layerShapes } from '../core/spec';
import type { CellPosition } from './layout';
import {
  GRID_ORIGIN,
  HEADER_ROWS,
  denseBiasRange,
  denseWeightsRange,
  filterBiasRange,
  filterCell,
  filtersRange,
  mapRange,
} from './layout';
import { a1Cell, a1Range, columnLetter, quoteSheetName } from './a1-notation';
import type { CellRange } from './workbook';
import type { StepSheetContent } from './step-sheet';
import { pictureSheets, DENSE_SHEET, LOGITS_SHEET, filtersSheet } from './sheet-names';

/** What a check shows while its block is fine. */
export const CHECK_OK = 'Check: OK';

/** A check formula, where it sits, and the note that explains it. */
export interface BlockCheck {
  readonly sheet: string;
  readonly cell: CellPosition;
  readonly formula: string;
  readonly note: string;
}

/** Excel and LibreOffice take at most 255 arguments per function call. */
const MAX_ARGUMENTS = 250;

/** A text literal for a formula. */
function literal(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** COUNTA over many ranges, split into calls of at most MAX_ARGUMENTS ranges each. */
function countNonBlank(ranges: readonly CellRange[]): string {
  const calls: string[] = [];
  for (let i = 0; i < ranges.length; i += MAX_ARGUMENTS) {
    calls.push(
      `COUNTA(${ranges
        .slice(i, i + MAX_ARGUMENTS)
        .map((r) => a1Range(null, r))
        .join(',')})`,
    );
  }
  return calls.join('+');
}

/** A block of cells that must all be numbers, with the cells around and between its parts that must stay blank. */
interface CountedBlock {
  readonly sheet: string;
  readonly at: CellPosition;
  /** What the cells hold, plural: "pixels", "weights and biases". */
  readonly what: string;
  /** The sentence saying what to type where. */
  readonly fix: string;
  /** The ranges that hold the numbers (gaps inside them included) and how many numbers they hold. */
  readonly parts: readonly CellRange[];
  readonly count: number;
  readonly gaps: readonly CellRange[];
  /** Names the gap cells for the message, e.g. "row 22, between the weights and the biases". */
  readonly gapText: string;
  /** The result once every cell is a number and the gaps are blank (a further check may go here). */
  readonly counted?: string;
}

function countingCheck(b: CountedBlock): BlockCheck {
  const { count } = b;
  const numbers = b.parts.map((r) => `COUNT(${a1Range(null, r)})`).join('+');
  const notNumbers = `${literal(`${b.sheet}: ${b.what} that are not numbers (text, blank or an error): `)}&(${count}-(${numbers}))&${literal(` of ${count}. ${b.fix}`)}`;
  const counted = b.counted ?? literal(CHECK_OK);
  const gapProblem = literal(
    `${b.sheet}: a cell that must stay empty holds something (${b.gapText}). Move it back into its block, or delete it.`,
  );
  const afterCount = b.gaps.length === 0 ? counted : `IF(${countNonBlank(b.gaps)}>0,${gapProblem},${counted})`;
  return {
    sheet: b.sheet,
    cell: b.at,
    formula: `=IF(${numbers}<${count},${notNumbers},${afterCount})`,
    note:
      `Checks that all ${count} ${b.what} here are numbers${b.gaps.length === 0 ? '' : ' and that the cells between blocks are empty'}. ` +
      'Plain formulas read text or a blank cell as 0, so in native mode the Logits, Softmax and Loss sheets show this message ' +
      `instead of numbers until it says ${CHECK_OK}.`,
  };
}

/** Row 3, one blank column right of a block that ends in column `lastCol`. */
function checkCell(lastCol: number): CellPosition {
  return { row: HEADER_ROWS, col: lastCol + 2 };
}

/** The check of one picture channel: H×W numbers from 0 to 255. */
export function pixelCheck(sheet: string, height: number, width: number): BlockCheck {
  const block = mapRange(1, height, width);
  const range = a1Range(null, block);
  const outOfRange =
    `${literal(`${sheet}: a pixel in ${range} is outside 0–255 (smallest `)}&MIN(${range})&${literal(', largest ')}&MAX(${range})&` +
    literal('). Type values from 0 to 255.');
  const check = countingCheck({
    sheet,
    at: checkCell(block.col + block.cols - 1),
    what: 'pixels',
    fix: `Type a number from 0 to 255 in each cell of ${range}.`,
    parts: [block],
    count: height * width,
    gaps: [],
    gapText: '',
    // Only reached once every cell is a number, so MIN and MAX cannot meet an error.
    counted: `IF(OR(MIN(${range})<0,MAX(${range})>255),${outOfRange},${literal(CHECK_OK)})`,
  });
  return { ...check, note: `${check.note} Pixels must also lie from 0 to 255.` };
}

/** The check of block `block`'s filters: F×C k×k blocks and F biases, blank rows/columns between them. */
export function filtersCheck(block: number, filters: number, channels: number, kernel: number): BlockCheck {
  const weights = filtersRange(filters, channels, kernel);
  const bias = filterBiasRange(filters, channels, kernel);
  const gaps: CellRange[] = [];
  for (let f = 1; f < filters; f++)
    gaps.push({ row: filterCell(kernel, f, 0, 0, 0).row - 1, col: weights.col, rows: 1, cols: weights.cols });
  for (let c = 1; c < channels; c++)
    gaps.push({ row: weights.row, col: filterCell(kernel, 0, c, 0, 0).col - 1, rows: weights.rows, cols: 1 });
  gaps.push({ row: weights.row, col: bias.col - 1, rows: weights.rows, cols: 1 });
  if (weights.rows > filters)
    gaps.push({ row: bias.row + filters, col: bias.col, rows: weights.rows - filters, cols: 1 });
  const blocks = `${kernel}×${kernel} blocks in ${a1Range(null, weights)}`;
  return countingCheck({
    sheet: filtersSheet(block),
    at: checkCell(bias.col),
    what: 'weights and biases',
    fix: `Type a number in each cell of the ${blocks} and of the biases in ${a1Range(null, bias)}.`,
    parts: [weights, bias],
    count: filters * (channels * kernel * kernel + 1),
    gaps,
    gapText: `the blank rows and columns between the ${blocks}, column ${columnLetter(bias.col - 1)}, or below the biases`,
  });
}

/** The check of the dense weights (N×K) and biases (1×K), with the blank row between them. */
export function denseCheck(inputs: number, classes: number): BlockCheck {
  const weights = denseWeightsRange(inputs, classes);
  const bias = denseBiasRange(inputs, classes);
  const gap: CellRange = { ...bias, row: bias.row - 1 };
  return countingCheck({
    sheet: DENSE_SHEET,
    at: checkCell(weights.col + weights.cols - 1),
    what: 'weights and biases',
    fix: `Type a number in each cell of ${a1Range(null, weights)} and of the biases in ${a1Range(null, bias)}.`,
    parts: [weights, bias],
    count: (inputs + 1) * classes,
    gaps: [gap],
    gapText: `row ${gap.row}, between the weights and the biases`,
  });
}

/** Every block check of a model, in tab order. */
export function modelChecks(spec: ModelSpec): BlockCheck[] {
  const { height, width } = spec.input;
  return [
    ...pictureSheets(spec.input.channels).map((sheet) => pixelCheck(sheet, height, width)),
    ...spec.blocks.map((block, i) => filtersCheck(i, block.filters, blockInputChannels(spec, i), block.kernel)),
    denseCheck(layerShapes(spec).flat[0], spec.classes.length),
  ];
}

/** Where the Logits sheet gathers the checks in native mode: row 3, one blank column right of the logits. */
const CHECK_STATUS_CELL: CellPosition = { row: HEADER_ROWS, col: GRID_ORIGIN.col + 2 };

const STATUS_REF = `${quoteSheetName(LOGITS_SHEET)}!$${columnLetter(CHECK_STATUS_CELL.col)}$${CHECK_STATUS_CELL.row}`;

/**
 * The status cell: CHECK_OK, or the message of the first check that fails. A check cell someone emptied
 * says so, rather than letting a blank read as a 0 downstream.
 */
export function checkStatus(spec: ModelSpec): BlockCheck {
  let formula = literal(CHECK_OK);
  for (const check of modelChecks(spec).reverse()) {
    const cell = a1Cell(check.cell.row, check.cell.col);
    const ref = `${quoteSheetName(check.sheet)}!${cell}`;
    const emptied = literal(`${check.sheet}: its check in ${cell} is empty; run Build model to write it again.`);
    formula = `IF(${ref}<>${literal(CHECK_OK)},IF(${ref}="",${emptied},${ref}),${formula})`;
  }
  return {
    sheet: LOGITS_SHEET,
    cell: CHECK_STATUS_CELL,
    formula: `=${formula}`,
    note:
      `${CHECK_OK} when the pixels, filters and dense weights all pass their checks (row 3 of each of those sheets); ` +
      'otherwise the first failing check, which the logits, probabilities and loss show instead of numbers.',
  };
}

/** `formula` (without '=') while every check passes, `otherwise` (the failing message by default) while one fails. */
export function whenChecked(formula: string, otherwise: string = STATUS_REF): string {
  return `IF(${STATUS_REF}=${literal(CHECK_OK)},${formula},${otherwise})`;
}

/** The sheet content with the check written in its row 3 and its note added (no extra Workbook calls). */
export function withCheck(content: StepSheetContent, check: BlockCheck): StepSheetContent {
  if (check.sheet !== content.name)
    throw new Error(`withCheck: the check of "${check.sheet}" does not belong on "${content.name}"`);
  return {
    ...content,
    columnLabels: [...content.columnLabels, { ...check.cell, text: check.formula }],
    notes: [...content.notes, { ...check.cell, text: check.note }],
  };
}
