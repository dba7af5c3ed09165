/**
 * The .xlsx export read back by ExcelJS: every sheet, value, formula, number format, width, frozen row, note
 * and colour scale is in the file; custom functions, over-long text and bad sheet names are refused.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { smallSpec } from '../../src/core';
import type { FormulaMode } from '../../src/shared/api';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { writeXlsxFile, xlsxBytes } from '../../src/local/engine/xlsx-export';
import { EXCEL_FORMULA_CHAR_LIMIT, portableFormula } from '../../src/local/engine/xlsx-formula';
import { buildModel } from '../../src/sheet/whole-model';
import { TRAIN_STATE_SHEET } from '../../src/sheet/train-state-sheet';
import { a1Cell } from '../../src/sheet/a1-notation';
import { LABEL, SEED, seededImage, seededParams } from '../sheet/model-fixture';

const CUSTOM_NAMES = /\b(CONV2D|RELU|MAXPOOL|FLATTENMAPS|DENSE|SOFTMAX|CROSSENTROPY|KLDIV|PREDICT)\s*\(/i;

function smallModel(mode: FormulaMode): LocalWorkbook {
  const spec = smallSpec();
  const workbook = new LocalWorkbook();
  workbook.batch(() =>
    buildModel(workbook, spec, seededParams(spec, SEED), seededImage(spec, SEED + 7), {
      mode,
      seed: SEED,
      label: LABEL,
    }),
  );
  return workbook;
}

async function readBack(workbook: LocalWorkbook): Promise<ExcelJS.Workbook> {
  const { bytes } = await xlsxBytes(workbook);
  const excel = new ExcelJS.Workbook();
  await excel.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
  return excel;
}

/** Sheet references without quotes ('Conv1 filters'!B4 → Conv1 filters!B4), to compare formula texts. */
function unquoted(formula: string): string {
  return formula.replace(/^=/, '').replace(/'((?:[^']|'')+)'!/g, (_, name: string) => `${name.replace(/''/g, "'")}!`);
}

function noteText(note: ExcelJS.Cell['note'] | undefined): string {
  if (note === undefined) return '';
  return typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('');
}

describe('.xlsx export of a native-mode model', () => {
  let local: LocalWorkbook;
  let excel: ExcelJS.Workbook;

  beforeAll(async () => {
    local = smallModel('native');
    excel = await readBack(local);
  });

  it('writes every sheet in tab order', () => {
    expect(excel.worksheets.map((s) => s.name)).toEqual(local.sheetNames());
    expect(local.sheetNames()).toContain('Softmax');
  });

  it('writes every value and every formula, each formula with the engine result cached and every sheet name quoted', () => {
    let formulas = 0;
    for (const name of local.sheetNames()) {
      const sheet = excel.getWorksheet(name) as ExcelJS.Worksheet;
      const { rows, cols } = local.usedSize(name);
      const range = { row: 1, col: 1, rows, cols };
      const values = local.readValues(name, range);
      const localFormulas = local.readFormulas(name, range);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const cell = sheet.getCell(r + 1, c + 1);
          const where = `${name}!${a1Cell(r + 1, c + 1)}`;
          if (localFormulas[r][c] !== '') {
            formulas++;
            const value = cell.value as ExcelJS.CellFormulaValue;
            expect({ where, formula: unquoted(value.formula) }).toEqual({
              where,
              formula: unquoted(localFormulas[r][c]),
            });
            expect(value.formula).not.toMatch(CUSTOM_NAMES);
            // Every reference to another sheet is quoted: Excel reads a bare R!B4 as an R1C1 reference.
            expect(value.formula.replace(/'(?:[^']|'')+'!/g, '')).not.toContain('!');
            // cell.result, not value.result: ExcelJS's value getter drops falsy results such as 0.
            expect({ where, result: cell.result }).toEqual({ where, result: values[r][c] });
          } else {
            expect({ where, value: cell.value ?? '' }).toEqual({ where, value: values[r][c] });
          }
        }
      }
    }
    // The small network in native mode: 75 input, 18 conv, 18 ReLU, 18 flatten, 3 logits, 6 softmax formulas, and more.
    expect(formulas).toBeGreaterThan(150);
  });

  it('gives each data cell its number format', () => {
    for (const name of local.sheetNames()) {
      const sheet = excel.getWorksheet(name) as ExcelJS.Worksheet;
      for (const { range } of local.snapshot(name).numberFormats) {
        for (let r = range.row; r < range.row + range.rows; r++) {
          for (let c = range.col; c < range.col + range.cols; c++) {
            const where = `${name}!${a1Cell(r, c)}`;
            expect({ where, format: sheet.getCell(r, c).numFmt }).toEqual({
              where,
              format: local.numberFormatAt(name, r, c),
            });
          }
        }
      }
    }
    expect(excel.getWorksheet('Softmax')?.getCell('B4').numFmt).toBe('0.0000');
    expect(excel.getWorksheet('Conv1 filters')?.getCell('B4').numFmt).toBe('0.000');
  });

  it('keeps column widths (pixels → Excel characters), frozen title rows and notes', () => {
    for (const name of local.sheetNames()) {
      const sheet = excel.getWorksheet(name) as ExcelJS.Worksheet;
      const snapshot = local.snapshot(name);
      for (const [col, px] of snapshot.columnWidths) {
        // Excel's width unit: (pixels − 5 px padding) ÷ 7 px per digit of Calibri 11.
        expect(Math.abs((sheet.getColumn(col).width ?? 0) * 7 + 5 - px)).toBeLessThan(0.05);
      }
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(snapshot.notes.length).toBeGreaterThan(0);
      for (const { row, col, note } of snapshot.notes) expect(noteText(sheet.getCell(row, col).note)).toBe(note);
    }
  });

  it("keeps each chart's data and says in a note where the chart stood that the file has no chart", () => {
    const softmax = excel.getWorksheet('Softmax') as ExcelJS.Worksheet;
    expect(noteText(softmax.getCell('J4').note)).toBe(
      'Chart "Probability of each class" (column chart of A3:A6, B3:B6; first column across, one series per further column). ' +
        "This .xlsx keeps the chart's data but not the chart: select those ranges and insert a chart to draw it.",
    );
    expect(softmax.getCell('J4').value).toBe('Chart: Probability of each class (see note)');
    expect(noteText(softmax.getCell('J20').note)).toMatch(
      /^Chart "Confidence curve: .*" \(scatter chart of F3:F31, G3:G31, H3:H31;/,
    );
    // The curve's points stay as formulas reading the Logits sheet, so Excel recomputes them.
    expect(softmax.getCell('G5').formula).toBe('EXP(F5)');
    expect(unquoted(softmax.getCell('F29').formula)).toBe('Logits!B4');
  });

  it('turns the colour rules into colour scales: channels black → pure colour, weights blue–white–red around 0, probabilities white → green', () => {
    const scales = (name: string): unknown =>
      (
        excel.getWorksheet(name) as unknown as {
          conditionalFormattings: { ref: string; rules: ExcelJS.ColorScaleRuleType[] }[];
        }
      ).conditionalFormattings.map((cf) => ({
        ref: cf.ref,
        cfvo: cf.rules[0].cfvo,
        color: cf.rules[0].color?.map((c) => c.argb),
      }));
    expect(scales('R')).toEqual([
      {
        ref: 'B4:F8',
        cfvo: [
          { type: 'num', value: 0 },
          { type: 'num', value: 255 },
        ],
        color: ['FF000000', 'FFFF0000'],
      },
    ]);
    expect(scales('B')).toEqual([
      {
        ref: 'B4:F8',
        cfvo: [
          { type: 'num', value: 0 },
          { type: 'num', value: 255 },
        ],
        color: ['FF000000', 'FF0000FF'],
      },
    ]);
    // Every stop at a fixed number (−limit, 0, +limit), so Excel and LibreOffice paint 0 white too.
    const limit = local.snapshot('Conv1 filters').colorRules[0].max.value as number;
    expect(limit).toBeGreaterThan(0);
    const diverging = {
      cfvo: [
        { type: 'num', value: -limit },
        { type: 'num', value: 0 },
        { type: 'num', value: limit },
      ],
      color: ['FF5B8DEF', 'FFFFFFFF', 'FFE06666'],
    };
    // Small spec: 2 filters × 3 channels of 3×3 → B4:L10 with gaps; biases in column N, on the same scale.
    expect(scales('Conv1 filters')).toEqual([{ ref: 'B4:L10 N4:N5', ...diverging }]);
    expect(scales('Softmax')).toEqual([
      {
        ref: 'B4:B6',
        cfvo: [
          { type: 'num', value: 0 },
          { type: 'num', value: 1 },
        ],
        color: ['FFFFFFFF', 'FF57BB8A'],
      },
    ]);
  });
});

describe('.xlsx export refuses what would not work outside Google Sheets', () => {
  it('refuses custom functions, naming the cell and how to rebuild', async () => {
    await expect(xlsxBytes(smallModel('custom'))).rejects.toThrow(
      /"Conv1"!B4 uses CONV2D, a Sheet CNN custom function .*#NAME\?.*native mode/,
    );
  });

  it('exports a values-mode model: numbers, with only the class-name formulas and the checks of typed-in blocks', async () => {
    const local = smallModel('values');
    const { summary } = await xlsxBytes(local);
    const excel = await readBack(local);
    const probabilities = local.readValues('Softmax', { row: 4, col: 2, rows: 3, cols: 1 }).map((r) => r[0]);
    expect([4, 5, 6].map((r) => excel.getWorksheet('Softmax')?.getCell(r, 2).value)).toEqual(probabilities);
    expect(probabilities.every((p) => typeof p === 'number')).toBe(true);
    const formulas = excel.worksheets.flatMap((s) => {
      const found: string[] = [];
      s.eachRow((row) =>
        row.eachCell((cell) => void (cell.formula && found.push(`${s.name}!${cell.address}\t${cell.formula}`))),
      );
      return found;
    });
    expect(formulas.length).toBe(summary.formulaCells);
    const classNames = formulas.filter((f) => /\t'Model'!B\d+$/.test(f));
    const checks = formulas.filter((f) => f.includes('\tIF(COUNT(')).map((f) => f.slice(0, f.indexOf('\t')));
    expect(checks).toEqual(['R!H3', 'G!H3', 'B!H3', 'Conv1 filters!P3', 'Dense weights!F3']);
    // And the Model sheet's checksum of every pixel and weight, which the sidebar watches.
    const checksum = formulas.filter((f) => /^Model!E\d+\t=?SUM\(/.test(f));
    expect(checksum).toHaveLength(1);
    expect(classNames.length + checks.length + checksum.length).toBe(formulas.length);
  });

  it('leaves the Train state bookkeeping out and says why', async () => {
    const local = smallModel('native');
    local.ensureSheet(TRAIN_STATE_SHEET);
    local.writeCells(TRAIN_STATE_SHEET, 4, 1, [['b:' + 'A'.repeat(40_000)]]);
    const dir = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-xlsx-'));
    try {
      const file = path.join(dir, 'model.xlsx');
      const summary = await writeXlsxFile(local, file);
      expect(summary.leftOut).toEqual([
        { sheet: TRAIN_STATE_SHEET, reason: expect.stringContaining('longer than Excel allows') },
      ]);
      const excel = new ExcelJS.Workbook();
      await excel.xlsx.readFile(file);
      expect(excel.getWorksheet(TRAIN_STATE_SHEET)).toBeUndefined();
      expect(excel.worksheets.map((s) => s.name)).toEqual(summary.sheets);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses text longer than an .xlsx cell holds, naming the cell', async () => {
    const local = smallModel('values');
    local.ensureSheet('Notes');
    local.writeCells('Notes', 2, 3, [['x'.repeat(32_768)]]);
    await expect(xlsxBytes(local)).rejects.toThrow(
      '"Notes"!C2 holds 32768 characters of text; an .xlsx cell holds at most 32767',
    );
  });

  it('refuses sheet names an .xlsx file cannot hold', async () => {
    const local = smallModel('values');
    local.ensureSheet('A sheet name that is far too long for Excel');
    await expect(xlsxBytes(local)).rejects.toThrow('at most 31 characters');
  });

  it('refuses an empty workbook', async () => {
    await expect(xlsxBytes(new LocalWorkbook())).rejects.toThrow('no sheets to export: build a model first');
  });
});

describe('portableFormula', () => {
  const place = { sheet: 'S', cell: 'B4' };

  it('quotes every sheet name and leaves cell references, numbers and quoted names alone', () => {
    expect(portableFormula('=R!B4*0.00392156862745098', place)).toBe("'R'!B4*0.00392156862745098");
    expect(portableFormula("=SUMPRODUCT(Input!B4:C5,'Conv1 filters'!C5:D6)+'Bob''s'!N4+1E-5", place)).toBe(
      "SUMPRODUCT('Input'!B4:C5,'Conv1 filters'!C5:D6)+'Bob''s'!N4+1E-5",
    );
  });

  it('leaves text in string literals alone, custom names included', () => {
    expect(portableFormula('=IF(A1=1,"CONV2D(x) R!B4","")', place)).toBe('IF(A1=1,"CONV2D(x) R!B4","")');
  });

  it('refuses custom functions in any case and Excel-breaking lengths', () => {
    expect(() => portableFormula('=1+softmax (B4:B6)', place)).toThrow('"S"!B4 uses SOFTMAX');
    const long = '=' + Array.from({ length: 2000 }, () => 'A1+B2').join('+');
    expect(() => portableFormula(long, place)).toThrow(`Excel accepts at most ${EXCEL_FORMULA_CHAR_LIMIT}`);
    expect(() => portableFormula('A1', place)).toThrow('is not a formula');
  });
});
