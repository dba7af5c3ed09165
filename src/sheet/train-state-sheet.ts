/**
 * The Train state sheet: what training needs to resume after a pause, a closed sidebar or a call cut off by
 * Apps Script's time limit, kept in the spreadsheet itself (Properties hold 9 KB; an optimizer state is as
 * large as the weights).
 *
 *   row 1  title
 *   row 2  how to read it
 *   row 3  labels
 *   row 4  Committed | step | phase | text cells | packed cells | j:text… | b:packed…   (the commit record)
 *   row 5  Trainer   | name | activity | started (text) | started (ms) | finished (ms)  (who holds the model)
 *
 * The commit record is written by ONE writeCells call, so a cut-off call leaves either the old record or the
 * new one, never a mix. Its numbers (a snapshot of the weights and the optimizer state) are packed exactly:
 * base64 of the float64 bytes, 3,750 numbers per cell, so a resumed run continues bit for bit and a call
 * writes a few dozen cells instead of 100,000. Its settings are JSON. Each chunk starts with a letter tag
 * ("j:" or "b:") so no spreadsheet reads it as a number, a date or a formula.
 */
import type { ModelParams, OptimizerState, Tensor } from '../core/types';
import { paramList } from '../core/model';
import { sizeOf, tensor } from '../core/tensor';
import type { OptimizerKind } from '../shared/api';
import { base64ToBytes, bytesToBase64 } from '../shared/pixels';
import { formatUtc } from './training-log-sheet';
import type { TrainingLogEntry } from './training-log-sheet';
import type { CellInput, CellValue, Workbook } from './workbook';
import { textCell } from './workbook';

export const TRAIN_STATE_SHEET = 'Train state';

const RECORD_ROW = 4;
const TRAINER_ROW = 5;
const FORMAT = 1;
/** Characters per chunk, safely under the 50,000 a Google Sheets cell holds. */
const TEXT_CHUNK = 40_000;
/** 3,750 float64 = 30,000 bytes = 40,000 base64 characters. */
const NUMBERS_PER_CHUNK = 3_750;
const TEXT_TAG = 'j:';
const PACKED_TAG = 'b:';
/** Columns before the chunks: label, step, phase, text cell count, packed cell count. */
const FIXED_COLS = 5;

/** Characters of the longest packed cell a Train state of `numbers` numbers writes (tag and base64). */
export function packedCellChars(numbers: number): number {
  return PACKED_TAG.length + 4 * Math.ceil((Math.min(numbers, NUMBERS_PER_CHUNK) * 8) / 3);
}

/** Cells the packed numbers of a Train state take. */
export function packedCells(numbers: number): number {
  return Math.ceil(numbers / NUMBERS_PER_CHUNK);
}

/** Columns of the commit record holding `numbers` packed numbers and its settings in one text cell. */
export function trainStateColumns(numbers: number): number {
  return FIXED_COLS + 1 + packedCells(numbers);
}

/**
 * 'pending': the record is committed but the model sheets may still hold older weights (the call may have
 * been cut off while writing them); 'applied': the model sheets hold these weights, or people's edits since.
 */
export type CommitPhase = 'pending' | 'applied';

/** The optimizer a training run uses, as the sidebar names it. */
export interface OptimizerChoice {
  readonly kind: OptimizerKind;
  readonly learningRate: number;
}

/** Everything a training run needs to continue exactly where its last whole batch left it. */
export interface CommitRecord {
  /** Mini-batches applied since the weights were reset; also the record's version. */
  readonly step: number;
  readonly phase: CommitPhase;
  /** Which model the record belongs to (spec shape and seed): a rebuilt model starts training over. */
  readonly modelKey: string;
  /** Which training pictures the cursor counts through: other pictures restart the epoch. */
  readonly dataKey: string;
  /** How many training pictures there were (an epoch's length). */
  readonly trainCount: number;
  /** Seed of the epochs' shuffles. */
  readonly seed: number;
  /** Whole epochs done. */
  readonly epoch: number;
  /** Batches done in the current epoch. */
  readonly epochStep: number;
  /** Pictures of the current epoch's shuffled order already trained on. */
  readonly cursor: number;
  readonly optimizer: OptimizerChoice;
  readonly optimizerState: OptimizerState;
  /** The weights after `step` batches: what the model sheets get when the phase is still 'pending'. */
  readonly params: ModelParams;
  /** Log rows this commit adds and the sheet row of the first; rewritten together with the weights. */
  readonly logFirstRow: number;
  readonly logEntries: readonly TrainingLogEntry[];
}

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

/** The record's plain settings, stored as JSON text; the weights and optimizer slots are packed separately. */
interface RecordSettings
  extends Pick<CommitRecord, 'modelKey' | 'dataKey' | 'trainCount' | 'seed' | 'epoch' | 'epochStep' | 'cursor' | 'optimizer'> {
  readonly format: number;
  readonly optimizerKind: OptimizerState['kind'];
  readonly optimizerStep: number;
  readonly slotNames: string[];
  readonly shapes: number[][];
  readonly logFirstRow: number;
  readonly logEntries: TrainingLogEntry[];
}

function headerRows(): CellInput[][] {
  const row = (first: string): CellInput[] => [first, '', '', '', '', ''];
  return [
    row('Train state — where training resumes after a pause, a closed sidebar or a call cut short; written by Train, do not edit.'),
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
    ['Trainer', textCell(trainer.name), trainer.activity, formatUtc(trainer.startedAt), trainer.startedAt, trainer.finishedAt ?? ''],
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
  return { name: String(name), activity: String(activity), startedAt, finishedAt: typeof finishedAt === 'number' ? finishedAt : null };
}

// ---------------------------------------------------------------------------------------------------------
// Packing.

function chunkText(text: string): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += TEXT_CHUNK) chunks.push(TEXT_TAG + text.slice(i, i + TEXT_CHUNK));
  return chunks;
}

function packNumbers(values: Float64Array): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < values.length; i += NUMBERS_PER_CHUNK) {
    const part = values.slice(i, i + NUMBERS_PER_CHUNK);
    chunks.push(PACKED_TAG + bytesToBase64(new Uint8Array(part.buffer)));
  }
  return chunks;
}

function unpackNumbers(chunks: readonly CellValue[], expected: number): Float64Array {
  const values = new Float64Array(expected);
  let offset = 0;
  chunks.forEach((chunk, i) => {
    if (typeof chunk !== 'string' || !chunk.startsWith(PACKED_TAG)) throw new Error(`packed cell ${i + 1} does not start with "${PACKED_TAG}"`);
    const bytes = base64ToBytes(chunk.slice(PACKED_TAG.length));
    if (bytes.length % 8 !== 0 || offset + bytes.length / 8 > expected) throw new Error(`packed cell ${i + 1} holds a wrong number of bytes`);
    values.set(new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8), offset);
    offset += bytes.length / 8;
  });
  if (offset !== expected) throw new Error(`the packed cells hold ${offset} numbers; the settings describe ${expected}`);
  return values;
}

/** All numbers of the record in one array: the weights in paramList order, then each optimizer slot. */
function flattenNumbers(params: ModelParams, state: OptimizerState, slotNames: readonly string[]): Float64Array {
  const tensors = paramList(params);
  const total = tensors.reduce((n, t) => n + t.data.length, 0) * (1 + slotNames.length);
  const values = new Float64Array(total);
  let offset = 0;
  for (const t of tensors) {
    values.set(t.data, offset);
    offset += t.data.length;
  }
  for (const name of slotNames) {
    for (const slot of state.slots[name]) {
      values.set(slot, offset);
      offset += slot.length;
    }
  }
  return values;
}

function paramsFromShapes(shapes: readonly number[][], values: Float64Array): { params: ModelParams; used: number } {
  let offset = 0;
  const tensors: Tensor[] = shapes.map((shape) => {
    const size = sizeOf(shape);
    const t = tensor(shape, values.slice(offset, offset + size));
    offset += size;
    return t;
  });
  const conv = [];
  for (let i = 0; i + 2 < tensors.length; i += 2) conv.push({ weights: tensors[i], bias: tensors[i + 1] });
  const [weights, bias] = tensors.slice(-2);
  return { params: { conv, dense: { weights, bias } }, used: offset };
}

/** The record's row; `width` is the old row's width, so cells a shorter record no longer needs are blanked. */
export function writeCommitRecord(workbook: Workbook, record: CommitRecord, width: number): void {
  const slotNames = Object.keys(record.optimizerState.slots).sort();
  const settings: RecordSettings = {
    format: FORMAT,
    modelKey: record.modelKey,
    dataKey: record.dataKey,
    trainCount: record.trainCount,
    seed: record.seed,
    epoch: record.epoch,
    epochStep: record.epochStep,
    cursor: record.cursor,
    optimizer: record.optimizer,
    optimizerKind: record.optimizerState.kind,
    optimizerStep: record.optimizerState.step,
    slotNames,
    shapes: paramList(record.params).map((t) => [...t.shape]),
    logFirstRow: record.logFirstRow,
    logEntries: [...record.logEntries],
  };
  const text = chunkText(JSON.stringify(settings));
  const packed = packNumbers(flattenNumbers(record.params, record.optimizerState, slotNames));
  const row: CellInput[] = ['Committed', record.step, record.phase, text.length, packed.length, ...text, ...packed];
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

function parseRecord(row: readonly CellValue[]): CommitRecord {
  const [label, step, phase, textCount, packedCount] = row;
  if (label !== 'Committed') throw new Error('cell A4 does not say "Committed"');
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) throw new Error('the step (B4) is not a whole number');
  if (phase !== 'pending' && phase !== 'applied') throw new Error('the phase (C4) is neither "pending" nor "applied"');
  if (typeof textCount !== 'number' || typeof packedCount !== 'number') throw new Error('the cell counts (D4, E4) are not numbers');
  const textCells = row.slice(FIXED_COLS, FIXED_COLS + textCount);
  if (textCells.some((c) => typeof c !== 'string' || !c.startsWith(TEXT_TAG))) throw new Error(`a text cell does not start with "${TEXT_TAG}"`);
  const settings = JSON.parse(textCells.map((c) => (c as string).slice(TEXT_TAG.length)).join('')) as RecordSettings;
  if (settings.format !== FORMAT) throw new Error(`it was written in format ${settings.format}; this version reads format ${FORMAT}`);
  const weightCount = settings.shapes.reduce((n, shape) => n + sizeOf(shape), 0);
  const values = unpackNumbers(row.slice(FIXED_COLS + textCount, FIXED_COLS + textCount + packedCount), weightCount * (1 + settings.slotNames.length));
  const { params, used } = paramsFromShapes(settings.shapes, values);
  let offset = used;
  const slots: Record<string, number[][]> = {};
  for (const name of settings.slotNames) {
    slots[name] = settings.shapes.map((shape) => {
      const size = sizeOf(shape);
      const slot = Array.from(values.subarray(offset, offset + size));
      offset += size;
      return slot;
    });
  }
  return {
    step,
    phase,
    modelKey: settings.modelKey,
    dataKey: settings.dataKey,
    trainCount: settings.trainCount,
    seed: settings.seed,
    epoch: settings.epoch,
    epochStep: settings.epochStep,
    cursor: settings.cursor,
    optimizer: settings.optimizer,
    optimizerState: { kind: settings.optimizerKind, step: settings.optimizerStep, slots },
    params,
    logFirstRow: settings.logFirstRow,
    logEntries: settings.logEntries,
  };
}

/** The committed record in two calls (size, then the row); `record` is null when none was saved or it is unreadable. */
export function readCommitRecord(workbook: Workbook): StoredRecord {
  const used = workbook.usedSize(TRAIN_STATE_SHEET);
  if (used.rows < RECORD_ROW) return { record: null, problem: '', width: 0 };
  const [row] = workbook.readValues(TRAIN_STATE_SHEET, { row: RECORD_ROW, col: 1, rows: 1, cols: Math.max(used.cols, FIXED_COLS) });
  if (row.every((c) => c === '')) return { record: null, problem: '', width: used.cols };
  try {
    return { record: parseRecord(row), problem: '', width: used.cols };
  } catch (error) {
    return { record: null, problem: `${TRAIN_STATE_SHEET} row ${RECORD_ROW} could not be read (${(error as Error).message})`, width: used.cols };
  }
}
