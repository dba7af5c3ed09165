/**
 * The playground's HTTP routes over real sockets: the workbook view's sheets (colours checked against the
 * colour rules' meaning, display text against the number formats), cell edits that the engine recomputes to
 * src/core's numbers, every kind of bad request refused with its own message, and the .xlsx download.
 */
import ExcelJS from 'exceljs';
import { forward, initParams, smallSpec } from '../../src/core';
import { startPlayground } from '../../src/local/playground/playground';
import type { RunningPlayground } from '../../src/local/playground/playground';
import { filterBiasRange, filterCell, filtersRange } from '../../src/sheet/layout';
import { readInputImage } from '../../src/sheet/input-picture-sheets';
import { filtersSheet } from '../../src/sheet/sheet-names';
import type { SheetView } from '../../src/shared/sheet-view';
import { NEGATIVE_COLOR, POSITIVE_COLOR, PROBABILITY_COLOR } from '../../src/sheet/colors';
import { SIDEBAR_HTML } from './sidebar-fixture';
import { valuesCopy } from '../helpers/playground-copy';
import { rawRequest } from '../helpers/http';

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly policy: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  json(): Record<string, unknown>;
}

let playground: RunningPlayground;

async function call(
  method: string,
  path: string,
  options: { body?: string; type?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {
    ...(options.body !== undefined ? { 'Content-Type': options.type ?? 'application/json' } : {}),
    ...options.headers,
  };
  const reply = await rawRequest(playground.port, method, path, { headers, body: options.body });
  return {
    status: reply.status,
    type: String(reply.headers['content-type']),
    policy: String(reply.headers['content-security-policy']),
    headers: reply.headers,
    body: reply.body,
    json: () => JSON.parse(reply.text) as Record<string, unknown>,
  };
}

const rpc = (name: string, ...args: unknown[]): Promise<Answer> =>
  call('POST', `/rpc/${name}`, { body: JSON.stringify({ args }) });
const edit = (body: unknown): Promise<Answer> => call('POST', '/workbook/edit', { body: JSON.stringify(body) });
const sheet = async (name: string): Promise<SheetView> =>
  (await call('GET', `/workbook/sheet?name=${encodeURIComponent(name)}`)).json() as unknown as SheetView;

/** Linear RGB mix, the meaning of a two-colour scale at fraction t. */
function mix(from: string, to: string, t: number): string {
  const channel = (hex: string, i: number): number => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  return `#${[0, 1, 2]
    .map((i) =>
      Math.round(channel(from, i) + (channel(to, i) - channel(from, i)) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

beforeAll(async () => {
  playground = await startPlayground({ port: 0, sidebarHtmlPath: SIDEBAR_HTML });
});
afterAll(async () => {
  await playground?.close();
});

describe('the workbook view of a small native-mode model', () => {
  beforeAll(async () => {
    expect((await call('GET', '/workbook/sheets')).json()).toEqual({ revision: 0, sheets: [], selection: null });
    expect((await rpc('buildModel', { specName: 'small', mode: 'native', seed: 3 })).status).toBe(200);
    const pixels = Buffer.alloc(5 * 5 * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 53) % 256;
    expect(
      (await rpc('importImage', { name: 'tiny.png', width: 5, height: 5, rgbBase64: pixels.toString('base64') }))
        .status,
    ).toBe(200);
  });

  it('lists the sheets in tab order with a revision that grows with every change', async () => {
    const list = (await call('GET', '/workbook/sheets')).json() as { revision: number; sheets: { name: string }[] };
    expect(list.sheets.map((s) => s.name)).toEqual(await playground.workbook('sheetNames'));
    expect(list.revision).toBeGreaterThan(0);
    await rpc('setLabel', 1);
    expect(((await call('GET', '/workbook/sheets')).json() as { revision: number }).revision).toBeGreaterThan(
      list.revision,
    );
  });

  it('colours pixels black → pure red, weights blue–white–red around 0, probabilities white → green', async () => {
    const red = await sheet('R');
    for (let r = 3; r < 8; r++) {
      for (let c = 1; c < 6; c++)
        expect(red.colors[r][c]).toBe(mix('#000000', '#ff0000', (red.values[r][c] as number) / 255));
    }
    const filters = await sheet('Conv1 filters');
    const weights: number[] = [];
    for (let r = 3; r < 10; r++)
      for (let c = 1; c < 12; c++)
        if (typeof filters.values[r][c] === 'number') weights.push(filters.values[r][c] as number);
    // The scale's ends are fixed at ±limit (the largest size rounded up to 1, 2 or 5 × 10^k), so 0 is white.
    const size = Math.max(...weights.map(Math.abs));
    const limit = [0.1, 0.2, 0.5, 1, 2, 5].find((m) => m >= size) as number;
    for (let r = 3; r < 10; r++) {
      for (let c = 1; c < 12; c++) {
        const v = filters.values[r][c];
        if (v === '') expect(filters.colors[r][c]).toBe('');
        else if (typeof v === 'number')
          expect(filters.colors[r][c]).toBe(
            v < 0 ? mix('#ffffff', NEGATIVE_COLOR, -v / limit) : mix('#ffffff', POSITIVE_COLOR, v / limit),
          );
        // The diverging scale's colours are light enough for black text everywhere.
        if (typeof v === 'number') expect(filters.textColors[r][c]).toBe('#000000');
      }
    }
    // Pixels: white text on dark fills, black on bright red (AA contrast either way).
    for (let r = 3; r < 8; r++) {
      for (let c = 1; c < 6; c++)
        expect(red.textColors[r][c]).toBe((red.values[r][c] as number) < 234.5 ? '#ffffff' : '#000000');
    }
    const softmax = await sheet('Softmax');
    for (let r = 3; r < 6; r++) {
      const p = softmax.values[r][1] as number;
      expect(softmax.colors[r][1]).toBe(mix('#ffffff', PROBABILITY_COLOR, p));
      expect(softmax.text[r][1]).toBe(p.toFixed(4));
      expect(softmax.formulas[r][1]).toBe(true);
    }
    expect(softmax.frozenRows).toBe(3);
    expect(softmax.widths[0]).toBeGreaterThanOrEqual(130);
  });

  it('writes an edited weight through the workbook; the native formulas recompute to src/core with that weight', async () => {
    const spec = smallSpec();
    const at = filterCell(spec.blocks[0].kernel, 1, 2, 1, 1);
    const answer = await edit({ sheet: 'Conv1 filters', row: at.row, col: at.col, value: -2.5 });
    expect(answer.status).toBe(200);
    expect(answer.json().cell).toMatchObject({ sheet: 'Conv1 filters', value: -2.5, formula: '', editable: true });
    const params = initParams(spec, 3);
    params.conv[0].weights.data[((1 * 3 + 2) * 3 + 1) * 3 + 1] = -2.5;
    const expected = forward(spec, params, readInputImage(await valuesCopy(playground), spec)).probabilities.data;
    const softmax = await sheet('Softmax');
    [0, 1, 2].forEach((k) => expect(Math.abs((softmax.values[3 + k][1] as number) - expected[k])).toBeLessThan(1e-12));
  });

  it.each([
    ['an array body', [1], 400, 'The edit is a list of 1; expected an object with named fields.'],
    [
      'an unknown field',
      { sheet: 'R', row: 4, col: 2, value: 1, extra: true },
      400,
      'The edit has unknown field "extra"; send only sheet, row, col and value.',
    ],
    [
      'a missing sheet name',
      { row: 4, col: 2, value: 1 },
      400,
      "The edit's sheet must be a sheet name of 1 to 100 characters.",
    ],
    ['an unknown sheet', { sheet: 'Nope', row: 4, col: 2, value: 1 }, 404, 'There is no sheet named "Nope".'],
    // R holds the 5 × 5 pixels in B4:F8 and its block check in H3, so it is 8 rows by 8 columns.
    [
      'row 0',
      { sheet: 'R', row: 0, col: 2, value: 1 },
      400,
      "The edit's row is 0; expected a whole number from 1 to 8.",
    ],
    [
      'a row past the sheet',
      { sheet: 'R', row: 9, col: 2, value: 1 },
      400,
      "The edit's row is 9; expected a whole number from 1 to 8.",
    ],
    [
      'a fractional column',
      { sheet: 'R', row: 4, col: 2.5, value: 1 },
      400,
      "The edit's col (column number, A = 1) is 2.5; expected a whole number from 1 to 8.",
    ],
    [
      'text for a value',
      { sheet: 'R', row: 4, col: 2, value: '7' },
      400,
      'The new value is the text "7"; expected a number from -1000000000 to 1000000000.',
    ],
    [
      'a huge value',
      { sheet: 'Conv1 filters', row: 4, col: 2, value: 1e10 },
      400,
      'The new value is 10000000000; expected a number from -1000000000 to 1000000000.',
    ],
    [
      'a formula cell',
      { sheet: 'Conv1', row: 4, col: 2, value: 1 },
      409,
      '"Conv1"!B4 is computed by a formula; type numbers into the weights, biases or the picture (R, G, B) instead.',
    ],
    [
      'a text cell',
      { sheet: 'Model', row: 5, col: 2, value: 1 },
      409,
      '"Model"!B5 holds text; only cells that hold a number (weights, biases, pixels) can be edited here.',
    ],
    [
      'a blank gap',
      { sheet: 'Conv1 filters', row: 4, col: 5, value: 1 },
      409,
      '"Conv1 filters"!E4 is blank; only cells that hold a number (weights, biases, pixels) can be edited here.',
    ],
    [
      'a pixel out of range',
      { sheet: 'G', row: 4, col: 2, value: 256 },
      400,
      '"G"!B4 is a pixel; pixels are whole numbers from 0 to 255, not 256.',
    ],
  ])('refuses %s', async (_what, body, status, message) => {
    const answer = await edit(body);
    expect({ status: answer.status, error: answer.json().error }).toEqual({ status, error: message });
  });

  it('a click selects the cell the sidebar explains; the sheet list carries the selection; bad clicks are refused', async () => {
    const select = (body: unknown): Promise<Answer> => call('POST', '/workbook/select', { body: JSON.stringify(body) });
    const answer = await select({ sheet: 'Conv1', row: 5, col: 3 });
    expect(answer.json()).toEqual({ selection: { sheet: 'Conv1', ranges: ['C5'] } });
    expect((await call('GET', '/workbook/sheets')).json().selection).toEqual({ sheet: 'Conv1', ranges: ['C5'] });
    const explained = (await rpc('explainSelection', '')).json().result as {
      key: string;
      explanation: { kind: string };
    };
    expect({ key: explained.key, kind: explained.explanation.kind }).toEqual({ key: 'Conv1!C5', kind: 'conv' });
    expect((await select({ sheet: 'Nope', row: 5, col: 3 })).json()).toEqual({
      error: 'There is no sheet named "Nope".',
    });
    expect((await select({ sheet: 'Conv1', row: 0, col: 3 })).json()).toEqual({
      error: 'The row is 0; expected a whole number from 1 to 10000000.',
    });
  });

  it('refuses bodies that are not small JSON, bad queries, and callers that are not this page', async () => {
    const notJson = await call('POST', '/workbook/edit', {
      body: 'sheet=R',
      type: 'application/x-www-form-urlencoded',
    });
    expect(notJson.status).toBe(415);
    expect((await call('POST', '/workbook/edit', { body: '{"sheet":' })).json().error).toBe(
      'The request body is not valid JSON.',
    );
    expect((await call('POST', '/workbook/edit', { body: JSON.stringify({ sheet: 'x'.repeat(3000) }) })).status).toBe(
      413,
    );
    expect((await call('GET', '/workbook/sheet')).json().error).toBe(
      'Give the name as a query parameter of 1 to 100 characters, e.g. ?name=Softmax.',
    );
    expect((await call('GET', '/workbook/sheet?name=Nope')).status).toBe(404);
    expect((await call('GET', '/workbook/cell?sheet=R&row=4&col=B')).json().error).toBe(
      'The col must be a whole number of 1 or more, e.g. col=4; got "B".',
    );
    const rebound = await call('GET', '/workbook/sheets', { headers: { Host: `evil.example:${playground.port}` } });
    expect(rebound.status).toBe(403);
    const foreign = await call('POST', '/workbook/edit', {
      body: JSON.stringify({ sheet: 'R', row: 4, col: 2, value: 1 }),
      headers: { Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });

  it('serves the page with a strict content policy, and its script and styles', async () => {
    const page = await call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<iframe id="sidebar" src="/index.html"');
    expect(page.policy).toContain("default-src 'none'; script-src 'self'");
    expect(page.policy).not.toContain('unsafe');
    expect((await call('GET', '/playground.js')).type).toContain('text/javascript');
    expect((await call('GET', '/index.html')).body.toString()).toContain('google.script');
  });

  it('downloads the workbook as .xlsx; a custom-mode model is rebuilt with native formulas first, keeping its weights', async () => {
    const file = await call('GET', '/workbook/export.xlsx');
    expect(file.status).toBe(200);
    const excel = new ExcelJS.Workbook();
    await excel.xlsx.load(
      file.body.buffer.slice(file.body.byteOffset, file.body.byteOffset + file.body.length) as ArrayBuffer,
    );
    expect(excel.worksheets.map((s) => s.name)).toEqual(await playground.workbook('sheetNames'));
    await rpc('buildModel', { specName: 'small', mode: 'custom', seed: 3 });
    const spec = smallSpec();
    const block = { ...filtersRange(2, 3, 3), cols: filterBiasRange(2, 3, 3).col - 1 };
    const weights = await playground.workbook('readValues', filtersSheet(0), block);
    expect(
      (await playground.workbook('readFormulas', 'Conv1', { row: 4, col: 2, rows: 1, cols: 1 })) as string[][],
    ).toEqual([[expect.stringMatching(/^=CONV2D\(/)]]);
    const converted = await call('GET', '/workbook/export.xlsx');
    expect(converted.status).toBe(200);
    expect(converted.headers['x-sheet-cnn-converted']).toBe('native');
    expect((await rpc('getModelInfo')).json().result).toMatchObject({ mode: 'native', specName: 'small', seed: 3 });
    expect(await playground.workbook('readValues', filtersSheet(0), block)).toEqual(weights);
    expect(spec.blocks[0].filters).toBe(2);
    const again = await call('GET', '/workbook/export.xlsx');
    expect(again.headers['x-sheet-cnn-converted']).toBe('no');
  });
});

describe('the workbook view of long text and of a sheet too big to send', () => {
  it('sends a long text cell as its start and length, and the whole text when the cell is asked for', async () => {
    const pixels = Buffer.from(Array.from({ length: 28 * 28 * 3 }, (_, i) => (i * 37) % 256)).toString('base64');
    await playground.workbook('ensureSheet', 'Long text');
    await playground.workbook('writeCells', 'Long text', 1, 1, [['A title that fits', pixels]]);
    const answer = await call('GET', `/workbook/sheet?name=${encodeURIComponent('Long text')}`);
    expect(answer.status).toBe(200);
    const view = answer.json() as unknown as SheetView;
    const shortened = `${pixels.slice(0, 64)}… (${pixels.length} characters)`;
    expect(view.values).toEqual([['A title that fits', shortened]]);
    expect(view.text).toEqual([['A title that fits', shortened]]);
    expect(answer.body.length).toBeLessThan(1000);
    const cell = (await call('GET', `/workbook/cell?sheet=${encodeURIComponent('Long text')}&row=1&col=2`)).json();
    expect(cell.value).toBe(pixels);
  });

  it('answers 422 with what to do for a sheet of more cells than the view sends', async () => {
    await playground.workbook('ensureSheet', 'Huge');
    await playground.workbook('writeCells', 'Huge', 2000, 300, [[1]]);
    const answer = await call('GET', '/workbook/sheet?name=Huge');
    expect(answer.status).toBe(422);
    expect(answer.json()).toEqual({
      error: '"Huge" has 2000 × 300 cells, more than the view shows (400000); download the .xlsx to see it.',
    });
  });
});
