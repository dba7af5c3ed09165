/**
 * The commit record of the Train state sheet as cells: everything training needs to continue exactly where
 * its last whole batch left it, in one row so ONE writeCells call replaces it (a cut-off call leaves either
 * the old record or the new one, never a mix).
 *
 *   Committed | step | phase | text cells | packed cells | j:text… | b:packed…
 *
 * Its numbers (a snapshot of the weights and the optimizer state) are packed exactly: base64 of the float64
 * bytes, 3,750 numbers per cell, so a resumed run continues bit for bit and a call writes a few dozen cells
 * instead of 100,000. Its settings are JSON. Each chunk starts with a letter tag ("j:" or "b:") so no
 * spreadsheet reads it as a number, a date or a formula.
 */
import type { ModelParams, OptimizerState, Tensor } from '../core/types';
import { paramList } from '../core/model';
import { sizeOf, tensor } from '../core/tensor';
import type { OptimizerKind } from '../shared/api';
import { base64ToBytes, bytesToBase64 } from '../shared/pixels';
import type { TrainingLogEntry } from './training-log-sheet';
import type { CellInput, CellValue } from './workbook';

/** Version of the record's layout and settings; a record in another version is not read back. */
const COMMIT_RECORD_FORMAT = 1;
/** Characters per chunk, safely under the 50,000 a Google Sheets cell holds. */
const TEXT_CHUNK = 40_000;
/** 3,750 float64 = 30,000 bytes = 40,000 base64 characters. */
const NUMBERS_PER_CHUNK = 3_750;
const TEXT_TAG = 'j:';
const PACKED_TAG = 'b:';
/** Columns before the chunks: label, step, phase, text cell count, packed cell count. */
export const COMMIT_RECORD_FIXED_COLUMNS = 5;

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
  return COMMIT_RECORD_FIXED_COLUMNS + 1 + packedCells(numbers);
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

/** The record's plain settings, stored as JSON text; the weights and optimizer slots are packed separately. */
interface RecordSettings extends Pick<
  CommitRecord,
  'modelKey' | 'dataKey' | 'trainCount' | 'seed' | 'epoch' | 'epochStep' | 'cursor' | 'optimizer'
> {
  readonly format: number;
  readonly optimizerKind: OptimizerState['kind'];
  readonly optimizerStep: number;
  readonly slotNames: string[];
  readonly shapes: number[][];
  readonly logFirstRow: number;
  readonly logEntries: TrainingLogEntry[];
}

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
    if (typeof chunk !== 'string' || !chunk.startsWith(PACKED_TAG))
      throw new Error(`packed cell ${i + 1} does not start with "${PACKED_TAG}"`);
    const bytes = base64ToBytes(chunk.slice(PACKED_TAG.length));
    if (bytes.length % 8 !== 0 || offset + bytes.length / 8 > expected)
      throw new Error(`packed cell ${i + 1} holds a wrong number of bytes`);
    values.set(new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8), offset);
    offset += bytes.length / 8;
  });
  if (offset !== expected)
    throw new Error(`the packed cells hold ${offset} numbers; the settings describe ${expected}`);
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

/** The record as one row of cells: label, step, phase, cell counts, then its text and packed chunks. */
export function encodeCommitRecord(record: CommitRecord): CellInput[] {
  const slotNames = Object.keys(record.optimizerState.slots).sort();
  const settings: RecordSettings = {
    format: COMMIT_RECORD_FORMAT,
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
  return ['Committed', record.step, record.phase, text.length, packed.length, ...text, ...packed];
}

/** The record a row of cells holds; throws what is wrong with it (messages name the cells of row 4). */
export function decodeCommitRecord(row: readonly CellValue[]): CommitRecord {
  const [label, step, phase, textCount, packedCount] = row;
  if (label !== 'Committed') throw new Error('cell A4 does not say "Committed"');
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0)
    throw new Error('the step (B4) is not a whole number');
  if (phase !== 'pending' && phase !== 'applied') throw new Error('the phase (C4) is neither "pending" nor "applied"');
  if (typeof textCount !== 'number' || typeof packedCount !== 'number')
    throw new Error('the cell counts (D4, E4) are not numbers');
  const textCells = row.slice(COMMIT_RECORD_FIXED_COLUMNS, COMMIT_RECORD_FIXED_COLUMNS + textCount);
  if (textCells.some((c) => typeof c !== 'string' || !c.startsWith(TEXT_TAG)))
    throw new Error(`a text cell does not start with "${TEXT_TAG}"`);
  const settings = JSON.parse(textCells.map((c) => (c as string).slice(TEXT_TAG.length)).join('')) as RecordSettings;
  if (settings.format !== COMMIT_RECORD_FORMAT)
    throw new Error(`it was written in format ${settings.format}; this version reads format ${COMMIT_RECORD_FORMAT}`);
  const weightCount = settings.shapes.reduce((n, shape) => n + sizeOf(shape), 0);
  const values = unpackNumbers(
    row.slice(COMMIT_RECORD_FIXED_COLUMNS + textCount, COMMIT_RECORD_FIXED_COLUMNS + textCount + packedCount),
    weightCount * (1 + settings.slotNames.length),
  );
  const { params, used } = paramsFromShapes(settings.shapes, values);
  let offset = used;
  const slots: Record<string, Float64Array[]> = {};
  for (const name of settings.slotNames) {
    slots[name] = settings.shapes.map((shape) => {
      const size = sizeOf(shape);
      const slot = values.slice(offset, offset + size);
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
