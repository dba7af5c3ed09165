/**
 * A Host over a local workbook, for tests, the CLI and the playground: the same server code as in the
 * add-on, with an in-process lock standing in for LockService and a clock tests can set.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DocumentLock, Host, SelectedCell, Selection } from '../../server/host';
import type { SheetRanges } from '../../shared/explanation';
import { parseA1Range } from '../../sheet/a1-notation';
import type { Workbook } from '../../sheet/workbook';
import { LocalWorkbook } from './local-workbook';

/** The document lock of one process. */
export interface LocalLock extends DocumentLock {
  isHeld(): boolean;
}

/**
 * Node runs one call at a time, so a holder can never release while another caller waits: tryLock answers
 * at once (false while held) instead of blocking for timeoutMs. Like LockService's document lock it is not
 * re-entrant, and releasing a lock that is not held does nothing.
 */
export function createInProcessLock(): LocalLock {
  let held = false;
  return {
    tryLock(): boolean {
      if (held) return false;
      held = true;
      return true;
    },
    releaseLock(): void {
      held = false;
    },
    isHeld: () => held,
  };
}

/** The playground's selection: a click sets the current cell, "Show in sheet" selects blocks the view highlights. */
export interface LocalSelection extends Selection {
  /** What is selected, as blocks of one sheet (a click selects one cell); null when nothing is. */
  selected(): SheetRanges | null;
}

/** A selection held in memory; selecting blocks makes the top-left cell of the first one current. */
export function createLocalSelection(): LocalSelection {
  let selected: SheetRanges | null = null;
  return {
    current(): SelectedCell | null {
      const first = selected === null ? null : parseA1Range(selected.ranges[0]);
      return selected === null || first === null ? null : { sheet: selected.sheet, row: first.row, col: first.col };
    },
    select(sheet: string, ranges: readonly string[]): void {
      if (ranges.length === 0 || ranges.some((r) => parseA1Range(r) === null)) {
        throw new Error(
          `Select blocks in A1 notation such as B4 or B4:D6; got ${JSON.stringify(ranges).slice(0, 80)}.`,
        );
      }
      selected = { sheet, ranges: [...ranges] };
    },
    selected: () => selected,
  };
}

export interface LocalHost extends Host {
  readonly workbook: Workbook;
  readonly lock: LocalLock;
  readonly selection: LocalSelection;
  /** Replaces the clock (Date.now by default), so tests can cut a call off at a chosen moment. */
  setClock(now: () => number): void;
}

export interface LocalHostOptions {
  /** '' by default, as for a consumer account that hides its e-mail. */
  readonly userName?: string;
  readonly now?: () => number;
  /** The folder of the built add-on's files (the face detector's parts); dist/ of this checkout by default. */
  readonly addOnFolder?: string;
}

const DEFAULT_ADD_ON_FOLDER = path.resolve(__dirname, '../../../dist');

/** A Host over `workbook` (a new, empty local workbook when omitted). */
export function createLocalHost(workbook: Workbook = new LocalWorkbook(), options: LocalHostOptions = {}): LocalHost {
  let clock = options.now ?? (() => Date.now());
  const userName = options.userName ?? '';
  return {
    workbook,
    lock: createInProcessLock(),
    now: () => clock(),
    userName: () => userName,
    selection: createLocalSelection(),
    addOnFile(name: string): string {
      const file = path.join(options.addOnFolder ?? DEFAULT_ADD_ON_FOLDER, `${name}.html`);
      try {
        return readFileSync(file, 'utf8');
      } catch {
        throw new Error(`The add-on file ${file} is missing: run npm run build first.`);
      }
    },
    setClock(now: () => number): void {
      clock = now;
    },
  };
}
