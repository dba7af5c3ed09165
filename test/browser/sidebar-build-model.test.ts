/**
 * The Build model editor in Chromium over the real server on a local workbook: choose the article's worked
 * example, watch the clue count in the table follow stride, padding and filters, see a spec that cannot work
 * refused before anything is written, build, and run the forward pass. Screenshots go to test-artifacts/.
 */
import { clueCounts, picturesPerTrainingCall, presetLayers, specWith } from '../../src/core/architecture';
import { DEFAULT_CLASSES } from '../../src/core/spec';
import { messageOf, openSidebar, SIDEBAR_TEST_LIMIT_MS, SidebarFixture, waitForText } from './sidebar-fixture';

jest.setTimeout(SIDEBAR_TEST_LIMIT_MS);

describe('Build model editor in the sidebar', () => {
  let fixture: SidebarFixture;
  beforeAll(async () => {
    fixture = await openSidebar();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  const convValues = (): Promise<string> =>
    fixture.page.$eval('tr[data-layer="Conv 1"] .values', (e) => e.textContent ?? '');

  test('presets, stride, padding and filters change the clue count; a bad spec is refused; the build runs', async () => {
    const { page, session } = fixture;
    await page.click('#build-model > summary');
    await page.selectOption('#build-preset', 'small');
    expect(await convValues()).toBe('75 → 18');
    expect(await page.textContent('tr[data-layer="Conv 1"] .clues')).toContain(
      '57 fewer clues: information lost (24% kept)',
    );
    await session.screenshot('build-model-article');
    // The playground's server trains in Node, on WebAssembly SIMD: the estimate is that path's.
    const simdEstimate = picturesPerTrainingCall(specWith(presetLayers('small'), DEFAULT_CLASSES), 'wasm-simd');
    await waitForText(page, '[data-total="pictures"]', /WebAssembly SIMD/);
    expect(await page.textContent('[data-total="pictures"]')).toBe(
      `About ${simdEstimate.toLocaleString('en-US')} pictures per 25-s training call (estimate, WebAssembly SIMD)`,
    );

    await page.selectOption('#block1-padding', 'same');
    expect(await convValues()).toBe('75 → 50');
    await page.fill('#block1-filters', '3');
    expect(await convValues()).toBe('75 → 75');
    expect(await page.textContent('tr[data-layer="Conv 1"] .clues')).toContain('as many clues: information kept');
    await page.fill('#block1-filters', '10');
    expect(await convValues()).toBe('75 → 250');
    await page.fill('#block1-stride', '2');
    expect(await convValues()).toBe('75 → 90');
    expect(await page.inputValue('#build-preset')).toBe('own');
    await session.screenshot('build-model-edited');

    // A kernel larger than the 5×5 input: refused with the field named, the button disabled, nothing written.
    await page.fill('#block1-kernel', '7');
    await waitForText(
      page,
      '#build-problems',
      /Block 1 kernel 7×7 is larger than its 5×5 input; use a kernel of at most 5/,
    );
    expect(await page.$eval('#build-problems p', (e) => e.getAttribute('data-field'))).toBe('blocks[0].kernel');
    expect(await page.isDisabled('#build-button')).toBe(true);
    expect(await fixture.workbook('sheetNames')).toEqual([]);
    await session.screenshot('build-model-refused');

    // Back to the worked example with the article's filters of 1s and 0s, then build and run.
    await page.selectOption('#build-preset', 'small');
    expect(await page.isChecked('#build-article')).toBe(true);
    await page.click('#build-button');
    await waitForText(page, '#build-message', /Model built/);
    const model = await fixture.sheet('readModel');
    expect(model.spec.blocks).toEqual(presetLayers('small').blocks);
    expect(Array.from(model.params.conv[0].weights.data).every((w) => w === 0 || w === 1)).toBe(true);
    // The totals equal what the sheets hold: the table's cell count for Conv 1 is the used size of its two sheets.
    const conv = clueCounts(specWith(model.spec, model.classes)).find((row) => row.name === 'Conv 1')!;
    expect(conv.valuesOut).toBe(18);

    await page.click('#forward-button');
    await waitForText(page, '#verdict', /Looks like/);
    expect((await messageOf(page, '#forward-message')).hidden).toBe(true);
    await session.screenshot('build-model-forward');

    // Changing the layers of a built model asks before new weights are drawn.
    await page.fill('#block1-filters', '3');
    await page.click('#build-button');
    await waitForText(page, '#build-message', /Press again to build/);
    expect((await fixture.sheet('readModel')).spec.blocks[0].filters).toBe(2);
    await page.click('#build-button');
    await waitForText(page, '#build-message', /Model built/);
    expect((await fixture.sheet('readModel')).spec.blocks[0].filters).toBe(3);
    expect(session.pageErrors).toEqual([]);
  });

  test('the Sherlock story is off by default; ticked, the build tells it on the step sheets and the box stays ticked', async () => {
    const { page, session } = fixture;
    // Its own starting point: the worked example built by the server, the page reloaded on it.
    await fixture.server('buildModel', { specName: 'small', mode: 'values', seed: 3 });
    await page.reload();
    await waitForText(page, '#model-summary', /network/);
    const rowTwo = async (sheet: string): Promise<string> =>
      String((await fixture.workbook('readValues', sheet, { row: 2, col: 1, rows: 1, cols: 1 }))[0][0]);
    expect(await page.isChecked('#build-sherlock')).toBe(false);
    expect(await rowTwo('Conv1')).not.toContain('Sherlock');
    if (!(await page.$eval('#build-model', (details) => (details as HTMLDetailsElement).open)))
      await page.click('#build-model > summary');
    await page.check('#build-sherlock');
    await page.click('#build-button');
    // Should the form differ from the model's layers, the editor asks first; a second press builds.
    await waitForText(page, '#build-message', /Model built|Build failed|Press again/);
    if ((await messageOf(page, '#build-message')).text.includes('Press again')) await page.click('#build-button');
    await waitForText(page, '#build-message', /Model built/);
    expect(await rowTwo('Conv1')).toContain('🔍 Sherlock: ');
    expect(await page.isChecked('#build-sherlock')).toBe(true);
    await session.screenshot('build-model-sherlock');
  });
});
