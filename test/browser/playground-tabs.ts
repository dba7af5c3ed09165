/** Opening a sheet in the playground's workbook view, for the browser tests that read its grid. */
import type { Page } from 'playwright-core';

/** Clicks the tab named exactly `name` and waits until the grid shows that sheet's cells. */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.locator('#tabs button', { hasText: name }).filter({ has: page.locator(`text="${name}"`) });
  await tab.first().click();
  await page.waitForFunction((sheet) => document.querySelector('#tabs button[aria-selected="true"]')?.textContent === sheet, name);
  // The grid is redrawn when the sheet arrives: until then it still shows the sheet before.
  await page.waitForFunction((sheet) => (document.querySelector('#grid') as HTMLElement | null)?.dataset.sheet === sheet, name);
}
