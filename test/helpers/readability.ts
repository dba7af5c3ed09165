/**
 * Checks that what a sheet shows can be read: every number cell's formatted text fits its column in
 * Google Sheets' font (Arial 10) and the .xlsx file's (Calibri 11).
 */
import type { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { DEFAULT_COLUMN_WIDTH } from '../../src/shared/sheet-view';
import { displayValue } from '../../src/local/playground/playground-format';
import { ARIAL_10, CALIBRI_11, fitsColumn } from '../../src/sheet/font-metrics';
import { a1Cell } from '../../src/sheet/a1-notation';

/** "Sheet!B4 shows "-12.345" (48 px wide in Arial 10) in a 42 px column" for each number cell that does not fit. */
export function numbersWiderThanColumns(workbook: LocalWorkbook, sheet: string): string[] {
  const { rows, cols } = workbook.usedSize(sheet);
  if (rows === 0) return [];
  const values = workbook.readValues(sheet, { row: 1, col: 1, rows, cols });
  const widths = workbook.snapshot(sheet).columnWidths;
  const problems: string[] = [];
  values.forEach((row, r) =>
    row.forEach((value, c) => {
      if (typeof value !== 'number') return;
      const text = displayValue(value, workbook.numberFormatAt(sheet, r + 1, c + 1));
      const px = widths.get(c + 1) ?? DEFAULT_COLUMN_WIDTH;
      for (const font of [ARIAL_10, CALIBRI_11]) {
        if (!fitsColumn(text, px, font))
          problems.push(`${sheet}!${a1Cell(r + 1, c + 1)} shows "${text}" in a ${px} px column (${font.name})`);
      }
    }),
  );
  return problems;
}
