/**
 * The exported .xlsx as LibreOffice draws it: no number shows as ### (each fits its column), and a ReLU
 * map's zeros are painted white (the colour scale's stops are fixed at −limit / 0 / +limit, so LibreOffice
 * cannot put the blue end on the zeros). The text is read from LibreOffice's PDF with pdftotext; colours are
 * sampled from page 1 drawn as a PNG with pdftoppm.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { smallSpec } from '../../src/core';
import { toExcelWorkbook } from '../../src/local/engine/xlsx-export';
import { reluSheet } from '../../src/sheet/sheet-names';
import { buildOnEngine } from '../sheet/model-fixture';
import { renderWithLibreOffice } from '../helpers/libreoffice';
import type { PdfWord } from '../helpers/libreoffice';

const TIMEOUT = 240_000;

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-render-'));
});
afterAll(() => (process.env.KEEP_RENDER ? undefined : rmSync(work, { recursive: true, force: true })));

const NUMBER = /^-?\d+(\.\d+)?(E[+-]\d+)?%?$/;

test(
  'every sheet of the exported small model prints without ### and with its numbers',
  async () => {
    const { workbook } = buildOnEngine(smallSpec(), 'native');
    const file = path.join(work, 'model.xlsx');
    await toExcelWorkbook(workbook).excel.xlsx.writeFile(file);
    const { words } = await renderWithLibreOffice(file, work);
    expect(words.filter((w) => w.text.includes('#')).map((w) => w.text)).toEqual([]);
    // The check is not vacuous: the pages carry the maps' numbers.
    expect(words.filter((w) => NUMBER.test(w.text)).length).toBeGreaterThan(300);
  },
  TIMEOUT,
);

/** The pixel's colour at a point of the page (points from the top-left), as drawn at `dpi`. */
function pixelAt(png: PNG, dpi: number, xPt: number, yPt: number): [number, number, number] {
  const x = Math.round((xPt * dpi) / 72);
  const y = Math.round((yPt * dpi) / 72);
  const i = (y * png.width + x) * 4;
  return [png.data[i], png.data[i + 1], png.data[i + 2]];
}

/**
 * The cell's fill behind a number: points along the top of the word's box, above the digits (the box is
 * the font's full height, digits only reach the cap height), so no glyph is sampled.
 */
function fillsBehind(png: PNG, dpi: number, word: PdfWord): [number, number, number][] {
  return [0.1, 0.3, 0.5, 0.7, 0.9].map((t) =>
    pixelAt(png, dpi, word.xMin + t * (word.xMax - word.xMin), word.yMin + 1.5),
  );
}

test(
  'a ReLU sheet drawn by LibreOffice: its zeros are white, its largest values red',
  async () => {
    const { workbook } = buildOnEngine(smallSpec(), 'values');
    const sheet = reluSheet(0);
    const { excel } = toExcelWorkbook(workbook);
    // The ReLU sheet alone (values mode holds numbers, so it needs no other sheet), so it is page 1.
    for (const other of excel.worksheets.filter((s) => s.name !== sheet)) excel.removeWorksheet(other.id);
    const file = path.join(work, 'relu.xlsx');
    await excel.xlsx.writeFile(file);
    const { words, png: pngFile, dpi } = await renderWithLibreOffice(file, work);
    const png = PNG.sync.read(readFileSync(pngFile));
    // The map's numbers have decimals; the title rows' counts ("2 maps of 3 × 3") do not.
    const numbers = words.filter((w) => w.page === 1 && /^\d+\.\d+$/.test(w.text));
    const zeros = numbers.filter((w) => Number(w.text) === 0);
    expect(zeros.length).toBeGreaterThan(5);
    for (const word of zeros) {
      const white = fillsBehind(png, dpi, word).every(([r, g, b]) => Math.min(r, g, b) >= 245);
      expect({ at: [word.xMin, word.yMin], white }).toEqual({ at: [word.xMin, word.yMin], white: true });
    }
    // The sampling sees fills: the largest value's cell is red (its share of the scale's end, over white).
    const largest = numbers.reduce((best, w) => (Number(w.text) > Number(best.text) ? w : best));
    for (const [r, g, b] of fillsBehind(png, dpi, largest)) expect(r - Math.max(g, b)).toBeGreaterThan(20);
  },
  TIMEOUT,
);
