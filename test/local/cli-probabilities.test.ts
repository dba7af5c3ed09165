/**
 * What `npm run demo` prints is what the engine computes: the probabilities before training equal src/core's
 * forward pass with the seeded weights, and those after training equal src/core's forward pass with the
 * weights found in the written .xlsx file, whose own Softmax sheet holds the same numbers.
 */
import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { forward, initParams, smallSpec, tensor } from '../../src/core';
import type { ModelParams, ModelSpec, Tensor } from '../../src/core/types';
import { centreSquareCrop, decodeImage, resizeArea, toChwTensor } from '../../src/image';
import { DEFAULT_DATASET } from '../../src/local/cli/cli-args';
import { main } from '../../src/local/cli/cli';
import { denseBiasRange, denseWeightsRange, filterBiasRange, filterCell } from '../../src/sheet/layout';
import { DENSE_SHEET, SOFTMAX_SHEET, filtersSheet } from '../../src/sheet/sheet-names';

const SEED = 5;
const CLASSES = ['s1', 's2', 's3'];
const PICTURE = path.join(DEFAULT_DATASET, 's3', '7.pgm');

function numberAt(sheet: ExcelJS.Worksheet, row: number, col: number): number {
  const value = sheet.getCell(row, col).value;
  if (typeof value !== 'number')
    throw new Error(`${sheet.name} row ${row} column ${col} holds ${JSON.stringify(value)}, not a weight`);
  return value;
}

/** The weights of the small network as the .xlsx file holds them, read at the positions the layout documents. */
function paramsFromFile(excel: ExcelJS.Workbook, spec: ModelSpec): ModelParams {
  const [block] = spec.blocks;
  const { channels } = spec.input;
  const { filters, kernel } = block;
  const sheetOf = (name: string): ExcelJS.Worksheet => {
    const sheet = excel.getWorksheet(name);
    if (sheet === undefined) throw new Error(`the file has no "${name}" sheet`);
    return sheet;
  };
  const filterSheet = sheetOf(filtersSheet(0));
  const weights = tensor([filters, channels, kernel, kernel]);
  for (let f = 0; f < filters; f++)
    for (let c = 0; c < channels; c++)
      for (let i = 0; i < kernel; i++)
        for (let j = 0; j < kernel; j++) {
          const at = filterCell(kernel, f, c, i, j);
          weights.data[((f * channels + c) * kernel + i) * kernel + j] = numberAt(filterSheet, at.row, at.col);
        }
  const biasAt = filterBiasRange(filters, channels, kernel);
  const bias = tensor(
    [filters],
    Float64Array.from({ length: filters }, (_, f) => numberAt(filterSheet, biasAt.row + f, biasAt.col)),
  );

  const denseSheet = sheetOf(DENSE_SHEET);
  const inputs = filters * 3 * 3;
  const classes = spec.classes.length;
  const denseAt = denseWeightsRange(inputs, classes);
  const denseWeights = tensor([inputs, classes]);
  for (let n = 0; n < inputs; n++)
    for (let k = 0; k < classes; k++)
      denseWeights.data[n * classes + k] = numberAt(denseSheet, denseAt.row + n, denseAt.col + k);
  const denseBiasAt = denseBiasRange(inputs, classes);
  const denseBias = tensor(
    [classes],
    Float64Array.from({ length: classes }, (_, k) => numberAt(denseSheet, denseBiasAt.row, denseBiasAt.col + k)),
  );
  return { conv: [{ weights, bias }], dense: { weights: denseWeights, bias: denseBias } };
}

/** The printed "Before" and "After" percentages of each class. */
function printedTable(printed: string): { before: number[]; after: number[] } {
  const rows = CLASSES.map((name) => {
    const match = new RegExp(`^ {2}${name} +(\\d+\\.\\d)% +(\\d+\\.\\d)%`, 'm').exec(printed);
    if (match === null) throw new Error(`no probability row for ${name} in:\n${printed}`);
    return [Number(match[1]) / 100, Number(match[2]) / 100];
  });
  return { before: rows.map((r) => r[0]), after: rows.map((r) => r[1]) };
}

/** Printed to one decimal of a percent: within half of 0.1%. */
function expectPrinted(what: string, printed: readonly number[], engine: ArrayLike<number>): void {
  printed.forEach((p, k) => {
    if (!(Math.abs(p - engine[k]) <= 0.0005 + 1e-12))
      throw new Error(
        `${what}: ${CLASSES[k]} printed ${(p * 100).toFixed(1)}%, the engine gives ${(engine[k] * 100).toFixed(3)}%`,
      );
  });
}

describe('npm run demo on the small network', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sheet-cnn-demo-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("prints the engine's probabilities before and after training, and writes the trained weights to the .xlsx", async () => {
    const dataset = path.join(work, 'faces');
    for (const subject of CLASSES) {
      fs.mkdirSync(path.join(dataset, subject), { recursive: true });
      for (let f = 1; f <= 4; f++)
        fs.copyFileSync(path.join(DEFAULT_DATASET, subject, `${f}.pgm`), path.join(dataset, subject, `${f}.pgm`));
    }
    const out = path.join(work, 'demo.xlsx');
    let printed = '';
    const stdout = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk) => ((printed += String(chunk)), true));
    let code: number;
    try {
      // Centred squares, as the reference below cuts them (face crops are tested in test/face).
      code = await main([
        '--spec',
        'small',
        '--crop',
        'centre',
        '--dataset',
        dataset,
        '--image',
        PICTURE,
        '--epochs',
        '3',
        '--seed',
        String(SEED),
        '--out',
        out,
      ]);
    } finally {
      stdout.mockRestore();
    }
    expect({ code, printed }).toMatchObject({ code: 0 });
    const table = printedTable(printed);

    const spec = smallSpec(CLASSES);
    const picture = resizeArea(
      centreSquareCrop(decodeImage(new Uint8Array(fs.readFileSync(PICTURE)))),
      spec.input.width,
      spec.input.height,
    );
    const image: Tensor = toChwTensor(picture);
    expectPrinted('before training', table.before, forward(spec, initParams(spec, SEED), image).probabilities.data);

    const excel = new ExcelJS.Workbook();
    await excel.xlsx.readFile(out);
    const trained = paramsFromFile(excel, spec);
    expect(Array.from(trained.dense.weights.data)).not.toEqual(Array.from(initParams(spec, SEED).dense.weights.data));
    const after = forward(spec, trained, image).probabilities.data;
    expectPrinted('after training', table.after, after);
    const softmax = excel.getWorksheet(SOFTMAX_SHEET) as ExcelJS.Worksheet;
    CLASSES.forEach((_, k) =>
      expect(Math.abs((softmax.getCell(4 + k, 2).result as number) - after[k])).toBeLessThan(1e-12),
    );
  });
});
