import type { Workbook } from '../sheet/workbook';

/** The document lock (LockService.getDocumentLock() in Apps Script, an in-process mutex locally). */
export interface DocumentLock {
  /** Waits up to timeoutMs; true when the lock is now held. */
  tryLock(timeoutMs: number): boolean;
  releaseLock(): void;
}

/** The selected cell of a spreadsheet someone is looking at. */
export interface SelectedCell {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
}

/**
 * The selection of a host with a user interface (the add-on's spreadsheet, the playground's view); the CLI
 * and the tests of other endpoints have none.
 */
export interface Selection {
  /** The current cell (in a larger selection, the one the cursor is on); null when nothing is selected. */
  current(): SelectedCell | null;
  /** Shows `sheet` and selects these blocks of it (A1 without the sheet name, e.g. "B4:D6"). */
  select(sheet: string, ranges: readonly string[]): void;
}

/**
 * What the server code needs from its surroundings. The add-on builds one from Apps Script services;
 * tests, the CLI and the playground build one over the local workbook.
 */
/** The text of one of the add-on's own HTML files, by name without .html; throws when there is none. */
export type AddOnFileReader = (name: string) => string;

export interface Host {
  readonly workbook: Workbook;
  readonly lock: DocumentLock;
  /** Milliseconds since the epoch (Date.now); injectable so tests can cut a call off at any moment. */
  now(): number;
  /** The person calling, when known ('' otherwise: consumer accounts often hide it). */
  userName(): string;
  /** Absent where no one is looking at the spreadsheet (the CLI). */
  readonly selection?: Selection;
  /**
   * The add-on's own HTML files (the build writes them to dist/): the face detector's parts, for the sidebar
   * to load when it first needs a face. Hosts without a sidebar leave it out.
   */
  readonly addOnFile?: AddOnFileReader;
}
