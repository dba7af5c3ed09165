/**
 * Keeps the sidebar in step with the sheets: a light poll of the server's model stamp (one small read)
 * while the sidebar is visible, and a check whenever it regains focus. When the stamp differs from the last
 * one seen — a weight edited in the grid, a colleague's rebuild or training — `onChange` refreshes what the
 * panels show. The sidebar's own calls change the stamp too: no check runs while one is under way, and the
 * first stamp taken after one settles is taken as seen (a colleague's change made during the sidebar's own
 * call shows at the next change).
 */
import { call, observeCalls } from './rpc';

export interface WatchOptions {
  /** Wait between checks while someone is working: within `activeForMs` of the last change or call. */
  readonly intervalMs: number;
  readonly activeForMs: number;
  /** Wait between checks after that, while nothing happens. */
  readonly idleIntervalMs: number;
  readonly onChange: () => Promise<void>;
}

/**
 * Calls that only read the spreadsheet (or move the selection): they cannot change the stamp, so they
 * neither hold the checks back nor mark the next stamp as the sidebar's own. Without this, a panel that
 * polls (Explain, the custom-function probe) would hide every change made in the grid.
 */
const READS: ReadonlySet<string> = new Set([
  'getModelStamp',
  'getModelInfo',
  'getDataset',
  'getDatasetPage',
  'exportModel',
  'getFaceDetectorPart',
  'explainSelection',
  'showCells',
]);

export function watchSheet(options: WatchOptions): void {
  let known: string | null = null;
  let ownCalls = 0;
  /** Bumped when one of the sidebar's own calls settles; a stamp taken after that is the sidebar's own doing. */
  let generation = 0;
  let seenGeneration = 0;
  let checking = false;
  let lastActivity = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (): void => {
    clearTimeout(timer);
    const active = Date.now() - lastActivity < options.activeForMs;
    timer = setTimeout(() => void check(), active ? options.intervalMs : options.idleIntervalMs);
  };

  const check = async (): Promise<void> => {
    if (checking || ownCalls > 0 || document.visibilityState === 'hidden') {
      schedule();
      return;
    }
    checking = true;
    try {
      const stamp = await call('getModelStamp');
      // A call of the sidebar's own started meanwhile: the check after it settles takes its stamp.
      if (ownCalls > 0) return;
      const ours = seenGeneration !== generation;
      seenGeneration = generation;
      const changed = !ours && known !== null && stamp !== known;
      known = stamp;
      if (changed) {
        lastActivity = Date.now();
        await options.onChange();
      }
    } catch {
      // A failed check (offline, the script busy) is tried again at the next tick.
    } finally {
      checking = false;
      schedule();
    }
  };

  observeCalls({
    started(name) {
      if (!READS.has(name)) ownCalls++;
    },
    settled(name) {
      if (READS.has(name)) return;
      ownCalls--;
      generation++;
      lastActivity = Date.now();
      if (ownCalls === 0) void check();
    },
  });
  const soon = (): void => {
    lastActivity = Date.now();
    void check();
  };
  window.addEventListener('focus', soon);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') soon();
  });
  void check();
}
