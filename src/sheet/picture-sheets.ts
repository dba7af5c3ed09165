/**
 * The picture-to-spreadsheet tool: any picture as numbers 0–255 whose cells are coloured by value, sized
 * so the sheet looks like the picture at 100% zoom. Two layouts:
 * - channels: three sheets (Picture R, Picture G, Picture B), one cell per pixel, black → pure channel colour;
 * - rows: one sheet (Picture) with three rows per pixel row — red, green, blue — each row a third as tall.
 * Pixels start at A2 under a one-line title. Each sheet costs the same Workbook calls whatever the picture.
 */
import { SHEETS_CELL_LIMIT, SHEETS_COLUMN_LIMIT } from '../shared/sheets-limits';
import type { CellInput, CellRange, Workbook } from './workbook';
import { channelRule } from './colors';
import { CHANNEL_NAMES, CHANNEL_SHEETS } from './sheet-names';

export type PictureLayout = 'channels' | 'rows';
export const PICTURE_LAYOUTS: readonly PictureLayout[] = ['channels', 'rows'];

/** The picture's sheets: Picture R/G/B, or Picture. */
export const PICTURE_SHEET = 'Picture';
export const pictureChannelSheet = (c: number): string => `${PICTURE_SHEET} ${CHANNEL_SHEETS[c]}`;

/** Widest picture the tool writes: Google Sheets' column limit. */
export const MAX_PICTURE_WIDTH = SHEETS_COLUMN_LIMIT;
/** How wide the picture is drawn at 100% zoom, when its pixels are not too few or too many for that. */
const TARGET_WIDTH_PX = 900;
const MIN_CELL_PX = 2;
const MAX_CELL_PX = 20;
/** Shows no text in a pixel cell (the value stays, for formulas and the cell bar): the colour is the picture. */
export const HIDDEN_NUMBER_FORMAT = ';;;';

/** RGB bytes, row-major, 3 per pixel. */
export interface PicturePixelsData {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

/** Side of one pixel in screen pixels: the picture about 900 px wide, each pixel 2–20 px. */
export function pictureCellSize(width: number): number {
  return Math.max(MIN_CELL_PX, Math.min(MAX_CELL_PX, Math.round(TARGET_WIDTH_PX / width)));
}

/** Throws a message saying what to change when the picture cannot be written in this layout. */
export function assertPictureFits(width: number, height: number, layout: PictureLayout): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`The picture is ${width} × ${height}; its size must be whole numbers of pixels ≥ 1.`);
  }
  if (width > MAX_PICTURE_WIDTH)
    throw new Error(
      `A sheet has at most ${MAX_PICTURE_WIDTH} columns; choose a width of at most that (the picture is ${width} px wide).`,
    );
  const cells = 3 * width * (height + 1);
  if (cells > SHEETS_CELL_LIMIT) {
    throw new Error(
      `${width} × ${height} pixels need ${cells.toLocaleString('en-US')} cells in the ${layout} layout; a spreadsheet holds at most ` +
        `${SHEETS_CELL_LIMIT.toLocaleString('en-US')}. Choose a smaller width.`,
    );
  }
}

function channelGrid(p: PicturePixelsData, title: string, rowsOf: (y: number) => readonly number[]): CellInput[][] {
  const grid: CellInput[][] = [[title, ...new Array<CellInput>(p.width - 1).fill('')]];
  for (let y = 0; y < p.height; y++)
    for (const c of rowsOf(y)) grid.push(Array.from({ length: p.width }, (_, x) => p.rgb[(y * p.width + x) * 3 + c]));
  return grid;
}

function writeSheet(
  workbook: Workbook,
  name: string,
  grid: CellInput[][],
  cellPx: number,
  rowPx: number,
  rules: Parameters<Workbook['setColorRules']>[1],
): void {
  workbook.ensureSheet(name);
  workbook.clearSheet(name);
  workbook.writeCells(name, 1, 1, grid);
  const pixels: CellRange = { row: 2, col: 1, rows: grid.length - 1, cols: grid[0].length };
  workbook.setNumberFormat(name, pixels, HIDDEN_NUMBER_FORMAT);
  workbook.setColumnWidths(name, 1, pixels.cols, cellPx);
  workbook.setRowHeights(name, 2, pixels.rows, rowPx);
  workbook.setColorRules(name, rules);
}

/**
 * Writes the picture in the chosen layout and removes the other layout's sheets, so one picture is in the
 * spreadsheet at a time. Returns the names of the sheets written.
 */
export function writePictureSheets(
  workbook: Workbook,
  picture: PicturePixelsData,
  layout: PictureLayout,
  name: string,
): string[] {
  const { width, height } = picture;
  assertPictureFits(width, height, layout);
  if (picture.rgb.length !== width * height * 3)
    throw new Error(
      `The picture has ${picture.rgb.length} bytes; ${width} × ${height} RGB pixels are ${width * height * 3}.`,
    );
  const cell = pictureCellSize(width);
  const title = `${name}: ${width} × ${height} pixels, 0–255 per channel`;
  const written = layout === 'channels' ? [0, 1, 2].map(pictureChannelSheet) : [PICTURE_SHEET];
  const stale = [PICTURE_SHEET, ...[0, 1, 2].map(pictureChannelSheet)].filter((s) => !written.includes(s));
  const existing = workbook.sheetNames();
  for (const sheet of stale) if (existing.includes(sheet)) workbook.deleteSheet(sheet);
  if (layout === 'channels') {
    [0, 1, 2].forEach((c) => {
      const block = { row: 2, col: 1, rows: height, cols: width };
      writeSheet(
        workbook,
        written[c],
        channelGrid(picture, `${title} (${CHANNEL_NAMES[c]})`, () => [c]),
        cell,
        cell,
        [channelRule(3, c, [block])],
      );
    });
  } else {
    // Row 2 + 3y + c holds channel c of pixel row y, so each channel's rule covers every third row.
    const rows = (c: number): CellRange[] =>
      Array.from({ length: height }, (_, y) => ({ row: 2 + 3 * y + c, col: 1, rows: 1, cols: width }));
    const stripe = Math.max(1, Math.round(cell / 3));
    writeSheet(
      workbook,
      PICTURE_SHEET,
      channelGrid(picture, `${title}; rows red, green, blue per pixel row`, () => [0, 1, 2]),
      stripe * 3,
      stripe,
      [0, 1, 2].map((c) => channelRule(3, c, rows(c))),
    );
  }
  return written;
}
