import type { Host } from './host';
import { LOCK_WAIT_MS } from './lock';
import { finishPendingCommit } from './training-commit';
import { BusyError, busyMessage } from './training-holder';

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
