/**
 * The sidebar's notice for inactive custom functions, in real headless Chromium against the real server code
 * on the local engine. The engine runs the custom functions, so the probe cell is given the value Sheets
 * shows where it does not run them (#NAME?), as getValues would return it.
 */
import { PROBE_CELL } from '../../src/sheet/model-sheet';
import { MODEL_SHEET } from '../../src/sheet/sheet-names';
import { messageOf, openSidebar, SIDEBAR_TEST_LIMIT_MS, SidebarFixture, waitForText } from './sidebar-fixture';

jest.setTimeout(SIDEBAR_TEST_LIMIT_MS);

let fixture: SidebarFixture;
afterEach(async () => fixture?.close());

async function openWithProbe(probe: string): Promise<void> {
  fixture = await openSidebar();
  await fixture.server('buildModel', { specName: 'small', mode: 'custom', seed: 3 });
  await fixture.workbook('writeCells', MODEL_SHEET, PROBE_CELL.row, PROBE_CELL.col, [[probe]]);
  await fixture.page.reload();
  await waitForText(fixture.page, '#model-summary', /network/);
}

test('where the probe shows #NAME?, the sidebar says so and rebuilds in native mode with the same weights', async () => {
  await openWithProbe('#NAME?');
  await fixture.page.waitForSelector('#custom-functions-notice:not([hidden])');
  const notice = await messageOf(fixture.page, '#custom-functions-notice');
  expect(notice.kind).toBe('warning');
  expect(notice.text).toContain('Custom functions are not active in this document');
  expect(notice.text).toContain('test deployment');
  const before = (await fixture.sheet('readModel')).params;
  await fixture.page.click('#rebuild-native');
  await fixture.page.waitForSelector('#custom-functions-notice', { state: 'hidden' });
  const after = await fixture.sheet('readModel');
  expect(after.mode).toBe('native');
  expect(after.params).toEqual(before);
});

test('where the custom functions run, no notice is shown', async () => {
  fixture = await openSidebar();
  await fixture.server('buildModel', { specName: 'small', mode: 'custom', seed: 3 });
  await fixture.page.reload();
  await waitForText(fixture.page, '#model-summary', /network/);
  expect((await fixture.server('getModelInfo')).customFunctions).toBe('active');
  expect((await messageOf(fixture.page, '#custom-functions-notice')).hidden).toBe(true);
});
