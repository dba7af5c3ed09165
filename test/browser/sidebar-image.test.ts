/**
 * The Image panel in real headless Chromium against the real server code on the local engine: a photo is
 * decoded, cropped and resized by the browser, and the pixels that land in the R, G, B sheets are compared
 * with an independent decode-and-resize; the forward pass shows the server's probabilities; bad files get the
 * right messages; file names stay text; of two pictures opened quickly, the later one stays whichever
 * finishes first.
 */
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  openSync,
  ftruncateSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { sidebarHtmlFor } from '../../src/addon/sidebar-page';
import { referenceCentreSquare } from './reference-resize';
import { photoPath } from '../helpers/photos';
import {
  messageOf,
  openSidebar,
  sheetPixels,
  SIDEBAR_TEST_LIMIT_MS,
  SidebarFixture,
  waitForText,
} from './sidebar-fixture';
import { recordMeasurement } from '../helpers/measurements';

jest.setTimeout(SIDEBAR_TEST_LIMIT_MS);

function differences(a: Uint8Array, b: Uint8Array): { max: number; mean: number } {
  expect(a.length).toBe(b.length);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.length };
}

/** The page's hold on one browser call, set by holdNextCall. */
interface HeldCall {
  /** Resolves once the page has made the held call. */
  reached(): Promise<unknown>;
  /** Lets the call finish, and resolves after the page has handled its result. */
  release(): Promise<void>;
}

/**
 * Holds the page's next file read ('read': Blob.arrayBuffer) or picture decode ('decode': createImageBitmap)
 * until release, as a slow disk or a big picture would. The real call runs; only its answer waits.
 */
async function holdNextCall(page: Page, which: 'read' | 'decode'): Promise<HeldCall> {
  type Slot = { heldRelease?: () => Promise<void> };
  await page.evaluate((which) => {
    const owner = (which === 'read' ? Blob.prototype : window) as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const key = which === 'read' ? 'arrayBuffer' : 'createImageBitmap';
    const real = owner[key];
    delete (window as Slot).heldRelease; // an earlier hold's, already released
    owner[key] = function (this: unknown, ...args: unknown[]): Promise<unknown> {
      owner[key] = real; // only this one call is held
      const answer = real.apply(this ?? window, args);
      return new Promise((resolve, reject) => {
        (window as Slot).heldRelease = async () => {
          answer.then(resolve, reject);
          await answer.catch(() => undefined);
          // A task later, every continuation of the answer (all microtasks) has run.
          await new Promise((done) => setTimeout(done, 0));
        };
      });
    };
  }, which);
  return {
    reached: () => page.waitForFunction(() => (window as Slot).heldRelease !== undefined),
    release: () => page.evaluate(() => (window as Slot).heldRelease?.()),
  };
}

describe('sidebar Image panel in Chromium', () => {
  let fixture: SidebarFixture;
  const scratch = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-files-'));

  beforeAll(async () => {
    fixture = await openSidebar();
    // These tests check the centred square and what reaches the sheets; sidebar-face.test.ts checks faces.
    await fixture.page.uncheck('#image-find-face');
  });
  afterAll(async () => {
    await fixture?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const choose = async (file: string): Promise<void> => {
    await fixture.page.setInputFiles('#image-file', file);
  };

  const importChosen = async (): Promise<void> => {
    await fixture.page.click('#import-button');
    await waitForText(fixture.page, '#image-message', /Imported|failed/);
    expect((await messageOf(fixture.page, '#image-message')).kind).toBe('success');
  };

  it.each([
    ['astronaut-portrait.jpg', 'baseline JPEG, portrait'],
    ['coffee-progressive.jpg', 'progressive JPEG, landscape'],
    ['rocket.jpg', 'baseline JPEG from a camera, landscape'],
  ])('imports %s (%s): the pixels in R, G, B match an independent area resize within ±2', async (file) => {
    const { page } = fixture;
    const source = photoPath(file);
    await choose(source);
    await page.waitForSelector('#crop-block:not([hidden])');
    await importChosen();
    const info = await fixture.server('getModelInfo');
    const received = await sheetPixels(fixture, info.inputWidth, info.inputHeight);
    const reference = referenceCentreSquare(source, info.inputWidth);
    const diff = differences(received, reference.rgb);
    recordMeasurement(
      `${file} (${reference.width}×${reference.height} → ${info.inputWidth}×${info.inputHeight}): max |browser − reference| = ${diff.max}, mean = ${diff.mean.toFixed(3)} levels`,
    );
    expect(diff.max).toBeLessThanOrEqual(2);
    // The preview is exactly what was sent.
    const preview = await page.$eval('#preview-canvas', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      return Array.from(data).filter((_, i) => i % 4 !== 3);
    });
    expect(Uint8Array.from(preview)).toEqual(received);
    await fixture.session.screenshot(`image-imported-${path.basename(file, '.jpg')}`);
  });

  it('moves and shrinks the crop: a smaller square at the top-left is what reaches the sheets', async () => {
    const { page } = fixture;
    const source = photoPath('astronaut-portrait.jpg'); // 220×335
    await choose(source);
    await page.waitForSelector('#crop-block:not([hidden])');
    await page.$eval('#crop-size', (input) => {
      (input as HTMLInputElement).value = '50';
      input.dispatchEvent(new Event('input'));
    });
    for (const id of ['#crop-x', '#crop-y']) {
      await page.$eval(id, (input) => {
        (input as HTMLInputElement).value = '0';
        input.dispatchEvent(new Event('input'));
      });
    }
    expect(await page.textContent('#crop-size-value')).toBe('110×110 px');
    await importChosen();
    // Independent: the top-left 110×110 of the decoded photo, area-resized.
    const cropped = path.join(scratch, 'top-left.png');
    const { PNG } = await import('pngjs');
    const jpeg = await import('jpeg-js');
    const decoded = jpeg.decode(readFileSync(source), { useTArray: true, formatAsRGBA: true });
    const png = new PNG({ width: 110, height: 110 });
    for (let y = 0; y < 110; y++)
      png.data.set(decoded.data.subarray(y * decoded.width * 4, (y * decoded.width + 110) * 4), y * 110 * 4);
    writeFileSync(cropped, PNG.sync.write(png));
    const diff = differences(await sheetPixels(fixture, 28, 28), referenceCentreSquare(cropped, 28).rgb);
    recordMeasurement(
      `crop 110×110 at (0, 0): max |browser − reference| = ${diff.max}, mean = ${diff.mean.toFixed(3)}`,
    );
    expect(diff.max).toBeLessThanOrEqual(2);
    await page.click('#crop-reset');
    expect(await page.textContent('#crop-size-value')).toBe('220×220 px');
    expect(await page.inputValue('#crop-y')).toBe('50'); // top 57 of a 115-pixel slack
    // Keyboard: arrow keys on the picture move the square by 1/50 of the shorter side (4 px here).
    await page.focus('#crop-canvas');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#crop-y')).toBe(String(Math.round((61 / 115) * 100)));
    expect(await page.isDisabled('#crop-x')).toBe(true); // a full-width square cannot move sideways
  });

  it('runs the forward pass: a bar per class with the probabilities the server computed, the verdict and the loss', async () => {
    const { page } = fixture;
    await choose(photoPath('rocket.jpg'));
    await page.waitForSelector('#crop-block:not([hidden])');
    await importChosen();
    await page.selectOption('#label-select', '1');
    await page.waitForFunction(() => (document.querySelector('#model-summary')?.textContent ?? '') !== '');
    await page.click('#forward-button');
    await page.waitForSelector('#prediction:not([hidden])');
    const bars = await page.$$eval('.bar-row', (rows) =>
      rows.map((row) => ({
        name: row.querySelector('.bar-name')?.textContent ?? '',
        value: row.querySelector('.bar-value')?.textContent ?? '',
        width: (row.querySelector('.bar-fill') as HTMLElement).style.width,
        probability: Number(row.getAttribute('data-probability')),
      })),
    );
    // The server, asked directly on the same workbook, computes the same prediction.
    const expected = await fixture.server('runForwardPass');
    expect(expected.label).toBe(1);
    expect(bars.map((b) => b.name)).toEqual(expected.classes);
    bars.forEach((bar, i) => {
      expect(bar.probability).toBeCloseTo(expected.probabilities[i], 12);
      expect(bar.value).toBe(`${(expected.probabilities[i] * 100).toFixed(1)}%`);
      expect(parseFloat(bar.width)).toBeCloseTo(expected.probabilities[i] * 100, 2);
    });
    expect(expected.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const verdict = (await page.textContent('#verdict')) ?? '';
    expect(verdict).toContain(`Looks like ${expected.classes[expected.predicted]}`);
    const readings = await page.$$eval('#loss-readings dd', (dds) => dds.map((dd) => dd.textContent));
    expect(expected.loss).toBeDefined();
    expect(readings).toEqual([
      expected.loss?.crossEntropy.toFixed(4),
      expected.loss?.distance.toFixed(4),
      expected.loss?.klDivergence.toFixed(4),
    ]);
    // Cross-entropy is −ln of the label's probability.
    expect(expected.loss?.crossEntropy).toBeCloseTo(-Math.log(expected.probabilities[1]), 9);
    await fixture.session.screenshot('forward-pass');
  });

  it('takes a pasted picture and a dropped one', async () => {
    const { page } = fixture;
    const bytes = readFileSync(photoPath('coffee-progressive.jpg')).toString('base64');
    const deliver = (how: 'paste' | 'drop', name: string): Promise<void> =>
      page.evaluate(
        ([how, name, base64]) => {
          const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([data], name, { type: 'image/jpeg' }));
          if (how === 'paste')
            document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
          else
            document
              .querySelector('#image-drop')
              ?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        },
        [how, name, bytes] as const,
      );
    await deliver('paste', 'image.jpg');
    await page.waitForFunction(() => document.querySelector('#image-name')?.textContent === 'pasted image');
    expect(await page.textContent('#image-size')).toBe('(305×225)');
    // Dragging over the zone highlights it; leaving (or dropping) clears the highlight.
    const dragging = (): Promise<boolean> => page.$eval('#image-drop', (zone) => zone.classList.contains('dragging'));
    await page.dispatchEvent('#image-drop', 'dragover');
    expect(await dragging()).toBe(true);
    await page.dispatchEvent('#image-drop', 'dragleave');
    expect(await dragging()).toBe(false);
    await page.dispatchEvent('#image-drop', 'dragover');
    await deliver('drop', 'dropped.jpg');
    expect(await dragging()).toBe(false);
    await page.waitForFunction(() => document.querySelector('#image-name')?.textContent === 'dropped.jpg');
    expect(await page.isHidden('#image-message')).toBe(true);
  });

  it('says when a file is not a picture (by content, whatever its name)', async () => {
    const file = path.join(scratch, 'notes.png');
    writeFileSync(file, 'These are my notes, not a picture.\n');
    await choose(file);
    await waitForText(fixture.page, '#image-message', /not a picture/);
    const message = await messageOf(fixture.page, '#image-message');
    expect(message.kind).toBe('error');
    expect(message.text).toMatch(/^notes\.png: This file is not a picture we can read\. Accepted formats: JPEG, PNG/);
    expect(await fixture.page.isHidden('#crop-block')).toBe(true);
    await fixture.session.screenshot('message-not-an-image');
  });

  it('says when a JPEG is truncated', async () => {
    const bytes = readFileSync(photoPath('astronaut-portrait.jpg'));
    const file = path.join(scratch, 'cut-short.jpg');
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await choose(file);
    await waitForText(fixture.page, '#image-message', /truncated/);
    const message = await messageOf(fixture.page, '#image-message');
    expect(message.kind).toBe('error');
    expect(message.text).toMatch(/^cut-short\.jpg: This JPEG file is damaged: it is truncated/);
    await fixture.session.screenshot('message-truncated-jpeg');
  });

  it('says the limits for a huge file and a huge picture', async () => {
    const big = path.join(scratch, 'huge.jpg');
    writeFileSync(big, Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    const fd = openSync(big, 'r+');
    ftruncateSync(fd, 26 * 1024 * 1024); // sparse: costs no disk
    closeSync(fd);
    await choose(big);
    await waitForText(fixture.page, '#image-message', /limit/);
    expect((await messageOf(fixture.page, '#image-message')).text).toMatch(
      /^huge\.jpg: The file is 26\.0 MB, more than the limit of 25 MB\./,
    );

    // A PNG header that claims 10000×10000 pixels: refused from the header, before decoding.
    const header = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
    header.writeUInt32BE(13, 8);
    header.write('IHDR', 12, 'latin1');
    header.writeUInt32BE(10000, 16);
    header.writeUInt32BE(10000, 20);
    const wide = path.join(scratch, 'wide.png');
    writeFileSync(wide, header);
    await choose(wide);
    await waitForText(fixture.page, '#image-message', /megapixels/);
    const message = await messageOf(fixture.page, '#image-message');
    expect(message.kind).toBe('error');
    expect(message.text).toMatch(/10000×10000 pixels \(100\.0 megapixels\); the limit is 40 megapixels/);
  });

  it('reads a PNG named .jpg by its content; an alpha channel that is all opaque needs no warning', async () => {
    const source = photoPath('chelsea-alpha-png.jpg'); // really a PNG with an (all-opaque) alpha channel
    await choose(source);
    await fixture.page.waitForFunction(
      () => document.querySelector('#image-name')?.textContent === 'chelsea-alpha-png.jpg',
    );
    expect((await messageOf(fixture.page, '#image-message')).hidden).toBe(true);
    await importChosen();
    const diff = differences(await sheetPixels(fixture, 28, 28), referenceCentreSquare(source, 28).rgb);
    recordMeasurement(
      `chelsea-alpha-png.jpg (RGBA PNG, opaque): max |browser − reference| = ${diff.max}, mean = ${diff.mean.toFixed(3)}`,
    );
    expect(diff.max).toBeLessThanOrEqual(2);
  });

  it('composites a PNG with transparency on white, says so, and imports it', async () => {
    // The cat's pixels with alpha rising from 0 at the left edge to 255 at the right.
    const { PNG } = await import('pngjs');
    const png = PNG.sync.read(readFileSync(photoPath('chelsea-alpha-png.jpg')));
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++)
        png.data[(y * png.width + x) * 4 + 3] = Math.round((255 * x) / (png.width - 1));
    }
    const source = path.join(scratch, 'fading.png');
    writeFileSync(source, PNG.sync.write(png));
    await choose(source);
    await waitForText(fixture.page, '#image-message', /transparent/);
    const message = await messageOf(fixture.page, '#image-message');
    expect(message.kind).toBe('warning');
    expect(message.text).toBe(
      'fading.png has transparent parts; they are shown on a white background, as they will be imported.',
    );
    await fixture.session.screenshot('message-png-alpha');
    await importChosen();
    const received = await sheetPixels(fixture, 28, 28);
    const diff = differences(received, referenceCentreSquare(source, 28).rgb);
    recordMeasurement(
      `fading.png (alpha 0→255, composited on white): max |browser − reference| = ${diff.max}, mean = ${diff.mean.toFixed(3)}`,
    );
    expect(diff.max).toBeLessThanOrEqual(2);
    // The left column was nearly transparent, so nearly white.
    for (let y = 0; y < 28; y++) expect(Math.min(...received.subarray(y * 84, y * 84 + 3))).toBeGreaterThan(200);
  });

  it('shows a file name with markup as text: no element is created and no script runs', async () => {
    const { page, session } = fixture;
    const name = '<img src=x onerror=alert(1)>.png';
    const file = path.join(scratch, name);
    copyFileSync(photoPath('chelsea-alpha-png.jpg'), file);
    await choose(file);
    await page.waitForSelector('#crop-block:not([hidden])');
    expect(await page.textContent('#image-name')).toBe(name);
    await importChosen();
    expect(await page.textContent('#image-message')).toContain(`Imported ${name}`);
    // The same name in an error message.
    const bad = path.join(scratch, '<b onmouseover=alert(2)>bold.txt');
    writeFileSync(bad, 'plain text');
    await choose(bad);
    await waitForText(page, '#image-message', /not a picture/);
    expect(await page.textContent('#image-message')).toContain(
      '<b onmouseover=alert(2)>bold.txt: This file is not a picture',
    );
    expect(await page.$$eval('img, b, [onerror], [onmouseover]', (found) => found.length)).toBe(0);
    // Had an image been created from a name, its onerror would have run once its source "x" failed to load
    // (a 404 from the server): by the time a probe image asked for after it has failed, it would have. The
    // probe's answer is a broken picture rather than a 404, so it adds no console error of its own.
    await page.route(
      '**/x?probe',
      (route) => route.fulfill({ status: 200, contentType: 'image/png', body: 'not a picture' }),
      { times: 1 },
    );
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const probe = new Image();
          probe.onerror = resolve;
          probe.onload = resolve;
          probe.src = 'x?probe';
        }),
    );
    expect(session.dialogs).toEqual([]);
    expect(session.pageErrors).toEqual([]);
    await session.screenshot('file-name-as-text');
  });

  it('shows the picture opened last when an earlier one finishes decoding after it', async () => {
    const { page } = fixture;
    const first = photoPath('astronaut-portrait.jpg'); // 220×335
    const second = photoPath('coffee-progressive.jpg'); // 305×225
    const decode = await holdNextCall(page, 'decode');
    await choose(first);
    await decode.reached();
    await choose(second);
    await page.waitForFunction(() => document.querySelector('#image-name')?.textContent === 'coffee-progressive.jpg');
    await decode.release();
    expect([await page.textContent('#image-name'), await page.textContent('#image-size')]).toEqual([
      'coffee-progressive.jpg',
      '(305×225)',
    ]);
    expect((await messageOf(page, '#image-message')).hidden).toBe(true);
    // The preview is the second picture, as an independent decode and resize makes it.
    const preview = await page.$eval('#preview-canvas', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      return Array.from(data).filter((_, i) => i % 4 !== 3);
    });
    expect(differences(Uint8Array.from(preview), referenceCentreSquare(second, 28).rgb).max).toBeLessThanOrEqual(2);
  });

  it('keeps the picture opened last when an earlier file, read slowly, turns out not to be a picture', async () => {
    const { page } = fixture;
    const notes = path.join(scratch, 'slow-notes.png');
    writeFileSync(notes, 'Still not a picture.\n');
    const read = await holdNextCall(page, 'read');
    await choose(notes);
    await read.reached();
    await choose(photoPath('rocket.jpg'));
    await page.waitForFunction(() => document.querySelector('#image-name')?.textContent === 'rocket.jpg');
    await read.release();
    expect(await messageOf(page, '#image-message')).toMatchObject({ hidden: true });
    expect(await page.isVisible('#crop-block')).toBe(true);
    await importChosen();
    expect(await page.textContent('#image-message')).toContain('Imported rocket.jpg');
  });

  it('opens on the panel the add-on menu asks for (the shell rewrites data-initial-panel)', async () => {
    const page = await fixture.session.context.newPage();
    try {
      // The page as the Train… menu item serves it: the shell's own rewrite of the built page.
      await page.route(fixture.rpc.url, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: sidebarHtmlFor(await response.text(), { panel: 'train' }) });
      });
      await page.goto(fixture.rpc.url);
      await page.waitForSelector('#panel-train:not([hidden])');
      expect(await page.getAttribute('#tab-train', 'aria-selected')).toBe('true');
      expect(await page.getAttribute('#tab-train', 'tabindex')).toBe('0');
      expect(await page.isHidden('#panel-image')).toBe(true);
      // Build model… opens the Image panel with its Build section unfolded.
      await page.unroute(fixture.rpc.url);
      await page.route(fixture.rpc.url, async (route) => {
        const response = await route.fetch();
        await route.fulfill({
          response,
          body: sidebarHtmlFor(await response.text(), { panel: 'image', openBuildSection: true }),
        });
      });
      await page.reload();
      await page.waitForSelector('#build-button', { state: 'visible' });
      expect(await page.isVisible('#panel-image')).toBe(true);
    } finally {
      await page.close();
    }
  });
});
