/**
 * The Loss sheet: for the label chosen on the Model sheet, each class's probability and one-hot target, the
 * per-class pieces of each reading, and the article's three readings of the loss side by side (distance,
 * negative log-likelihood, KL divergence) with the predicted class.
 */
import type { FormulaMode } from '../shared/api';
import type { LossReadings, Tensor } from '../core/types';
import { argMax } from '../core/tensor';
import type { CellInput, CellRange } from './workbook';
import { textCell } from './workbook';
import { GRID_ORIGIN, columnRange } from './layout';
import { a1Cell, a1Range } from './a1-notation';
import { LOSS_SHEET, MODEL_SHEET, SOFTMAX_SHEET } from './sheet-names';
import { classNameRef, labelRef, LABEL_CELL } from './model-sheet';
import { probabilityRule } from './colors';
import { PROBABILITY_FORMAT } from './tensor-sheets';
import { stepTitle, valueCountText } from './steps';
import { whenChecked } from './block-checks';
import type { StepSheetContent } from './step-sheet';

/** Columns of the per-class table (B = probability, C = target, D = (t − p)², E = t·ln(t/p)). */
const PROBABILITY_COL = GRID_ORIGIN.col;
const TARGET_COL = PROBABILITY_COL + 1;
const SQUARE_COL = PROBABILITY_COL + 2;
const KL_TERM_COL = PROBABILITY_COL + 3;
/** The per-class table's columns, for readers such as the cell explanations. */
export const LOSS_TABLE_COLUMNS = {
  probability: PROBABILITY_COL,
  target: TARGET_COL,
  square: SQUARE_COL,
  klTerm: KL_TERM_COL,
} as const;

/** The readings: values on row 4, what they mean on row 5, one blank column after the table. */
const READINGS_COL = KL_TERM_COL + 2;

/** Where each reading is on the Loss sheet (row 4; the meaning is on row 5). */
export const LOSS_READING_CELLS = {
  distance: { row: GRID_ORIGIN.row, col: READINGS_COL },
  crossEntropy: { row: GRID_ORIGIN.row, col: READINGS_COL + 1 },
  klDivergence: { row: GRID_ORIGIN.row, col: READINGS_COL + 2 },
  predicted: { row: GRID_ORIGIN.row, col: READINGS_COL + 3 },
} as const;

/** The readings block (distance, cross-entropy, KL, predicted class) as one range. */
export const LOSS_READINGS_RANGE: CellRange = { ...LOSS_READING_CELLS.distance, rows: 1, cols: 4 };

/** Shown instead of a reading while no label is chosen. */
export const NO_LABEL = 'no label';

const HEADINGS = ['Distance', 'Negative log-likelihood (cross-entropy)', 'KL divergence', 'Predicted class'];
const MEANINGS = [
  'How far the probabilities are from the one-hot target, as a straight line: 0 when they match, at most √2.',
  '−ln of the probability given to the true class: the surprise at the right answer; this is what training lowers.',
  'Information lost when the prediction stands in for the target; equal to the cross-entropy for a one-hot target.',
  'The class with the highest probability.',
];

/** The values-mode readings and prediction: numbers from the engine, or NO_LABEL when no label is chosen. */
export interface LossValues {
  readonly probabilities: Tensor;
  readonly label: number;
  readonly readings: LossReadings | null;
  readonly classes: readonly string[];
}

function columnOf(col: number, classes: number): string {
  return a1Range(null, { row: GRID_ORIGIN.row, col, rows: classes, cols: 1 });
}

function formulaData(mode: 'custom' | 'native', classes: number): CellInput[][] {
  const probabilities = columnOf(PROBABILITY_COL, classes);
  const targets = columnOf(TARGET_COL, classes);
  const classNames = a1Range(null, { row: GRID_ORIGIN.row, col: 1, rows: classes, cols: 1 });
  // Native mode: while a check of the typed-in blocks fails, the probabilities are its message; the readings
  // show it too and the per-class pieces stay blank. Custom functions refuse bad cells themselves.
  const native = mode === 'native';
  const checked = (formula: string): string => `=${native ? whenChecked(formula) : formula}`;
  const piece = (formula: string): string => `=${native ? whenChecked(formula, '""') : formula}`;
  const guard = (formula: string): string => checked(`IF(SUM(${targets})=1,${formula},"${NO_LABEL}")`);
  const rows: CellInput[][] = Array.from({ length: classes }, (_, k) => {
    const row = GRID_ORIGIN.row + k;
    const p = a1Cell(row, PROBABILITY_COL);
    const t = a1Cell(row, TARGET_COL);
    return [
      `=${a1Range(SOFTMAX_SHEET, { ...columnRange(classes), row, rows: 1 })}`,
      // TRIM, as reading the model ignores spaces around the label and class names (= already ignores case).
      `=IF(TRIM(${a1Cell(row, 1)})=TRIM(${labelRef()}),1,0)`,
      piece(`(${t}-${p})^2`),
      piece(`IF(${t}=0,0,${t}*LN(${t}/${p}))`),
      '',
      '',
      '',
      '',
      '',
    ];
  });
  const readings =
    mode === 'custom'
      ? [
          guard(`SQRT(SUM(${columnOf(SQUARE_COL, classes)}))`),
          guard(`CROSSENTROPY(${probabilities},${targets})`),
          guard(`KLDIV(${targets},${probabilities})`),
          `=PREDICT(${probabilities},${classNames})`,
        ]
      : [
          guard(`SQRT(SUM(${columnOf(SQUARE_COL, classes)}))`),
          guard(`-LN(SUMPRODUCT(${probabilities},${targets}))`),
          guard(`SUM(${columnOf(KL_TERM_COL, classes)})`),
          checked(`INDEX(${classNames},MATCH(MAX(${probabilities}),${probabilities},0))`),
        ];
  readings.forEach((formula, i) => (rows[0][READINGS_COL - PROBABILITY_COL + i] = formula));
  MEANINGS.forEach((text, i) => (rows[1][READINGS_COL - PROBABILITY_COL + i] = text));
  return rows;
}

function valuesData(v: LossValues): CellInput[][] {
  const p = v.probabilities.data;
  const r = v.readings;
  const rows: CellInput[][] = Array.from(p, (pk, k) => {
    const t = k === v.label ? 1 : 0;
    // The label's term 1·ln(1/p) is its cross-entropy, which the readings hold finite even where p rounds to 0.
    return [pk, t, (t - pk) ** 2, t === 0 || r === null ? 0 : r.crossEntropy, '', '', '', '', ''];
  });
  const readings: CellInput[] = r ? [r.distance, r.crossEntropy, r.klDivergence] : [NO_LABEL, NO_LABEL, NO_LABEL];
  [...readings, textCell(v.classes[argMax(p)])].forEach(
    (value, i) => (rows[0][READINGS_COL - PROBABILITY_COL + i] = value),
  );
  MEANINGS.forEach((text, i) => (rows[1][READINGS_COL - PROBABILITY_COL + i] = text));
  return rows;
}

/** The Loss sheet for a mode; `values` is needed (only) in values mode. */
export function lossSheet(mode: FormulaMode, classes: number, values?: LossValues): StepSheetContent {
  if (mode === 'values' && values === undefined)
    throw new Error('lossSheet: values mode needs the computed probabilities');
  const data = mode === 'values' ? valuesData(values as LossValues) : formulaData(mode, classes);
  const table: CellRange = { ...GRID_ORIGIN, rows: classes, cols: KL_TERM_COL - PROBABILITY_COL + 1 };
  const label = a1Range(MODEL_SHEET, { ...LABEL_CELL, rows: 1, cols: 1 });
  return {
    name: LOSS_SHEET,
    title: stepTitle('loss'),
    reading:
      `For the label in ${label}: each class's probability p and one-hot target t (1 for the label, 0 otherwise), ` +
      `the per-class pieces, then the three readings side by side with what each means. ${valueCountText(classes, 1)}`,
    columnLabels: [
      { row: 3, col: 1, text: 'Class' },
      { row: 3, col: PROBABILITY_COL, text: 'Probability p' },
      { row: 3, col: TARGET_COL, text: 'Target t' },
      { row: 3, col: SQUARE_COL, text: '(t − p)²' },
      { row: 3, col: KL_TERM_COL, text: 't · ln(t ÷ p)' },
      ...HEADINGS.map((text, i) => ({ row: 3, col: READINGS_COL + i, text })),
    ],
    rowLabels: Array.from({ length: classes }, (_, k) => ({
      row: GRID_ORIGIN.row + k,
      col: 1,
      text: `=${classNameRef(k)}`,
    })),
    data,
    numberFormats: [
      { range: table, format: PROBABILITY_FORMAT },
      { range: { ...LOSS_READINGS_RANGE, cols: 3 }, format: PROBABILITY_FORMAT },
    ],
    widths: [
      { firstCol: PROBABILITY_COL, count: KL_TERM_COL - PROBABILITY_COL + 1, px: 90 },
      { firstCol: KL_TERM_COL + 1, count: 1, px: 24 },
      { firstCol: READINGS_COL, count: HEADINGS.length, px: 300 },
    ],
    notes: [
      {
        ...LOSS_READING_CELLS.crossEntropy,
        text: 'Cross-entropy = −ln(probability of the true class). It is 0 when that probability is 1.',
      },
      { row: GRID_ORIGIN.row, col: TARGET_COL, text: `1 for the class named in ${label}, 0 for the others.` },
    ],
    colorRules: [probabilityRule([{ ...GRID_ORIGIN, rows: classes, cols: 2 }])],
    // The meanings are sentences: each wraps under its reading rather than running into the next one.
    wrap: [{ ...LOSS_READINGS_RANGE, row: LOSS_READINGS_RANGE.row + 1 }],
  };
}
