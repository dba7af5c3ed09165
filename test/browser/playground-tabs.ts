/** The playground page in Chromium, for the browser tests: the page itself, its sidebar frame and its tabs. */
import type { Frame, Page } from 'playwright-core';
import { startPlayground } from '../../src/local/playground/playground';
import type { RunningPlayground } from '../../src/local/playground/playground';
import { launchBrowser } from '../helpers/browser';
import type { BrowserSession } from '../helpers/browser';
import { SIDEBAR_HTML } from './sidebar-fixture';

export interface PlaygroundInBrowser {
  readonly playground: RunningPlayground;
  readonly session: BrowserSession;
  readonly page: Page;
  /** Closes the browser, then the playground. */
  close(): Promise<void>;
}

/**
 * The playground over the built sidebar on a free port, and a 1400×900 Chromium page, not yet opened on it
 * (a test may set up the workbook first).
 */
export async function startPlaygroundInBrowser(): Promise<PlaygroundInBrowser> {
  const playground = await startPlayground({ port: 0, sidebarHtmlPath: SIDEBAR_HTML });
  const session = await launchBrowser({ width: 1400, height: 900 }).catch(async (error: unknown) => {
    await playground.close();
    throw error;
  });
  return {
    playground,
    session,
    page: session.page,
    async close(): Promise<void> {
      await session.close();
      await playground.close();
    },
  };
}

/** The sidebar's frame in the playground page, once its model summary is there. */
export async function sidebarFrame(page: Page): Promise<Frame> {
  const frame = await (await page.waitForSelector('#sidebar')).contentFrame();
  if (frame === null) throw new Error('the sidebar frame did not load');
  await frame.waitForSelector('#model-summary');
  return frame;
}

/** Clicks the tab named exactly `name` and waits until the grid shows that sheet's cells. */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.locator('#tabs button', { hasText: name }).filter({ has: page.locator(`text="${name}"`) });
  await tab.first().click();
  await page.waitForFunction(
    (sheet) => document.querySelector('#tabs button[aria-selected="true"]')?.textContent === sheet,
    name,
  );
  // The grid is redrawn when the sheet arrives: until then it still shows the sheet before.
  await page.waitForFunction(
    (sheet) => (document.querySelector('#grid') as HTMLElement | null)?.dataset.sheet === sheet,
    name,
  );
}
