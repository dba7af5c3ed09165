/**
 * The Evaluation sheet: the confusion matrix of the test pictures (rows = actual class, columns = predicted
 * class, so the diagonal counts the right answers) with each class's accuracy beside it.
 *
 *   row 3      Actual ↓ / predicted → | class 1 … class K | | Pictures | Accuracy
 *   rows 4…    one row per actual class
 *   row K + 5  All: the number of pictures and the overall accuracy
 */
import type { Evaluation } from '../core/types';
import { PROBABILITY_COLOR, probabilityRule } from './colors';
import { GRID_ORIGIN } from './layout';
import { TEXT_FONTS, columnWidthFor } from './font-metrics';
import { writeStepSheet } from './step-sheet';
import type { PlacedText } from './step-sheet';
import type { CellInput, CellRange, Workbook } from './workbook';
import { textCell } from './workbook';

export const EVALUATION_SHEET = 'Evaluation';

const ACCURACY_FORMAT = '0.0%';
const WHITE = '#ffffff';

/** Which pictures were scored, for the sheet's reading row. */
export type EvaluatedSplit = 'test' | 'all';

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** A class's accuracy, or blank when it had no pictures (no accuracy to show, rather than 0%). */
function accuracyCell(value: number): CellInput {
  return Number.isFinite(value) ? value : '';
}

export function writeEvaluationSheet(
  workbook: Workbook,
  classes: readonly string[],
  result: Evaluation,
  split: EvaluatedSplit,
): void {
  const k = classes.length;
  const countCol = GRID_ORIGIN.col + k + 1;
  const accuracyCol = countCol + 1;
  const allRow = GRID_ORIGIN.row + k + 1;
  const data: CellInput[][] = result.confusion.map((row, actual) => [
    ...row,
    '',
    row.reduce((a, b) => a + b, 0),
    accuracyCell(result.perClassAccuracy[actual]),
  ]);
  data.push(new Array<CellInput>(k + 3).fill(''));
  data.push([...new Array<CellInput>(k + 1).fill(''), result.count, result.accuracy]);

  const matrix: CellRange = { ...GRID_ORIGIN, rows: k, cols: k };
  const accuracies: CellRange = { row: GRID_ORIGIN.row, col: accuracyCol, rows: k, cols: 1 };
  const which = split === 'test' ? 'test pictures' : 'pictures (there is no test split, so all of them)';
  const columnLabels: PlacedText[] = [
    { row: 3, col: 1, text: 'Actual ↓ / predicted →' },
    ...classes.map((name, i) => ({ row: 3, col: GRID_ORIGIN.col + i, text: textCell(name) })),
    { row: 3, col: countCol, text: 'Pictures' },
    { row: 3, col: accuracyCol, text: 'Accuracy' },
  ];
  const rowLabels: PlacedText[] = [
    ...classes.map((name, i) => ({ row: GRID_ORIGIN.row + i, col: 1, text: textCell(name) })),
    { row: allRow, col: 1, text: 'All' },
  ];
  writeStepSheet(workbook, {
    name: EVALUATION_SHEET,
    title: 'Evaluation — how often the model names each class correctly',
    reading:
      `Confusion matrix of ${result.count} ${which}: each row is the actual class, each column the class the model chose, ` +
      `so the diagonal counts right answers. Overall accuracy ${percent(result.accuracy)}, mean loss ${result.meanLoss.toFixed(4)}.`,
    columnLabels,
    rowLabels,
    data,
    numberFormats: [
      { range: { ...matrix, cols: k + 2 }, format: '0' },
      { range: { row: allRow, col: countCol, rows: 1, cols: 1 }, format: '0' },
      { range: { ...accuracies, rows: k + 2 }, format: ACCURACY_FORMAT },
    ],
    // Each column is as wide as the longest class name in row 3, so no heading runs under the next one.
    widths: [{ firstCol: GRID_ORIGIN.col, count: k + 3, px: Math.max(90, columnWidthFor(classes, TEXT_FONTS)) }],
    notes: [
      {
        row: GRID_ORIGIN.row,
        col: GRID_ORIGIN.col,
        text: "Pictures of the row's class that the model took for the column's class.",
      },
    ],
    colorRules: [
      { ranges: [matrix], min: { color: WHITE, value: 0 }, max: { color: PROBABILITY_COLOR } },
      probabilityRule([accuracies, { row: allRow, col: accuracyCol, rows: 1, cols: 1 }]),
    ],
  });
}
