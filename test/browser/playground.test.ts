/**
 * The playground in real headless Chromium: the built sidebar in its frame imports a photo and runs the
 * forward pass against the real server code; a filter weight edited in the workbook view is written through
 * the workbook, the engine recomputes, and both the view's Softmax sheet and the sidebar's bars (updated by
 * themselves, as the sidebar watches the sheets) show the probabilities src/core computes with that weight. Names typed by people stay text in the view.
 */
import type { Frame, Page } from 'playwright-core';
import { forward, initParams, tensor } from '../../src/core';
import type { RunningPlayground } from '../../src/local/playground/playground';
import { readDatasetFolder } from '../../src/local/cli/cli-pictures';
import { DEFAULT_DATASET } from '../../src/local/cli/cli-args';
import { readParams } from '../../src/sheet/weight-sheets';
import type { ModelInfo, Prediction } from '../../src/shared/api';
import { GRID_ORIGIN, filterCell } from '../../src/sheet/layout';
import { readModelSheet } from '../../src/sheet/model-sheet';
import { CHANNEL_SHEETS, filtersSheet } from '../../src/sheet/sheet-names';
import { photoPath } from '../helpers/photos';
import { valuesCopy } from '../helpers/playground-copy';
import type { BrowserSession } from '../helpers/browser';
import { openTab, sidebarFrame, startPlaygroundInBrowser } from './playground-tabs';
import type { PlaygroundInBrowser } from './playground-tabs';
import { expectClose } from '../helpers/close';

const PHOTO = photoPath('rocket.jpg');

async function waitForFrameText(frame: Frame, selector: string, pattern: RegExp): Promise<string> {
  await frame.waitForFunction(
    ([sel, source]) => new RegExp(source).test(document.querySelector(sel)?.textContent ?? ''),
    [selector, pattern.source] as const,
    { timeout: 60_000 },
  );
  return (await frame.textContent(selector)) ?? '';
}

async function sidebarProbabilities(frame: Frame): Promise<number[]> {
  return frame.$$eval('.bar-row', (rows) => rows.map((row) => Number(row.getAttribute('data-probability'))));
}

/** The exact values the view shows in column B from row 4 (from each cell's hover text "B4 = 0.123…"). */
async function viewColumn(page: Page, rows: number): Promise<number[]> {
  return page.$$eval(
    '#grid td[data-col="2"]',
    (cells, count) =>
      cells
        .filter((td) => Number(td.getAttribute('data-row')) >= 4 && Number(td.getAttribute('data-row')) < 4 + count)
        .map((td) => Number((td.getAttribute('title') ?? '').split(' = ')[1]?.split('\n')[0])),
    rows,
  );
}

describe('the playground in Chromium', () => {
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
    await waitForFrameText(sidebar, '#model-summary', /network|No model/);
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('imports a photo and runs the forward pass from the sidebar; the view shows the sheets as tabs with coloured cells', async () => {
    await sidebar.setInputFiles('#image-file', PHOTO);
    await sidebar.waitForSelector('#crop-block:not([hidden])');
    await sidebar.click('#import-button');
    await waitForFrameText(sidebar, '#image-message', /Imported/);
    await sidebar.click('#forward-button');
    await sidebar.waitForSelector('#prediction:not([hidden])');

    // The view follows the workbook: every sheet of the model becomes a tab.
    await page.waitForFunction(() => document.querySelectorAll('#tabs button').length >= 10);
    const tabNames = await page.$$eval('#tabs button', (buttons) => buttons.map((b) => b.textContent));
    expect(tabNames).toEqual(await playground.workbook('sheetNames'));
    await openTab(page, 'R');
    // Pixels are coloured black → pure red by value: a brighter red channel is a redder cell.
    const red = await page.$eval('#grid td[data-row="4"][data-col="2"]', (td) => ({
      text: td.textContent,
      color: (td as HTMLElement).style.backgroundColor,
    }));
    const level = (
      (await playground.workbook('readValues', 'R', { row: 4, col: 2, rows: 1, cols: 1 })) as number[][]
    )[0][0];
    expect(red.text).toBe(String(level));
    expect(red.color).toBe(`rgb(${level}, 0, 0)`);
    await session.screenshot('playground-imported');
  });

  it('edits a filter weight in the grid: the engine recomputes and the probabilities equal src/core with that weight', async () => {
    const before = ((await playground.rpc('runForwardPass')) as Prediction).probabilities;
    expectClose(await sidebarProbabilities(sidebar), before, 1e-12, 'sidebar bars before');

    const model = readModelSheet(await valuesCopy(playground));
    const kernel = model.spec.blocks[0].kernel;
    const centre = Math.floor(kernel / 2);
    const at = filterCell(kernel, 0, 0, centre, centre);
    await openTab(page, filtersSheet(0));
    // A formula cell is shown but cannot be typed into; a weight can.
    await page.dblclick(`#grid td[data-row="${at.row}"][data-col="${at.col}"]`);
    await page.waitForFunction(() => {
      const input = document.querySelector('#cell-input') as HTMLInputElement;
      return !input.disabled && !input.readOnly && document.activeElement === input;
    });
    await page.fill('#cell-input', 'not a number');
    await page.press('#cell-input', 'Enter');
    await page.waitForSelector('#status.error');
    expect(await page.textContent('#status')).toBe(
      '"not a number" is not a number; type a number such as 0.25 or -1.5e-3.',
    );
    const newWeight = 1.75;
    await page.fill('#cell-input', String(newWeight));
    await page.press('#cell-input', 'Enter');
    await page.waitForSelector('#status.success');
    expect(await page.textContent('#status')).toContain(`${filtersSheet(0)}!`);

    // src/core, independently: the seeded weights with this one changed, on the pixels in R, G, B.
    const params = initParams(model.spec, model.seed);
    params.conv[0].weights.data[centre * kernel + centre] = newWeight;
    const { height, width } = model.spec.input;
    const image = tensor([3, height, width]);
    for (const [c, sheet] of CHANNEL_SHEETS.entries()) {
      const rows = (await playground.workbook('readValues', sheet, {
        row: GRID_ORIGIN.row,
        col: GRID_ORIGIN.col,
        rows: height,
        cols: width,
      })) as number[][];
      rows.forEach((row, y) => row.forEach((v, x) => (image.data[(c * height + y) * width + x] = v)));
    }
    const expected = forward(model.spec, params, image).probabilities.data;
    expect(Math.max(...before.map((p, k) => Math.abs(p - expected[k])))).toBeGreaterThan(1e-4);

    // The view's Softmax sheet has already recomputed (custom functions on the local engine).
    await openTab(page, 'Softmax');
    await page.waitForFunction(
      ([first]) => {
        const title = document.querySelector('#grid td[data-row="4"][data-col="2"]')?.getAttribute('title') ?? '';
        return Math.abs(Number(title.split('\n')[0].split(' = ')[1]) - first) < 1e-9;
      },
      [expected[0]] as const,
    );
    expectClose(await viewColumn(page, model.classes.length), expected, 1e-9, 'view Softmax');
    await session.screenshot('playground-weight-edited');

    // Without anything pressed, the sidebar notices the edit (its model stamp changed) within a few
    // seconds, shows the new probabilities and says where they came from.
    await sidebar.waitForFunction(
      (p) => Math.abs(Number(document.querySelector('.bar-row')?.getAttribute('data-probability')) - p) < 1e-9,
      expected[0],
      { timeout: 8_000 },
    );
    expectClose(await sidebarProbabilities(sidebar), expected, 1e-9, 'sidebar bars after');
    expect(await sidebar.textContent('#forward-message')).toMatch(/^Updated from the sheet at /);
    await session.screenshot('playground-sidebar-followed-edit');
  });

  it('trains from the sidebar; the view shows the trained weights', async () => {
    // The bundled demo faces of as many people as the model has classes, as the Dataset panel would send them.
    const { classes } = (await playground.rpc('getModelInfo')) as ModelInfo;
    for (const [k, folder] of (await readDatasetFolder(DEFAULT_DATASET, { width: 28, height: 28 }, 'centre'))
      .slice(0, classes.length)
      .entries()) {
      await playground.rpc('addPictures', { label: classes[k], pictures: folder.pictures.slice(0, 4) });
    }
    await sidebar.click('#tab-train');
    await sidebar.fill('#train-epochs', '1');
    await sidebar.fill('#train-batch', '4');
    await sidebar.click('#train-start');
    await waitForFrameText(sidebar, '#train-message', /Trained 1 epoch/);
    await waitForFrameText(sidebar, '#train-status', /^The epoch is done · [\d.]+ images\/s$/);

    const copy = await valuesCopy(playground);
    const model = readModelSheet(copy);
    const trained = readParams(copy, model.spec);
    const kernel = model.spec.blocks[0].kernel;
    const at = filterCell(kernel, 0, 0, 0, 0);
    await openTab(page, filtersSheet(0));
    await page.waitForFunction(
      ([row, col, value]) => {
        const title =
          document.querySelector(`#grid td[data-row="${row}"][data-col="${col}"]`)?.getAttribute('title') ?? '';
        return Number(title.split('\n')[0].split(' = ')[1]) === value;
      },
      [at.row, at.col, trained.conv[0].weights.data[0]] as const,
    );
    expect(trained.conv[0].weights.data[0]).not.toBe(initParams(model.spec, model.seed).conv[0].weights.data[0]);
    await session.screenshot('playground-trained');
  });

  it('refuses to type into a formula and shows names people typed as text', async () => {
    await openTab(page, 'Conv1');
    await page.dblclick('#grid td[data-row="4"][data-col="2"]');
    await page.waitForFunction(() => (document.querySelector('#cell-input') as HTMLInputElement).readOnly);
    expect(await page.inputValue('#cell-input')).toMatch(/^=CONV2D\(/);

    const name = '<img src=x onerror=alert(1)>';
    await playground.rpc('renameClass', 0, name);
    await openTab(page, 'Softmax');
    await page.waitForFunction(
      (text) => document.querySelector('#grid td[data-row="4"][data-col="1"]')?.textContent === text,
      name,
    );
    expect(await page.$$('#grid img')).toHaveLength(0);
    await waitForFrameText(sidebar, '#model-summary', /network/);
    expect(session.dialogs).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
