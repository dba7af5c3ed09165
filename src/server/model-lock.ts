/**
 * The model lock: one document lock guards the model and the dataset, so a change never interleaves with
 * training or with someone else's change. Training, a single step, a reset and an evaluation hold the model
 * (holdModel) and write their holder's name and start time into the Train state sheet, so a second person
 * who finds the lock taken is told who is at work — without the busy call writing anything. Shorter changes
 * (withModelLock) take the same lock without naming a holder.
 */
import type { Host } from './host';
import { finishPendingCommit } from './training-commit';
import { ensureTrainStateSheet, readTrainer, writeTrainer, writeTrainerFinished } from '../sheet/train-state-sheet';

/**
 * How long a call waits for the document lock before telling the person the model is busy: long enough for
 * a short change by someone else to finish, short of a whole training call.
 */
const LOCK_WAIT_MS = 5000;

/** Apps Script ends every execution within 6 minutes: a holder that started longer ago was cut off. */
const EXECUTION_LIMIT_MS = 6 * 60 * 1000;

/** The model is held by someone else's call: nothing was changed; the same request may succeed later. */
export class BusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusyError';
    // Keeps `instanceof BusyError` true when compiled to ES5-style classes (Apps Script bundles).
    Object.setPrototypeOf(this, BusyError.prototype);
  }
}

export type Held<T> = { readonly busy: false; readonly value: T } | { readonly busy: true; readonly message: string };

/** The busy message: the holder's name and activity when the Train state sheet knows them, else "someone". */
export function busyMessage(host: Host): string {
  const trainer = readTrainer(host.workbook);
  const now = host.now();
  if (trainer === null || trainer.finishedAt !== null || now - trainer.startedAt >= EXECUTION_LIMIT_MS) {
    return 'The model is busy: someone is training it or saving a change to it. Try again in a moment.';
  }
  const who = trainer.name === '' ? 'Someone' : trainer.name;
  const seconds = Math.max(0, Math.round((now - trainer.startedAt) / 1000));
  return `The model is busy: ${who} is ${trainer.activity} (started ${seconds} s ago). Try again when they pause or finish.`;
}

/**
 * Runs `work` holding the document lock as the model's holder. Busy: returns the message and writes
 * nothing. The holder row says when the work finished, even when it failed; a call cut off by the time
 * limit cannot, which the six-minute rule in busyMessage covers.
 */
export function holdModel<T>(host: Host, activity: string, work: () => T): Held<T> {
  if (!host.lock.tryLock(LOCK_WAIT_MS)) return { busy: true, message: busyMessage(host) };
  const workbook = host.workbook;
  try {
    ensureTrainStateSheet(workbook);
    writeTrainer(workbook, { name: host.userName(), activity, startedAt: host.now(), finishedAt: null });
    const value = work();
    writeTrainerFinished(workbook, host.now());
    return { busy: false, value };
  } catch (error) {
    try {
      writeTrainerFinished(workbook, host.now());
    } catch {
      // The first failure is the one to report; this row only shortens how long others see a holder.
    }
    throw error;
  } finally {
    host.lock.releaseLock();
  }
}

/** holdModel for endpoints whose answer has no busy status: busy becomes an error with the same message. */
export function holdModelOrThrow<T>(host: Host, activity: string, work: () => T): T {
  const held = holdModel(host, activity, work);
  if (held.busy) throw new BusyError(held.message);
  return held.value;
}

/**
 * Runs a change to the model or the dataset holding the document lock, so a change never interleaves with
 * training or with someone else's change, and never starts from weights a cut-off training call left half
 * written. When the lock stays taken, throws the busy message (who is training, when the Train state sheet
 * knows it) and changes nothing.
 */
export function withModelLock<T>(host: Host, work: () => T): T {
  if (!host.lock.tryLock(LOCK_WAIT_MS)) throw new BusyError(busyMessage(host));
  try {
    finishPendingCommit(host.workbook);
    const result = work();
    // Written before the lock is released, so the next holder reads the change.
    host.workbook.flush();
    return result;
  } finally {
    host.lock.releaseLock();
  }
}
