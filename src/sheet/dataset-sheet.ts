/**
 * The Dataset sheet: the labelled pictures training learns from, one row per picture.
 *
 *   row 1  title
 *   row 2  Test fraction | 0.2 | Split seed | 1 | how the pixels are encoded
 *   row 3  Label | Name | Split | Hash | Width | Height | Pixels
 *   row 4… one picture per row; Pixels holds the base64 of width×height×3 bytes (R, G, B per pixel, row by row)
 *
 * The whole sheet is read in one call and new rows are appended in one call, so the cost of a call does not
 * grow with the number of pictures.
 */
import type { CellInput, CellValue, Workbook } from './workbook';
import { textCell } from './workbook';
import { pixelHash } from '../shared/pixels';
import { SHEETS_CELL_CHAR_LIMIT } from '../shared/sheets-limits';
import { cellCharacters } from './sheet-limits';

export const DATASET_SHEET = 'Dataset';

/**
 * Side of the square pictures are stored at: the largest input the Build model editor offers, so a model of
 * any input size is trained on an area-resize down from the stored pixels (never up from a smaller copy).
 * A picture then takes 64 × 64 × 3 bytes = 16,384 base64 characters in its cell (a third of the 50,000 a
 * cell holds; 3,136 at 28 × 28). Rows written at another size (older sheets) are resized the same way.
 */
export const DATASET_PICTURE_SIZE = 64;

const COLUMNS = ['Label', 'Name', 'Split', 'Hash', 'Width', 'Height', 'Pixels'] as const;
const COL = { label: 1, name: 2, split: 3, hash: 4, width: 5, height: 6, pixels: 7 } as const;
const COLUMN_COUNT = COLUMNS.length;
const SETTINGS_ROW = 2;
const HEADER_ROW = 3;
/** First picture row; rows 1–3 are the frozen header. */
export const DATASET_FIRST_ROW = 4;

export type Split = 'train' | 'test';

export interface SplitSettings {
  /** Share of each class held out for testing. */
  readonly testFraction: number;
  readonly seed: number;
}

export const DEFAULT_SPLIT: SplitSettings = { testFraction: 0.2, seed: 1 };

/** Largest test fraction accepted: every class must keep pictures to learn from. */
export const MAX_TEST_FRACTION = 0.9;

export interface DatasetRow {
  readonly label: string;
  /** The file name (or 'pasted image'), kept so duplicates and errors can be reported by name. */
  readonly name: string;
  readonly split: Split;
  /** contentHash of the pixels; equal hashes mean the same picture. */
  readonly hash: string;
  readonly width: number;
  readonly height: number;
  /** Base64 of width×height×3 bytes. */
  readonly pixels: string;
}

/** A picture as read back, with the sheet row it sits on. */
export interface StoredDatasetRow extends DatasetRow {
  readonly sheetRow: number;
}

export interface Dataset {
  readonly settings: SplitSettings;
  /** In sheet order. */
  readonly rows: StoredDatasetRow[];
  /** Last row holding anything (3 when there are no pictures): new rows go below it; column writes span rows 4 to it. */
  readonly lastRow: number;
}

/**
 * The Hash column's text: pixelHash behind a prefix, because a bare hex hash such as "00012e34" would be
 * read back by a spreadsheet as a number.
 */
export function contentHash(width: number, height: number, rgb: Uint8Array): string {
  return `fnv1a:${pixelHash(width, height, rgb)}`;
}

function title(): string {
  return 'Dataset — the labelled pictures the model learns from (train) and is tested on (test), one row per picture.';
}

function settingsRow(settings: SplitSettings): CellInput[] {
  return [
    'Test fraction',
    settings.testFraction,
    'Split seed',
    settings.seed,
    'Pixels: base64 of width × height × 3 bytes (R, G, B of each pixel, row by row from the top left).',
    '',
    '',
  ];
}

function cellText(value: CellValue): string {
  return typeof value === 'string' ? value : String(value);
}

function rowError(sheetRow: number, column: keyof typeof COL, found: CellValue, expected: string): Error {
  const shown = found === '' ? 'blank' : `"${cellText(found).slice(0, 40)}"`;
  return new Error(
    `${DATASET_SHEET} row ${sheetRow}: ${COLUMNS[COL[column] - 1]} is ${shown}; expected ${expected}. ` +
      `Fix the cell or delete the row, then try again.`,
  );
}

function readSettings(row: readonly CellValue[]): SplitSettings {
  const fraction = row[COL.name - 1];
  const seed = row[COL.hash - 1];
  if (fraction === '' && seed === '') return DEFAULT_SPLIT;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= MAX_TEST_FRACTION)) {
    throw new Error(
      `${DATASET_SHEET}!B${SETTINGS_ROW} (test fraction) is "${cellText(fraction)}"; expected a number from 0 to ${MAX_TEST_FRACTION}, e.g. 0.2`,
    );
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new Error(
      `${DATASET_SHEET}!D${SETTINGS_ROW} (split seed) is "${cellText(seed)}"; expected a whole number, e.g. 1`,
    );
  }
  return { testFraction: fraction, seed };
}

function positiveInteger(value: CellValue, sheetRow: number, column: 'width' | 'height'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw rowError(sheetRow, column, value, 'a whole number of pixels');
  return value;
}

function parseRow(cells: readonly CellValue[], sheetRow: number): StoredDatasetRow {
  const text = (column: 'label' | 'name' | 'hash' | 'pixels', expected: string): string => {
    const value = cells[COL[column] - 1];
    if (value === '') throw rowError(sheetRow, column, value, expected);
    return cellText(value);
  };
  const split = cells[COL.split - 1];
  if (split !== 'train' && split !== 'test') throw rowError(sheetRow, 'split', split, '"train" or "test"');
  return {
    label: text('label', 'the class name'),
    name: text('name', 'the picture name'),
    split,
    hash: text('hash', 'the content hash of the pixels'),
    width: positiveInteger(cells[COL.width - 1], sheetRow, 'width'),
    height: positiveInteger(cells[COL.height - 1], sheetRow, 'height'),
    pixels: text('pixels', 'the base64 pixels'),
    sheetRow,
  };
}

/** The whole dataset in one read (an absent sheet is an empty dataset). Blank rows are skipped. */
export function readDataset(workbook: Workbook): Dataset {
  if (!workbook.sheetNames().includes(DATASET_SHEET)) return { settings: DEFAULT_SPLIT, rows: [], lastRow: HEADER_ROW };
  const used = workbook.usedSize(DATASET_SHEET);
  const lastRow = Math.max(used.rows, HEADER_ROW);
  const values = workbook.readValues(DATASET_SHEET, { row: 1, col: 1, rows: lastRow, cols: COLUMN_COUNT });
  const rows: StoredDatasetRow[] = [];
  for (let r = DATASET_FIRST_ROW - 1; r < values.length; r++) {
    if (values[r].every((v) => v === '')) continue;
    rows.push(parseRow(values[r], r + 1));
  }
  return { settings: readSettings(values[SETTINGS_ROW - 1]), rows, lastRow };
}

/** Throws when a picture's encoded pixels would not fit one cell, saying which picture and what to do. */
function assertFitsCell(name: string, pixels: string): void {
  const length = cellCharacters(pixels);
  if (length > SHEETS_CELL_CHAR_LIMIT) {
    throw new Error(
      `Picture "${name}" needs ${length} characters of pixels, more than a spreadsheet cell holds ` +
        `(${SHEETS_CELL_CHAR_LIMIT}); use a model whose input is at most 111×111 pixels.`,
    );
  }
}

function toCells(row: DatasetRow): CellInput[] {
  return [textCell(row.label), textCell(row.name), textCell(row.split), row.hash, row.width, row.height, row.pixels];
}

/** Creates the sheet with its header when missing (a no-op otherwise). */
function ensureDatasetSheet(workbook: Workbook, dataset: Dataset): void {
  if (workbook.sheetNames().includes(DATASET_SHEET)) return;
  workbook.ensureSheet(DATASET_SHEET);
  workbook.writeCells(DATASET_SHEET, 1, 1, [
    [title(), '', '', '', '', '', ''],
    settingsRow(dataset.settings),
    [...COLUMNS],
  ]);
  workbook.setFrozenRows(DATASET_SHEET, HEADER_ROW);
  // The pixels column is kept narrow: its cells are long and only the script needs to read them.
  workbook.setColumnWidths(DATASET_SHEET, COL.label, COL.hash, 140);
  workbook.setColumnWidths(DATASET_SHEET, COL.width, 2, 60);
  workbook.setColumnWidths(DATASET_SHEET, COL.pixels, 1, 200);
}

/** Adds pictures below the last row, in one write (creating the sheet first when needed). */
export function appendDatasetRows(workbook: Workbook, dataset: Dataset, rows: readonly DatasetRow[]): void {
  if (rows.length === 0) return;
  rows.forEach((row) => assertFitsCell(row.name, row.pixels));
  ensureDatasetSheet(workbook, dataset);
  workbook.writeCells(DATASET_SHEET, dataset.lastRow + 1, 1, rows.map(toCells));
}

/**
 * Writes one column (labels or splits) for every stored row, from row 4 to the last row, in one write; blank
 * rows stay blank. `valueOf` gives the new value of each stored row.
 */
export function writeDatasetColumn(
  workbook: Workbook,
  dataset: Dataset,
  column: 'label' | 'split',
  valueOf: (row: StoredDatasetRow) => string,
): void {
  if (dataset.rows.length === 0) return;
  const cells: CellInput[][] = Array.from({ length: dataset.lastRow - HEADER_ROW }, () => ['']);
  for (const row of dataset.rows) cells[row.sheetRow - DATASET_FIRST_ROW][0] = textCell(valueOf(row));
  workbook.writeCells(DATASET_SHEET, DATASET_FIRST_ROW, COL[column], cells);
}

/** Saves the fraction and seed that new pictures are split with: one write. */
export function writeSplitSettings(workbook: Workbook, dataset: Dataset, settings: SplitSettings): void {
  ensureDatasetSheet(workbook, dataset);
  workbook.writeCells(DATASET_SHEET, SETTINGS_ROW, 1, [settingsRow(settings)]);
}
