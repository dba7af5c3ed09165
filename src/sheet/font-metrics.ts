/**
 * How wide a text is in a spreadsheet cell, from the fonts' advance widths, so column widths can be chosen
 * to fit what a cell shows. Google Sheets draws cells in Arial 10 pt; an .xlsx written by ExcelJS uses
 * Calibri 11 pt (LibreOffice draws it with the metric-compatible Carlito). Widths are in screen pixels
 * (96 per inch), the unit of Workbook.setColumnWidths.
 */

/** A font as the width tables know it: advance widths in thousandths of an em, and its size in pixels. */
export interface CellFont {
  readonly name: string;
  readonly sizePx: number;
  /** Advance width of each character it lists, per 1000 em. */
  readonly widths: ReadonlyMap<string, number>;
  /** For characters it does not list. */
  readonly otherWidth: number;
  /** Horizontal space a cell leaves around its text (both sides and the grid line). */
  readonly paddingPx: number;
}

/**
 * Arial's advance widths (identical to Helvetica's, published in Adobe's Helvetica AFM), ASCII 32–126 in
 * order, plus the non-ASCII characters the sheets use.
 */
const ARIAL_ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
];
const ARIAL_OTHER: [string, number][] = [
  ['·', 278],
  ['×', 584],
  ['÷', 584],
  ['–', 556],
  ['—', 1000],
  ['−', 584],
  ['…', 1000],
  ['é', 556],
  ['²', 333],
  ['√', 549],
  ['‖', 500],
];

function asciiTable(widths: readonly number[], extra: readonly [string, number][]): Map<string, number> {
  const table = new Map<string, number>(widths.map((w, i) => [String.fromCharCode(32 + i), w]));
  for (const [ch, w] of extra) table.set(ch, w);
  return table;
}

/** Google Sheets' default cell font. Sheets pads a cell's text by 3 px each side. */
export const ARIAL_10: CellFont = {
  name: 'Arial 10',
  sizePx: (10 * 96) / 72,
  widths: asciiTable(ARIAL_ASCII, ARIAL_OTHER),
  otherWidth: 1000,
  paddingPx: 7,
};

/**
 * ExcelJS's default font, for the characters a formatted number holds (Carlito's advance widths, which
 * match Calibri's). Excel pads each column by 5 px (see xlsx-styles.ts).
 */
export const CALIBRI_11: CellFont = {
  name: 'Calibri 11',
  sizePx: (11 * 96) / 72,
  widths: new Map(
    [...'0123456789']
      .map((d): [string, number] => [d, 507])
      .concat([
        ['.', 252],
        [',', 250],
        ['-', 306],
        ['+', 498],
        ['E', 488],
        ['%', 715],
        [' ', 226],
      ]),
  ),
  otherWidth: 1000,
  paddingPx: 5,
};

/** Width of `text` in pixels, drawn in `font`. */
export function textWidthPx(text: string, font: CellFont = ARIAL_10): number {
  let units = 0;
  for (const ch of text) units += font.widths.get(ch) ?? font.otherWidth;
  return (units / 1000) * font.sizePx;
}

/** Fonts a formatted number is drawn in: Google Sheets' and the .xlsx file's. */
export const NUMBER_FONTS: readonly CellFont[] = [ARIAL_10, CALIBRI_11];
/** Fonts a label is measured in: Arial only, as Calibri's letters are narrower than Arial's. */
export const TEXT_FONTS: readonly CellFont[] = [ARIAL_10];

/** The narrowest column (whole pixels) that shows every one of `texts` whole, in every font given. */
export function columnWidthFor(texts: Iterable<string>, fonts: readonly CellFont[]): number {
  let widest = 0;
  for (const text of texts)
    for (const font of fonts) widest = Math.max(widest, textWidthPx(text, font) + font.paddingPx);
  return Math.ceil(widest);
}

/** Whether `text` shows whole in a column `widthPx` wide, in `font`. */
export function fitsColumn(text: string, widthPx: number, font: CellFont = ARIAL_10): boolean {
  return textWidthPx(text, font) + font.paddingPx <= widthPx;
}
