/**
 * The article's pictures as charts that read the sheets: the Softmax sheet's probability bars and its
 * "confidence curve" (e^x over the logits' range, the current logits marked on it), and the Training log's
 * loss and accuracy curves. The curve's points are formulas on the Softmax sheet, so the chart follows the
 * logits whenever the sheet recalculates.
 */
import type { CellInput, CellRange, ChartSpec } from './workbook';
import { CHART_SIZE } from './workbook';
import { GRID_ORIGIN, HEADER_ROWS, columnRange } from './layout';
import { a1Cell, a1Range } from './a1-notation';
import { LOGITS_SHEET } from './sheet-names';

/** The curve's x and e^x: three decimals, as a score and its exponential read. */
export const CURVE_FORMAT = '0.000';
/** Points of the confidence curve (the line), before the logits' own points. */
export const CURVE_POINTS = 25;
/** The curve's x runs this far beyond the smallest and largest logit, so the end points are not on the edge. */
const CURVE_MARGIN = 1;
/** First column of the curve's block on the Softmax sheet (x, e^x, the logits' e^x). */
export const CURVE_COL = 6;
/** Rows between two charts one above the other: a chart's height in 21-px rows, and a little gap. */
const CHART_ROWS = Math.ceil(CHART_SIZE.height / 21) + 1;
/** The Softmax charts stand right of the curve's block. */
const SOFTMAX_CHART_COL = CURVE_COL + 4;

/** The confidence curve's block, header row included: x | e^x | e^logit at the logits' x. */
export function curveBlock(classes: number): CellRange {
  return { row: HEADER_ROWS, col: CURVE_COL, rows: 1 + CURVE_POINTS + classes, cols: 3 };
}

/**
 * The curve's cells from row 3: x from MIN(logits) − 1 to MAX(logits) + 1 in CURVE_POINTS steps with e^x,
 * then each logit with e^logit in the third column (blank cells between keep the two series apart). Formulas
 * that read the Logits sheet, or, given the logits (values mode), the same numbers.
 */
export function curveCells(classes: number, logits: readonly number[] | null): CellInput[][] {
  const first = HEADER_ROWS + 1;
  const header: CellInput[] = ['x (a score)', 'e^x: the confidence curve', 'e^logit: this picture'];
  if (logits !== null) {
    const low = Math.min(...logits) - CURVE_MARGIN;
    const span = Math.max(...logits) - Math.min(...logits) + 2 * CURVE_MARGIN;
    const xs = Array.from({ length: CURVE_POINTS }, (_, i) => low + (span * i) / (CURVE_POINTS - 1));
    // Past e^709 a double overflows: that point stays blank (EXP shows #NUM! there), and charts skip it.
    const exp = (x: number): CellInput => (Number.isFinite(Math.exp(x)) ? Math.exp(x) : '');
    return [header, ...xs.map((x) => [x, exp(x), '']), ...logits.map((x) => [x, '', exp(x)])];
  }
  const all = a1Range(LOGITS_SHEET, columnRange(classes));
  const low = `(MIN(${all})-${CURVE_MARGIN})`;
  const span = `(MAX(${all})-MIN(${all})+${2 * CURVE_MARGIN})`;
  const curve = Array.from({ length: CURVE_POINTS }, (_, i): CellInput[] => [
    `=${low}+${span}*${i}/${CURVE_POINTS - 1}`,
    `=EXP(${a1Cell(first + i, CURVE_COL)})`,
    '',
  ]);
  const marks = Array.from({ length: classes }, (_, k): CellInput[] => [
    `=${a1Range(LOGITS_SHEET, { ...GRID_ORIGIN, row: GRID_ORIGIN.row + k, rows: 1, cols: 1 })}`,
    '',
    `=EXP(${a1Cell(first + CURVE_POINTS + k, CURVE_COL)})`,
  ]);
  return [header, ...curve, ...marks];
}

/** Probability bars (one per class, from column A's names) and the confidence curve with the logits marked. */
export function softmaxCharts(classes: number): ChartSpec[] {
  const column = (col: number, rows: number): CellRange => ({ row: HEADER_ROWS, col, rows, cols: 1 });
  const curve = curveBlock(classes);
  return [
    {
      kind: 'column',
      title: 'Probability of each class',
      ranges: [column(1, classes + 1), column(GRID_ORIGIN.col, classes + 1)],
      anchor: { row: GRID_ORIGIN.row, col: SOFTMAX_CHART_COL },
    },
    {
      kind: 'scatter',
      title: 'Confidence curve: e^x, with this picture’s logits marked',
      ranges: [0, 1, 2].map((i) => column(CURVE_COL + i, curve.rows)),
      anchor: { row: GRID_ORIGIN.row + CHART_ROWS, col: SOFTMAX_CHART_COL },
      curveThenPoints: true,
    },
  ];
}

/**
 * The Training log's loss and accuracy curves over its rows 3…lastRow (header included), by epoch: train and
 * test side by side. They stand right of the log's nine columns.
 */
export function trainingLogCharts(lastRow: number): ChartSpec[] {
  const column = (col: number): CellRange => ({ row: HEADER_ROWS, col, rows: lastRow - HEADER_ROWS + 1, cols: 1 });
  const anchorCol = 11;
  return [
    {
      kind: 'line',
      title: 'Loss by epoch',
      ranges: [column(1), column(3), column(5)],
      anchor: { row: HEADER_ROWS + 1, col: anchorCol },
    },
    {
      kind: 'line',
      title: 'Accuracy by epoch',
      ranges: [column(1), column(4), column(6)],
      anchor: { row: HEADER_ROWS + 1 + CHART_ROWS, col: anchorCol },
    },
  ];
}
