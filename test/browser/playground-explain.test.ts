/**
 * "Explain this cell" in real headless Chromium, in the playground: a click on a cell of the workbook view
 * selects it, the sidebar's Explain panel (following the selection) shows how it is computed with the
 * sheet's own value to the last digit, and "Show its inputs" makes the view outline the cells it reads.
 * Once per formula mode, on the worked example (5×5×3 input, 2 filters 3×3, stride 2, padding 1). Then the
 * sidebar's "Picture only": a photo resized in the browser lands in the Picture sheet pixel for pixel.
 */
import type { Frame, Page } from 'playwright-core';
import type { RunningPlayground } from '../../src/local/playground/playground';
import type { FormulaMode } from '../../src/shared/api';
import { filterBiasRange, mapCell } from '../../src/sheet/layout';
import { convSheet, filtersSheet, GREY_SHEET, INPUT_SHEET, SOFTMAX_SHEET } from '../../src/sheet/sheet-names';
import { presetLayers } from '../../src/core/architecture';
import { picture } from '../server/server-fixture';
import type { BrowserSession } from '../helpers/browser';
import { openTab, sidebarFrame, startPlaygroundInBrowser } from './playground-tabs';
import type { PlaygroundInBrowser } from './playground-tabs';
import * as path from 'node:path';
import { PICTURE_SHEET } from '../../src/sheet/picture-sheets';
import { referenceResize } from './reference-resize';

const CHELSEA = path.resolve(__dirname, '../../data/photos/chelsea.png');

async function explained(sidebar: Frame, cell: string): Promise<{ value: string; title: string; equation: string }> {
  await sidebar.waitForFunction(
    (expected) =>
      document.querySelector('#explain-cell')?.textContent === expected &&
      !document.querySelector<HTMLElement>('#explanation')?.hidden,
    cell,
    {
      timeout: 30_000,
    },
  );
  return sidebar.evaluate(() => ({
    value: document.querySelector('#explain-value')?.textContent ?? '',
    title: document.querySelector('#explain-title')?.textContent ?? '',
    equation: document.querySelector('#explain-equation')?.textContent ?? '',
  }));
}

describe('Explain this cell in the playground (Chromium)', () => {
  let playground: RunningPlayground;
  let opened: PlaygroundInBrowser;
  let session: BrowserSession;
  let page: Page;
  let sidebar: Frame;

  beforeAll(async () => {
    opened = await startPlaygroundInBrowser();
    ({ playground, session, page } = opened);
    await page.goto(playground.url);
    sidebar = await sidebarFrame(page);
  });
  afterAll(async () => {
    await opened?.close();
  });

  it.each<FormulaMode>(['native', 'custom', 'values'])(
    "%s mode: a clicked conv cell and probability are explained with the sheet's numbers",
    async (mode) => {
      await playground.rpc('buildModel', { specName: 'small-same', mode, seed: 5 });
      await playground.rpc('importImage', picture('seeded', 5, 5, 17));
      // A bias that is not 0, so a bias added in the wrong place would show.
      const bias = filterBiasRange(2, 3, 3);
      await playground.workbook('writeCells', filtersSheet(0), bias.row + 1, bias.col, [[0.125]]);
      await playground.rpc('runForwardPass');
      await openTab(page, convSheet(0));
      // Map 2, output row 1, column 1: its window is the first 2×2 corner of each input map, the rest is padding.
      const at = mapCell(2, 5, 5, 1, 0, 0);
      await page.click(`#grid td[data-row="${at.row}"][data-col="${at.col}"]`);
      await sidebar.click('#tab-explain');
      const conv = await explained(sidebar, `${convSheet(0)}!${`${String.fromCharCode(64 + at.col)}${at.row}`}`);
      const sheetValue = (
        (await playground.workbook('readValues', convSheet(0), { ...at, rows: 1, cols: 1 })) as unknown[][]
      )[0][0];
      expect(typeof sheetValue === 'number' && sheetValue !== 0).toBe(true);
      expect(conv.value).toBe(String(sheetValue));
      expect(conv.title).toBe('Conv1 · map 2, row 1, column 1');
      expect(conv.equation).toMatch(new RegExp(`^Σ 12 products .* = ${String(sheetValue).replace(/[.-]/g, '\\$&')}$`));
      // Three windows (R, G, B), each with its first row and column in the zero padding.
      expect(await sidebar.$$eval('#explain-windows figcaption', (f) => f.map((c) => c.textContent))).toEqual([
        'R × filter 2, channel 1',
        'G × filter 2, channel 2',
        'B × filter 2, channel 3',
      ]);
      expect(await sidebar.$$eval('#explain-windows td.cordon', (cells) => cells.length)).toBe(15);
      await session.screenshot(`playground-explain-conv-${mode}`);

      // "Show its inputs": the view switches to Input and outlines the 3 windows' 2×2 corners.
      await sidebar.click('#explain-show');
      await page.waitForFunction(
        (sheet) => document.querySelector('#tabs button[aria-selected="true"]')?.textContent === sheet,
        INPUT_SHEET,
      );
      await page.waitForFunction(() => document.querySelectorAll('#grid td.highlighted').length === 12);
      expect(
        ((await (await fetch(new URL('/workbook/sheets', playground.url))).json()) as { selection: unknown }).selection,
      ).toEqual({ sheet: INPUT_SHEET, ranges: ['B4:C5', 'H4:I5', 'B10:C11'] });
      // The panel keeps the conv cell's explanation although the selection moved. It asks again every POLL_MS,
      // and sends each request only once it has shown the last answer: by the second request after the move,
      // the answer for the moved selection has been handled.
      const nextPoll = (): Promise<unknown> =>
        page.waitForRequest((request) => request.url().endsWith('/rpc/explainSelection'), { timeout: 30_000 });
      await nextPoll();
      await nextPoll();
      expect(await sidebar.textContent('#explain-cell')).toBe(
        `${convSheet(0)}!${String.fromCharCode(64 + at.col)}${at.row}`,
      );
      await session.screenshot(`playground-explain-inputs-${mode}`);

      await openTab(page, SOFTMAX_SHEET);
      await page.click('#grid td[data-row="5"][data-col="2"]');
      const softmax = await explained(sidebar, `${SOFTMAX_SHEET}!B5`);
      expect(softmax.value).toBe(
        String(
          (
            (await playground.workbook('readValues', SOFTMAX_SHEET, {
              row: 5,
              col: 2,
              rows: 1,
              cols: 1,
            })) as unknown[][]
          )[0][0],
        ),
      );
      expect(softmax.equation).toMatch(/^e\^.* ÷ Σ = /);
      await sidebar.click('#tab-image');
      expect(session.pageErrors).toEqual([]);
    },
  );

  it('a grey model: a conv cell shows one window, read from Grey, and a Grey cell is a pixel', async () => {
    const layers = presetLayers('small-same');
    await playground.rpc('buildModel', {
      layers: { ...layers, input: { ...layers.input, channels: 1 } },
      mode: 'native',
      seed: 5,
    });
    await playground.rpc('importImage', picture('seeded', 5, 5, 17));
    await openTab(page, convSheet(0));
    const at = mapCell(2, 5, 5, 0, 1, 1);
    await page.click(`#grid td[data-row="${at.row}"][data-col="${at.col}"]`);
    await sidebar.click('#tab-explain');
    await explained(sidebar, `${convSheet(0)}!${String.fromCharCode(64 + at.col)}${at.row}`);
    expect(await sidebar.$$eval('#explain-windows figcaption', (f) => f.map((c) => c.textContent))).toEqual([
      'Grey × filter 1, channel 1',
    ]);
    await openTab(page, GREY_SHEET);
    await page.click('#grid td[data-row="5"][data-col="3"]');
    const pixel = await explained(sidebar, `${GREY_SHEET}!C5`);
    expect(pixel.title).toBe('Grey · pixel row 2, column 2');
    await session.screenshot('playground-explain-grey-pixel');
    await sidebar.click('#tab-image');
    expect(session.pageErrors).toEqual([]);
  });

  it('Picture only: a photo 60 pixels wide, rows layout, equals an area-average resize of it', async () => {
    await sidebar.click('#tab-image');
    await sidebar.setInputFiles('#image-file', CHELSEA);
    await sidebar.waitForSelector('#crop-block:not([hidden])');
    await sidebar.click('#picture-only summary');
    await sidebar.fill('#picture-width', '60');
    await sidebar.selectOption('#picture-layout', 'rows');
    await sidebar.click('#picture-button');
    await sidebar.waitForFunction(
      () =>
        /^Wrote chelsea\.png as 60×40 pixels to Picture\./.test(
          document.querySelector('#image-message')?.textContent ?? '',
        ),
      undefined,
      { timeout: 30_000 },
    );
    const reference = referenceResize(CHELSEA, 60, 40);
    const stacked = (await playground.workbook('readValues', PICTURE_SHEET, {
      row: 2,
      col: 1,
      rows: 120,
      cols: 60,
    })) as unknown[][];
    stacked.forEach((row, r) => {
      const y = Math.floor(r / 3);
      expect(row).toEqual(Array.from({ length: 60 }, (_, x) => reference[(y * 60 + x) * 3 + (r % 3)]));
    });
    await openTab(page, PICTURE_SHEET);
    await session.screenshot('playground-picture-only-rows');
    expect(session.pageErrors).toEqual([]);
  });
});
