/**
 * Saving training progress so that a call cut off at ANY point — Apps Script's time limit stops a script
 * between two statements; an error can be thrown anywhere — leaves the model exactly as after a whole batch.
 *
 * The problem: the weights live in several blocks on several sheets (one per conv layer, one dense), and
 * each block is one write, so no single write can replace them all. A call stopped between two block
 * writes would leave new conv weights beside old dense weights.
 *
 * The design (a redo record, as databases do it):
 * 1. Train in memory only. Nothing is written while batches run, so a stop during the maths leaves the
 *    sheets as the previous call left them. An error mid-batch (the engine updates weights in place) is not
 *    caught: the half-updated weights are never written.
 * 2. COMMIT: write the new record — step counter, epoch, cursor, seed, optimizer settings and state, the new
 *    weights themselves and the log rows — as one row of the Train state sheet in ONE writeCells call, with
 *    phase 'pending'. Before this write the old record stands; after it, the new one. There is no moment with
 *    half a record.
 * 3. APPLY: write each weight block to its model sheet, the log rows at the row numbers the record fixes, then
 *    set the phase to 'applied' (one cell). Every write here is idempotent.
 * 4. Every call that reads the weights first looks at the record (openRun; finishPendingCommit for the calls
 *    that change the model without training). Phase 'pending' means a call
 *    stopped somewhere in step 3: the model sheets may be mixed, so the record's copy is written to them
 *    (step 3 again, roll forward) before anything else. Phase 'applied' means the model sheets are whole,
 *    so they are what training continues from — including any weights people edited since.
 *
 * The step counter in the record is the version: the record's weights are the engine's weights after exactly
 * that many batches, and its optimizer state and cursor belong to the same step, because they were written
 * in the same call. A record written for another model (rebuilt, or another seed) is ignored.
 */
import { writeParams } from '../sheet/weight-sheets';
import { readModel } from '../sheet/whole-model';
import { LOG_FIRST_ROW, writeLogEntries } from '../sheet/training-log-sheet';
import type { CommitRecord } from '../sheet/commit-record';
import { markCommitApplied, readCommitPhase, readCommitRecord, writeCommitRecord } from '../sheet/train-state-sheet';
import { readModelSheet } from '../sheet/model-sheet';
import { hasModel } from './model-state';
import type { ModelParams, ModelSpec } from '../core/types';
import type { FormulaMode } from '../shared/api';
import type { Workbook } from '../sheet/workbook';
import { layersKey } from '../core/architecture';

/** Which model a record belongs to: the layers, the number of classes and the seed the weights were drawn with. */
export function modelKey(spec: ModelSpec, seed: number): string {
  return JSON.stringify([layersKey(spec), spec.classes.length, seed]);
}

/** Log rows the record says are written (its own included). */
export function loggedCount(record: CommitRecord | null): number {
  return record === null ? 0 : record.logFirstRow - LOG_FIRST_ROW + record.logEntries.length;
}

export interface OpenedRun {
  readonly spec: ModelSpec;
  readonly mode: FormulaMode;
  /** The seed in the Model sheet (the weights' seed, and the first seed of the epochs' shuffles). */
  readonly seed: number;
  /** What training continues from: the model sheets' weights, after any unfinished commit was applied. */
  readonly params: ModelParams;
  /** The last commit (applied by now), or null when training starts over. */
  readonly record: CommitRecord | null;
  /** Width of the Train state record row, so a shorter record blanks what is left over. */
  readonly recordWidth: number;
  /** What was noticed and done about it, for the log and the sidebar ('' entries never). */
  readonly notes: string[];
}

/** Step 3: the record's weights and log rows into their sheets, then phase 'applied'. Idempotent. */
function applyCommit(workbook: Workbook, spec: ModelSpec, record: CommitRecord): void {
  writeParams(workbook, spec, record.params);
  writeLogEntries(workbook, record.logFirstRow, record.logEntries);
  markCommitApplied(workbook);
  workbook.flush();
}

/** Steps 2 and 3. The record must hold the weights after exactly `record.step` batches. */
export function commit(workbook: Workbook, spec: ModelSpec, record: CommitRecord, recordWidth: number): void {
  writeCommitRecord(workbook, { ...record, phase: 'pending' }, recordWidth);
  // Apps Script may hold writes back; the commit must reach the sheet before any weight block does.
  workbook.flush();
  applyCommit(workbook, spec, record);
}

/**
 * Step 4 for the calls that read or rewrite the weights without training (Run forward pass, Build model,
 * Import, class changes): finishes a commit that a cut-off training call left pending, so they never see
 * new blocks beside old ones. A record of another model (rebuilt since) is left for openRun to note.
 */
export function finishPendingCommit(workbook: Workbook): void {
  if (readCommitPhase(workbook) !== 'pending' || !hasModel(workbook)) return;
  const { record } = readCommitRecord(workbook);
  const model = readModelSheet(workbook);
  if (record !== null && record.modelKey === modelKey(model.spec, model.seed))
    applyCommit(workbook, model.spec, record);
}

/** Step 4: the model, its weights and the last commit, finishing a commit that a cut-off call left pending. */
export function openRun(workbook: Workbook): OpenedRun {
  const model = readModel(workbook);
  const stored = readCommitRecord(workbook);
  const notes: string[] = [];
  let record = stored.record;
  if (stored.problem !== '')
    notes.push(`${stored.problem}; training state starts over from the weights in the sheets.`);
  if (record !== null && record.modelKey !== modelKey(model.spec, model.seed)) {
    notes.push('The model was rebuilt since the last training call; training state starts over.');
    record = null;
  }
  if (record !== null && record.phase === 'pending') {
    applyCommit(workbook, model.spec, record);
    return {
      spec: model.spec,
      mode: model.mode,
      seed: model.seed,
      params: record.params,
      record: { ...record, phase: 'applied' },
      recordWidth: stored.width,
      notes,
    };
  }
  return {
    spec: model.spec,
    mode: model.mode,
    seed: model.seed,
    params: model.params,
    record,
    recordWidth: stored.width,
    notes,
  };
}
