/** The playground page in Chromium, for the browser tests: its sidebar frame and its workbook view's tabs. */
import type { Frame, Page } from 'playwright-core';

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
