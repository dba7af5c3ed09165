/**
 * Every panel of the sidebar at Google's 300 px, filled as a person sees it after an hour's work (a
 * prediction, a dataset with long class names and an empty class, training curves, a confusion matrix):
 * nothing scrolls sideways, no element's content is wider than its box, every control lies inside the
 * viewport, each select shows its chosen option whole, and no word is wider than its table cell (so none
 * is broken mid-word). Tables may scroll inside a deliberate `.table-scroll` box. Screenshots of each panel
 * are saved in test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { openSidebar, SIDEBAR_TEST_LIMIT_MS, waitForText } from './sidebar-fixture';
import type { SidebarFixture } from './sidebar-fixture';
import { picture } from '../server/server-fixture';

jest.setTimeout(SIDEBAR_TEST_LIMIT_MS);

const WIDTH = 300;
const LONG_NAMES = ['Elon Musk', 'Jeff Bezos', 'Jon Snow', 'Daenerys Stormborn of House Targaryen'];

/** What overflows in the shown panel, as readable lines ('' when all fits). */
async function overflowReport(page: Page, panel: string): Promise<string[]> {
  return page.$eval(
    `#panel-${panel}`,
    (root, width) => {
      const problems: string[] = [];
      const name = (el: Element): string =>
        `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
      const shown = (el: Element): boolean =>
        (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed';
      const insideScroller = (el: Element): boolean =>
        el.closest('.table-scroll') !== null && !el.classList.contains('table-scroll');
      if (document.documentElement.scrollWidth > document.documentElement.clientWidth) {
        problems.push(
          `the page scrolls sideways: ${document.documentElement.scrollWidth} px of content in ${document.documentElement.clientWidth} px`,
        );
      }
      const canvas = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      const textWidth = (text: string, el: Element): number => {
        const style = getComputedStyle(el);
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        return canvas.measureText(text).width;
      };
      for (const el of Array.from(root.querySelectorAll('*'))) {
        if (!shown(el) || insideScroller(el) || el.classList.contains('visually-hidden')) continue;
        const style = getComputedStyle(el);
        // A .table-scroll box is where a wide table scrolls on purpose; what is inside it is skipped above.
        if (
          style.display !== 'inline' &&
          !el.classList.contains('table-scroll') &&
          el.scrollWidth > el.clientWidth + 1 &&
          el.tagName !== 'svg' &&
          el.namespaceURI === 'http://www.w3.org/1999/xhtml'
        ) {
          problems.push(`${name(el)} holds ${el.scrollWidth} px of content in ${el.clientWidth} px`);
        }
        if (el.matches('button, select, input:not([type="file"]), textarea, a')) {
          const box = el.getBoundingClientRect();
          if (box.left < 0 || box.right > width + 0.5)
            problems.push(
              `${name(el)} lies at ${Math.round(box.left)}–${Math.round(box.right)} px, outside the ${width} px sidebar`,
            );
        }
        if (el instanceof HTMLSelectElement && el.selectedIndex >= 0) {
          const option = el.options[el.selectedIndex].text;
          // Room for the text: the box less its padding, borders and the drop-down arrow (about 20 px).
          const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
          // A class name typed longer than the sidebar may be cut only where the select's title shows it whole.
          if (textWidth(option, el) > room && el.title !== option) {
            problems.push(
              `${name(el)} cuts "${option}" (${Math.round(textWidth(option, el))} px of text, ${Math.round(room)} px of room)`,
            );
          }
        }
        if (el.matches('th, td') && el.children.length === 0 && !el.closest('.table-scroll')) {
          const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          for (const word of (el.textContent ?? '').split(/\s+/).filter((w) => w !== '')) {
            if (textWidth(word, el) > room + 0.5)
              problems.push(
                `${name(el)}: the word "${word}" (${Math.round(textWidth(word, el))} px) is wider than its cell (${Math.round(room)} px)`,
              );
          }
        }
      }
      for (const th of Array.from(root.querySelectorAll('.table-scroll th'))) {
        const style = getComputedStyle(th);
        const room = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        for (const word of (th.textContent ?? '').split(/\s+/).filter((w) => w !== '')) {
          if (textWidth(word, th) > room + 0.5)
            problems.push(`${name(th)}: the word "${word}" is wider than its header cell and breaks mid-word`);
        }
      }
      return problems;
    },
    WIDTH,
  );
}

describe('the sidebar at 300 px', () => {
  let fixture: SidebarFixture;

  beforeAll(async () => {
    fixture = await openSidebar();
    const { server } = fixture;
    // A small model with long class names, pictures for three of them, one class without test pictures.
    await server('buildModel', { specName: 'small', mode: 'native', seed: 1, classes: LONG_NAMES });
    for (const [k, label] of LONG_NAMES.slice(0, 3).entries()) {
      await server('addPictures', {
        label,
        pictures: Array.from({ length: k === 2 ? 1 : 6 }, (_, i) => picture(`${label}-${i}.png`, 5, 5, 10 * k + i)),
      });
    }
    await server('splitDataset', 0.34, 1);
    await server('importImage', picture('photo.png', 5, 5, 99));
    await server('setLabel', 3);
    await fixture.page.reload();
    await waitForText(fixture.page, '#model-summary', /network/);
  }, 120_000);
  afterAll(async () => fixture?.close());

  test('Image panel with its build form open and a prediction', async () => {
    const { page } = fixture;
    await page.click('#build-model summary');
    await page.selectOption('#build-mode', 'values');
    await page.click('#forward-button');
    await page.waitForSelector('#prediction:not([hidden])');
    await fixture.session.screenshot('fit-300-image');
    expect(await overflowReport(page, 'image')).toEqual([]);
  });

  test('Dataset panel: counts with Rename and Remove, the class chooser, the split form', async () => {
    const { page } = fixture;
    await page.click('#tab-dataset');
    await page.waitForSelector('#dataset-rows tr');
    await fixture.session.screenshot('fit-300-dataset');
    expect(await overflowReport(page, 'dataset')).toEqual([]);
  });

  test('Train panel: the form with every optimizer, progress and both curves', async () => {
    const { page } = fixture;
    await page.click('#tab-train');
    for (const optimizer of ['sgd', 'momentum', 'adam']) {
      await page.selectOption('#train-optimizer', optimizer);
      expect(await overflowReport(page, 'train')).toEqual([]);
    }
    await page.fill('#train-epochs', '2');
    await page.fill('#train-batch', '4');
    await page.click('#train-start');
    await waitForText(page, '#train-message', /Trained 2 epochs/, 60_000);
    await fixture.session.screenshot('fit-300-train');
    expect(await overflowReport(page, 'train')).toEqual([]);
  });

  test('Evaluate panel: per-class accuracy (n/a without test pictures) and the confusion matrix', async () => {
    const { page } = fixture;
    await page.click('#tab-evaluate');
    await page.click('#evaluate-button');
    await page.waitForSelector('#evaluation:not([hidden])');
    await fixture.session.screenshot('fit-300-evaluate');
    expect(await overflowReport(page, 'evaluate')).toEqual([]);
    const rows = await page.$$eval('#evaluate-classes tr', (trs) =>
      trs.map((tr) => Array.from(tr.children, (td) => td.textContent ?? '')),
    );
    expect(rows.find((r) => r[0] === LONG_NAMES[3])?.slice(1)).toContain('n/a');
  });
});
