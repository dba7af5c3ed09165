/**
 * The picture-to-spreadsheet tool: the CLI's pixels equal an independent area-average resize of the photo;
 * the rows layout puts red, green and blue of a pixel row on consecutive rows; the SpreadsheetApp calls do
 * not depend on the picture's content; LibreOffice draws the exported .xlsx in the pixels' colours; the
 * server's "Picture only" endpoint checks what it is sent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { createRng } from '../../src/core';
import { GoogleWorkbook } from '../../src/addon/google-workbook';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { parsePictureArgs, runPicture } from '../../src/local/cli/picture-cli';
import { createServer } from '../../src/server';
import { createLocalHost } from '../../src/local/engine/local-host';
import {
  HIDDEN_NUMBER_FORMAT,
  PICTURE_SHEET,
  pictureCellSize,
  pictureChannelSheet,
  writePictureSheets,
} from '../../src/sheet/picture-sheets';
import { xlsxBytes } from '../../src/local/engine/xlsx-export';
import { createFakeAppsScript } from '../helpers/apps-script-fakes';
import { renderFirstPage } from '../helpers/libreoffice';
import { referenceResize } from '../browser/reference-resize';

const CHELSEA = path.resolve(__dirname, '../../data/photos/chelsea.png');

function seededPicture(
  width: number,
  height: number,
  seed: number,
  min = 0,
): { width: number; height: number; rgb: Uint8Array } {
  const rng = createRng(seed);
  return {
    width,
    height,
    rgb: Uint8Array.from({ length: width * height * 3 }, () => min + Math.floor(rng.next() * (256 - min))),
  };
}

function block(workbook: LocalWorkbook, sheet: string, rows: number, cols: number): number[][] {
  return workbook.readValues(sheet, { row: 2, col: 1, rows, cols }) as number[][];
}

describe('npm run picture', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-picture-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('150 px wide, channels layout: every pixel equals an independent area-average resize', async () => {
    const run = await runPicture({
      file: CHELSEA,
      width: 150,
      layout: 'channels',
      out: path.join(out, 'channels.xlsx'),
    });
    expect(run).toMatchObject({ width: 150, height: 100, sheets: ['Picture R', 'Picture G', 'Picture B'] });
    const reference = referenceResize(CHELSEA, 150, 100);
    [0, 1, 2].forEach((c) => {
      const values = block(run.workbook, pictureChannelSheet(c), 100, 150).flat();
      expect(values).toEqual(Array.from({ length: 150 * 100 }, (_, p) => reference[p * 3 + c]));
    });
    const looks = run.workbook.snapshot('Picture G');
    expect(pictureCellSize(150)).toBe(6);
    expect([
      looks.columnWidths.get(1),
      looks.columnWidths.get(150),
      looks.rowHeights.get(2),
      looks.rowHeights.get(101),
    ]).toEqual([6, 6, 6, 6]);
    expect(run.workbook.numberFormatAt('Picture G', 50, 75)).toBe(HIDDEN_NUMBER_FORMAT);
    expect(looks.colorRules).toEqual([
      {
        ranges: [{ row: 2, col: 1, rows: 100, cols: 150 }],
        min: { color: '#000000', value: 0 },
        max: { color: '#00ff00', value: 255 },
      },
    ]);
  });

  test("rows layout: red, green and blue of each pixel row on consecutive rows, the other layout's sheets removed", async () => {
    const file = path.join(out, 'rows.xlsx');
    const channels = await runPicture({ file: CHELSEA, width: 40, layout: 'channels', out: file });
    const workbook = channels.workbook;
    const rows = writePictureSheets(
      workbook,
      { width: 40, height: 27, rgb: referenceResize(CHELSEA, 40, 27) },
      'rows',
      'chelsea.png',
    );
    expect(rows).toEqual([PICTURE_SHEET]);
    expect(workbook.sheetNames()).toEqual([PICTURE_SHEET]);
    const stacked = block(workbook, PICTURE_SHEET, 81, 40);
    const reference = referenceResize(CHELSEA, 40, 27);
    for (let y = 0; y < 27; y++) {
      for (let c = 0; c < 3; c++)
        expect(stacked[3 * y + c]).toEqual(Array.from({ length: 40 }, (_, x) => reference[(y * 40 + x) * 3 + c]));
    }
    const rules = workbook.snapshot(PICTURE_SHEET).colorRules;
    expect(rules.map((r) => [r.max.color, r.ranges.length, r.ranges[1].row])).toEqual([
      ['#ff0000', 27, 5],
      ['#00ff00', 27, 6],
      ['#0000ff', 27, 7],
    ]);
  });

  test('the command line refuses bad flags with what to type', () => {
    expect(parsePictureArgs(['a.jpg', '--width', '120', '--layout', 'rows', '--out', 'p.xlsx'])).toEqual({
      file: 'a.jpg',
      width: 120,
      layout: 'rows',
      out: 'p.xlsx',
    });
    expect(parsePictureArgs(['--help'])).toBe('help');
    expect(() => parsePictureArgs(['a.jpg', '--width', '0'])).toThrow(
      '--width must be a whole number from 1 to 18278; got "0".',
    );
    expect(() => parsePictureArgs(['a.jpg', '--layout', 'grid'])).toThrow(
      '--layout must be channels or rows; got "grid".',
    );
    expect(() => parsePictureArgs([])).toThrow('Name a picture');
    expect(() => parsePictureArgs(['a.jpg', 'b.jpg'])).toThrow('Unknown argument "b.jpg"');
  });
});

test('through SpreadsheetApp: the calls are the same for any picture of a size, a fixed handful per sheet', () => {
  const callsFor = (seed: number, layout: 'channels' | 'rows'): string[] => {
    const fake = createFakeAppsScript({ backing: new LocalWorkbook() });
    writePictureSheets(
      new GoogleWorkbook(fake.spreadsheetApp.spreadsheet, fake.spreadsheetApp),
      seededPicture(150, 100, seed),
      layout,
      'photo.jpg',
    );
    return fake.recorder.calls.map((c) => `${c.object}.${c.method}`);
  };
  for (const layout of ['channels', 'rows'] as const) {
    const first = callsFor(1, layout);
    expect(callsFor(2, layout)).toEqual(first);
    // One write per sheet, split into bounded pieces when large (the rows layout's 45,150 cells are two).
    expect(first.filter((c) => c === 'Range.setValues').length).toBe(layout === 'channels' ? 3 : 2);
  }
});

test("LibreOffice draws the exported rows layout in the pixels' colours", async () => {
  // Saturated values (64–255) so every stripe is a clear red, green or blue, unlike the title's grey text.
  const picture = seededPicture(10, 6, 9, 64);
  const workbook = new LocalWorkbook();
  writePictureSheets(workbook, picture, 'rows', 'seeded');
  const dir = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-picture-lo-'));
  try {
    const file = path.join(dir, 'picture.xlsx');
    writeFileSync(file, (await xlsxBytes(workbook)).bytes);
    const png = PNG.sync.read(await renderFirstPage(file));
    writeFileSync(path.resolve(__dirname, '../../test-artifacts/picture-rows-libreoffice.png'), PNG.sync.write(png));
    const at = (x: number, y: number): number[] =>
      Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3));
    // The picture is where the pure red, green or blue pixels are.
    let [left, top, right, bottom] = [Infinity, Infinity, -1, -1];
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const [r, g, b] = at(x, y);
        const sorted = [r, g, b].sort((a, z) => z - a);
        if (sorted[0] >= 50 && sorted[1] <= 20)
          [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
      }
    }
    const cellW = (right - left + 1) / 10;
    const stripeH = (bottom - top + 1) / 18;
    // Near-square pixels (Excel's column-width unit is in characters, so LibreOffice's pixels differ a little).
    expect(cellW / (3 * stripeH)).toBeGreaterThan(0.75);
    expect(cellW / (3 * stripeH)).toBeLessThan(1.34);
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 10; x++) {
        for (let c = 0; c < 3; c++) {
          const colour = at(Math.round(left + (x + 0.5) * cellW), Math.round(top + (3 * y + c + 0.5) * stripeH));
          const expected = [0, 0, 0];
          expected[c] = picture.rgb[(y * 10 + x) * 3 + c];
          colour.forEach((v, i) => {
            if (Math.abs(v - expected[i]) > 12)
              throw new Error(
                `pixel (${x}, ${y}) channel ${c}: LibreOffice drew ${colour}, expected about ${expected}`,
              );
          });
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);

test('the "Picture only" endpoint writes any size and refuses what does not fit, saying why', () => {
  const host = createLocalHost(new LocalWorkbook());
  const api = createServer(host);
  const p = seededPicture(7, 5, 3);
  const result = api.importPictureOnly({
    picture: { name: 'tiny.png', width: 7, height: 5, rgbBase64: Buffer.from(p.rgb).toString('base64') },
    layout: 'rows',
  });
  expect(result).toEqual({ sheets: [PICTURE_SHEET], width: 7, height: 5 });
  expect(host.workbook.readValues(PICTURE_SHEET, { row: 1, col: 1, rows: 1, cols: 1 })[0][0]).toBe(
    'tiny.png: 7 × 5 pixels, 0–255 per channel; rows red, green, blue per pixel row',
  );
  expect(() =>
    api.importPictureOnly({ picture: { name: 'x', width: 7, height: 5, rgbBase64: 'AAAA' }, layout: 'rows' }),
  ).toThrow('the pixels are 4 base64 characters but a 7×5 RGB picture takes 140');
  expect(() =>
    api.importPictureOnly({ picture: { name: 'x', width: 7, height: 5, rgbBase64: '' }, layout: 'grid' as 'rows' }),
  ).toThrow('Layout');
  const huge = { name: 'huge', width: 2000, height: 2000, rgbBase64: 'A'.repeat(2000 * 2000 * 4) };
  expect(() => api.importPictureOnly({ picture: huge, layout: 'channels' })).toThrow(
    '2000 × 2000 pixels need 12,006,000 cells in the channels layout; a spreadsheet holds at most 10,000,000. Choose a smaller width.',
  );
});
