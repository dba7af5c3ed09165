/**
 * The Train state sheet: what training needs to resume after a pause, a closed sidebar or a call cut off by
 * Apps Script's time limit, kept in the spreadsheet itself (Properties hold 9 KB; an optimizer state is as
 * large as the weights).
 *
 *   row 1  title
 *   row 2  how to read it
 *   row 3  labels
 *   row 4  the commit record (commit-record.ts says how it is encoded)
 *   row 5  Trainer   | name | activity | started (text) | started (ms) | finished (ms)  (who holds the model)
 */
import { formatUtc } from './training-log-sheet';
import type { CellInput, Workbook } from './workbook';
import { textCell } from './workbook';
import type { CommitPhase, CommitRecord } from './commit-record';
import { COMMIT_RECORD_FIXED_COLUMNS, decodeCommitRecord, encodeCommitRecord } from './commit-record';

export const TRAIN_STATE_SHEET = 'Train state';

const RECORD_ROW = 4;
const TRAINER_ROW = 5;

export interface Trainer {
  /** '' when the account hides it. */
  readonly name: string;
  /** 'training', 'evaluating', … */
  readonly activity: string;
  readonly startedAt: number;
  /** null while the holder is still at work (or was cut off before it could say it finished). */
  readonly finishedAt: number | null;
}

/** The record as read, with the width of its row so a shorter rewrite can blank what is left over. */
export interface StoredRecord {
  readonly record: CommitRecord | null;
  /** Why the row could not be used (an edit, an older format), '' when it was fine or empty. */
  readonly problem: string;
  readonly width: number;
}

function headerRows(): CellInput[][] {
  const row = (first: string): CellInput[] => [first, '', '', '', '', ''];
  return [
    row(
      'Train state — where training resumes after a pause, a closed sidebar or a call cut short; written by Train, do not edit.',
    ),
    row(
      'Row 4 is the last committed step: settings as JSON text (j:) and, packed exactly as base64 float64 (b:), a copy of the ' +
        'weights and the optimizer state (momentum velocity, Adam m and v). Row 5 names who holds the model.',
    ),
    ['', 'Step', 'Phase', 'Text cells', 'Packed cells', 'Saved data…'],
  ];
}

/** Creates the sheet with its header rows when missing; true when it already existed. */
export function ensureTrainStateSheet(workbook: Workbook): boolean {
  if (workbook.sheetNames().includes(TRAIN_STATE_SHEET)) return true;
  workbook.ensureSheet(TRAIN_STATE_SHEET);
  workbook.writeCells(TRAIN_STATE_SHEET, 1, 1, headerRows());
  workbook.setFrozenRows(TRAIN_STATE_SHEET, RECORD_ROW - 1);
  return false;
}

/** Forgets the record (a reset): the sheet keeps only its header and the trainer row. */
export function clearTrainState(workbook: Workbook, trainer: Trainer): void {
  workbook.ensureSheet(TRAIN_STATE_SHEET);
  workbook.clearSheet(TRAIN_STATE_SHEET);
  workbook.writeCells(TRAIN_STATE_SHEET, 1, 1, headerRows());
  workbook.setFrozenRows(TRAIN_STATE_SHEET, RECORD_ROW - 1);
  writeTrainer(workbook, trainer);
}

export function writeTrainer(workbook: Workbook, trainer: Trainer): void {
  workbook.writeCells(TRAIN_STATE_SHEET, TRAINER_ROW, 1, [
    [
      'Trainer',
      textCell(trainer.name),
      trainer.activity,
      formatUtc(trainer.startedAt),
      trainer.startedAt,
      trainer.finishedAt ?? '',
    ],
  ]);
}

/** Says the holder is done (one cell), so a later busy message does not name someone who has left. */
export function writeTrainerFinished(workbook: Workbook, finishedAt: number): void {
  workbook.writeCells(TRAIN_STATE_SHEET, TRAINER_ROW, 6, [[finishedAt]]);
}

/** Who took the model last (the holder, while the lock is held); null when nobody has yet. Reads only. */
export function readTrainer(workbook: Workbook): Trainer | null {
  if (!workbook.sheetNames().includes(TRAIN_STATE_SHEET)) return null;
  const [row] = workbook.readValues(TRAIN_STATE_SHEET, { row: TRAINER_ROW, col: 1, rows: 1, cols: 6 });
  const [label, name, activity, , startedAt, finishedAt] = row;
  if (label !== 'Trainer' || typeof startedAt !== 'number') return null;
  return {
    name: String(name),
    activity: String(activity),
    startedAt,
    finishedAt: typeof finishedAt === 'number' ? finishedAt : null,
  };
}

/** The record's row; `width` is the old row's width, so cells a shorter record no longer needs are blanked. */
export function writeCommitRecord(workbook: Workbook, record: CommitRecord, width: number): void {
  const row = encodeCommitRecord(record);
  while (row.length < width) row.push('');
  workbook.writeCells(TRAIN_STATE_SHEET, RECORD_ROW, 1, [row]);
}

/**
 * The record's phase alone, null when there is none: one read of three cells, so a call that does not train
 * can see whether a commit was left unfinished without reading the copy of the weights.
 */
export function readCommitPhase(workbook: Workbook): CommitPhase | null {
  if (!workbook.sheetNames().includes(TRAIN_STATE_SHEET)) return null;
  const [[label, , phase]] = workbook.readValues(TRAIN_STATE_SHEET, { row: RECORD_ROW, col: 1, rows: 1, cols: 3 });
  return label === 'Committed' && (phase === 'pending' || phase === 'applied') ? phase : null;
}

/** Marks the record's weights as written to the model sheets: one cell. */
export function markCommitApplied(workbook: Workbook): void {
  workbook.writeCells(TRAIN_STATE_SHEET, RECORD_ROW, 3, [['applied' satisfies CommitPhase]]);
}

/** The committed record in two calls (size, then the row); `record` is null when none was saved or it is unreadable. */
export function readCommitRecord(workbook: Workbook): StoredRecord {
  const used = workbook.usedSize(TRAIN_STATE_SHEET);
  if (used.rows < RECORD_ROW) return { record: null, problem: '', width: 0 };
  const [row] = workbook.readValues(TRAIN_STATE_SHEET, {
    row: RECORD_ROW,
    col: 1,
    rows: 1,
    cols: Math.max(used.cols, COMMIT_RECORD_FIXED_COLUMNS),
  });
  if (row.every((c) => c === '')) return { record: null, problem: '', width: used.cols };
  try {
    return { record: decodeCommitRecord(row), problem: '', width: used.cols };
  } catch (error) {
    return {
      record: null,
      problem: `${TRAIN_STATE_SHEET} row ${RECORD_ROW} could not be read (${(error as Error).message})`,
      width: used.cols,
    };
  }
}
