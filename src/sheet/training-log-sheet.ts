/**
 * The Training log sheet: one row per finished epoch and one per training call that stopped mid-epoch, so
 * the loss curve can be drawn from the sheet and survives a closed sidebar.
 *
 *   row 1  title
 *   row 2  how to read it
 *   row 3  Epoch | Step | Train loss | Train accuracy | Test loss | Test accuracy | Images/s | Time | Note
 *   row 4… one entry per row, oldest first
 *
 * Rows are written at positions fixed by the commit that produced them (see training-commit.ts), so
 * writing the same entries twice after a cut-off call leaves the same sheet.
 */
import type { TrainLogRow } from '../shared/api';
import type { CellInput, CellValue, Workbook } from './workbook';
import { trainingLogCharts } from './step-charts';

export const TRAINING_LOG_SHEET = 'Training log';
export const LOG_FIRST_ROW = 4;

const COLUMNS = [
  'Epoch',
  'Step',
  'Train loss',
  'Train accuracy',
  'Test loss',
  'Test accuracy',
  'Images/s',
  'Time',
  'Note',
] as const;
const LOSS_COLS = [3, 5];
const ACCURACY_COLS = [4, 6];
const SPEED_COL = 7;

/** A log row as the sheet keeps it: the numbers the sidebar draws plus a note on what changed. */
export interface TrainingLogEntry extends TrainLogRow {
  /** Why training state was reset or changed at this row ('' when nothing happened). */
  readonly note: string;
}

/** NaN (no test pictures) shows as a blank cell rather than #NUM!. */
function numberCell(value: number): CellInput {
  return Number.isFinite(value) ? value : '';
}

function toCells(entry: TrainingLogEntry): CellInput[] {
  return [
    entry.epoch,
    entry.step,
    numberCell(entry.trainLoss),
    numberCell(entry.trainAccuracy),
    numberCell(entry.testLoss),
    numberCell(entry.testAccuracy),
    numberCell(entry.imagesPerSecond),
    entry.time,
    entry.note,
  ];
}

/** A moment as text a spreadsheet keeps as typed (not turned into a date in the sheet's own time zone). */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function readNumber(value: CellValue): number {
  return typeof value === 'number' ? value : NaN;
}

/** Empties the sheet (creating it when missing) and writes its three header rows. */
export function resetTrainingLog(workbook: Workbook): void {
  workbook.ensureSheet(TRAINING_LOG_SHEET);
  workbook.clearSheet(TRAINING_LOG_SHEET);
  const blank = (): CellInput[] => COLUMNS.map(() => '');
  const title = blank();
  title[0] =
    'Training log — loss and accuracy after each epoch and each training call; the curve in the sidebar is drawn from here.';
  const reading = blank();
  reading[0] =
    'Epoch = whole epochs done, Step = mini-batches done in the epoch after it. Train figures are the mean over the batches since the row above ' +
    '(measured before each update); test figures are for the whole test split at that moment (blank without test pictures).';
  workbook.writeCells(TRAINING_LOG_SHEET, 1, 1, [title, reading, [...COLUMNS]]);
  workbook.setFrozenRows(TRAINING_LOG_SHEET, LOG_FIRST_ROW - 1);
  workbook.setColumnWidths(TRAINING_LOG_SHEET, 1, SPEED_COL, 100);
  workbook.setColumnWidths(TRAINING_LOG_SHEET, SPEED_COL + 1, 1, 170);
  workbook.setColumnWidths(TRAINING_LOG_SHEET, SPEED_COL + 2, 1, 420);
}

/**
 * Writes `entries` from sheet row `firstRow` in one write. Starting at the first data row means the log
 * begins again, so the sheet is emptied first; either way, repeating the call gives the same sheet.
 */
export function writeLogEntries(workbook: Workbook, firstRow: number, entries: readonly TrainingLogEntry[]): void {
  if (firstRow === LOG_FIRST_ROW) resetTrainingLog(workbook);
  if (entries.length === 0) return;
  workbook.writeCells(TRAINING_LOG_SHEET, firstRow, 1, entries.map(toCells));
  const rows = entries.length;
  for (const col of LOSS_COLS)
    workbook.setNumberFormat(TRAINING_LOG_SHEET, { row: firstRow, col, rows, cols: 1 }, '0.0000');
  for (const col of ACCURACY_COLS)
    workbook.setNumberFormat(TRAINING_LOG_SHEET, { row: firstRow, col, rows, cols: 1 }, '0.0%');
  workbook.setNumberFormat(TRAINING_LOG_SHEET, { row: firstRow, col: SPEED_COL, rows, cols: 1 }, '0.0');
  // The charts are set again to reach the new last row (each replaces the one of its title).
  for (const chart of trainingLogCharts(firstRow + rows - 1)) workbook.setChart(TRAINING_LOG_SHEET, chart);
}

/** The first `count` entries, in one read ([] when there are none or the sheet is gone). */
export function readLogEntries(workbook: Workbook, count: number): TrainingLogEntry[] {
  if (count === 0 || !workbook.sheetNames().includes(TRAINING_LOG_SHEET)) return [];
  const values = workbook.readValues(TRAINING_LOG_SHEET, {
    row: LOG_FIRST_ROW,
    col: 1,
    rows: count,
    cols: COLUMNS.length,
  });
  return values.map((row) => ({
    epoch: readNumber(row[0]),
    step: readNumber(row[1]),
    trainLoss: readNumber(row[2]),
    trainAccuracy: readNumber(row[3]),
    testLoss: readNumber(row[4]),
    testAccuracy: readNumber(row[5]),
    imagesPerSecond: readNumber(row[6]),
    time: String(row[7]),
    note: String(row[8]),
  }));
}
