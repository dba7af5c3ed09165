/**
 * Google Sheets' documented size limits, in one place for every writer, checker and estimate.
 * Source: Google Docs Editors Help, "Files you can store in Google Drive" → Spreadsheets
 * (https://support.google.com/drive/answer/37603): up to 10 million cells or 18,278 columns (column ZZZ),
 * and a cell holds at most 50,000 characters.
 */

/** Characters one cell may hold, counting any prefix the writer adds. */
export const SHEETS_CELL_CHAR_LIMIT = 50_000;

/** Cells in one spreadsheet, over all its sheets (blank cells of a sheet's grid count too). */
export const SHEETS_CELL_LIMIT = 10_000_000;

/** Columns in one sheet: A … ZZZ. */
export const SHEETS_COLUMN_LIMIT = 18_278;

/**
 * The size of a new sheet, which counts towards the cell limit before it holds anything: "by default, will have
 * 1000 rows and 26 columns" (https://rdrr.io/pkg/googlesheets/man/gs_new.html; "Google Sheets has 26 columns
 * by default", https://github.com/burnash/gspread/issues/371).
 */
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;
