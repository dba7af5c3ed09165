/**
 * The sheets' charts in the playground, in real headless Chromium: the Softmax sheet's probability bars and
 * confidence curve, and the Training log's loss and accuracy curves after real training calls, drawn as SVG
 * from the values the charts' ranges hold (read back from the workbook independently). Screenshots saved.
 */
import type { Page } from 'playwright-core';
import type { RunningPlayground } from '../../src/local/playground/playground';
import { bytesToBase64 } from '../../src/shared/pixels';
import { columnRange } from '../../src/sheet/layout';
import { LOGITS_SHEET, SOFTMAX_SHEET } from '../../src/sheet/sheet-names';
import { CURVE_POINTS } from '../../src/sheet/step-charts';
import { LOG_FIRST_ROW, TRAINING_LOG_SHEET } from '../../src/sheet/training-log-sheet';
import type { BrowserSession } from '../helpers/browser';
import { openTab, startPlaygroundInBrowser } from './playground-tabs';
import type { PlaygroundInBrowser } from './playground-tabs';

/** data-value (and data-x) of the marks of one chart, by its title. */
async function marks(page: Page, title: string, selector: string): Promise<{ x: number; value: number }[]> {
  return page.$$eval(`#charts figure[data-title="${title}"] ${selector}`, (nodes) =>
    nodes.map((n) => ({ x: Number(n.getAttribute('data-x')), value: Number(n.getAttribute('data-value')) })),
  );
}

describe('sheet charts in the playground (Chromium)', () => {
  let playground: RunningPlayground;
  let opened: PlaygroundInBrowser;
  let session: BrowserSession;
  let page: Page;
  const numbers = async (
    sheet: string,
    range: { row: number; col: number; rows: number; cols: number },
  ): Promise<number[]> => ((await playground.workbook('readValues', sheet, range)) as number[][]).map(([v]) => v);

  beforeAll(async () => {
    opened = await startPlaygroundInBrowser();
    ({ playground, session, page } = opened);
    await playground.rpc('buildModel', { specName: 'small', mode: 'native', seed: 5 });
    await page.goto(playground.url);
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('draws the probability bars and the confidence curve with the logits marked, from the Softmax sheet', async () => {
    await openTab(page, SOFTMAX_SHEET);
    await page.waitForSelector('#charts figure[data-title="Probability of each class"] rect.bar');
    const probabilities = await numbers(SOFTMAX_SHEET, columnRange(3));
    expect((await marks(page, 'Probability of each class', 'rect.bar')).map((m) => m.value)).toEqual(probabilities);
    // Bar heights are proportional to the probabilities.
    const heights = await page.$$eval('#charts figure[data-title="Probability of each class"] rect.bar', (bars) =>
      bars.map((b) => Number(b.getAttribute('height'))),
    );
    heights.forEach((h, k) =>
      expect(Math.abs(h / heights[0] - probabilities[k] / probabilities[0])).toBeLessThan(1e-9),
    );

    const curveTitle = 'Confidence curve: e^x, with this picture’s logits marked';
    const logits = await numbers(LOGITS_SHEET, columnRange(3));
    const points = await marks(page, curveTitle, 'circle.point');
    expect(points).toHaveLength(3);
    points.forEach((p, k) => {
      expect(p.x).toBe(logits[k]);
      expect(Math.abs(p.value - Math.exp(logits[k]))).toBeLessThanOrEqual(1e-12 * Math.exp(logits[k]));
    });
    const line = await page.$eval(
      `#charts figure[data-title="${curveTitle}"] polyline.line`,
      (l) => l.getAttribute('points') ?? '',
    );
    expect(line.split(' ')).toHaveLength(CURVE_POINTS);
    // The chart stands on its anchor cell, J4: right of columns A–I, below the header and rows 1–3.
    const box = await page.$eval('#charts figure[data-title="Probability of each class"]', (f) => {
      const cell = document.querySelector('#grid td[data-row="4"][data-col="1"]')?.getBoundingClientRect();
      const rect = f.getBoundingClientRect();
      return { top: rect.top - (cell?.top ?? 0) };
    });
    expect(Math.abs(box.top)).toBeLessThanOrEqual(1);
    await page.$eval('#charts figure', (f) => f.scrollIntoView({ block: 'start', inline: 'end' }));
    await session.screenshot('playground-softmax-charts');
  });

  it("draws the Training log's loss and accuracy curves from its rows after training", async () => {
    const { classes } = (await playground.rpc('getModelInfo')) as { classes: string[] };
    for (const [k, label] of classes.entries()) {
      const pictures = [0, 1, 2].map((i) => ({
        name: `p${k}-${i}.png`,
        width: 5,
        height: 5,
        rgbBase64: bytesToBase64(Uint8Array.from({ length: 75 }, (_v, j) => (j * 31 + k * 70 + i * 11) % 256)),
      }));
      await playground.rpc('addPictures', { label, pictures });
    }
    // One run of 3 epochs, in as many calls as it takes: one log row per epoch.
    for (let call = 0; call < 20; call++) {
      const { status } = (await playground.rpc('trainBatch', {
        optimizer: 'sgd',
        learningRate: 0.05,
        batchSize: 3,
        epochs: 3,
        budgetMs: 20_000,
      })) as { status: string };
      if (status === 'done') break;
    }
    const rows = (await playground.workbook('usedSize', TRAINING_LOG_SHEET)) as { rows: number };
    const entries = rows.rows - LOG_FIRST_ROW + 1;
    expect(entries).toBeGreaterThanOrEqual(3);
    await openTab(page, TRAINING_LOG_SHEET);
    await page.waitForSelector('#charts figure[data-title="Loss by epoch"] circle.point');
    const epochs = await numbers(TRAINING_LOG_SHEET, { row: LOG_FIRST_ROW, col: 1, rows: entries, cols: 1 });
    const trainLoss = await numbers(TRAINING_LOG_SHEET, { row: LOG_FIRST_ROW, col: 3, rows: entries, cols: 1 });
    const lossPoints = await marks(page, 'Loss by epoch', 'circle.point');
    // Train loss first, then test loss (blank without a test split: no points).
    expect(lossPoints.slice(0, entries)).toEqual(epochs.map((x, k) => ({ x, value: trainLoss[k] })));
    expect(await page.$$eval('#charts figure', (f) => f.map((n) => n.getAttribute('data-title')))).toEqual([
      'Loss by epoch',
      'Accuracy by epoch',
    ]);
    await page.$eval('#charts figure', (f) => f.scrollIntoView({ block: 'start', inline: 'end' }));
    await session.screenshot('playground-training-log-charts');
  });
});
