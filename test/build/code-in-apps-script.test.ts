/**
 * The built server files (dist/Engine.js, Sheets.js, Code.js) in node:vm with faked Apps Script services, SpreadsheetApp backed by the local
 * formula engine: what Google Sheets would run, called the way Sheets calls it (triggers, menu items,
 * google.script.run targets, custom functions).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import {
  conv2d,
  createRng,
  crossEntropy,
  defaultSpec,
  dense,
  flatten,
  forward,
  initParams,
  klDivergence,
  maxPool,
  relu,
  smallSpec,
  softmax,
  tensor,
} from '../../src/core';
import type { ModelSpec, Tensor } from '../../src/core/types';
import { CUSTOM_FUNCTIONS } from '../../src/functions';
import type { ModelInfo, PicturePixels, Prediction } from '../../src/shared/api';
import { readScriptPart, ScriptPart } from '../../src/shared/script-parts';
import { buildAddOn, Build, removeBuild, callGlobal, loadAddOn, LoadedAddOn, ROOT } from './build-helper';
import { expectClose } from '../helpers/close';

const MENU = ['Import image', 'Run forward pass', 'Train…', 'Build model…', 'Model files…', 'Export as .xlsx…', 'Help'];
const TRIGGERS = ['onOpen', 'onInstall'];

let build: Build;
beforeAll(() => {
  build = buildAddOn();
}, 120_000);
afterAll(() => removeBuild(build));

/** The members of the ServerApi interface, read from its source (the contract the sidebar calls). */
function serverApiMethods(): string[] {
  const file = path.join(ROOT, 'src/shared/api.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
  const api = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'ServerApi',
  );
  if (!api) throw new Error('ServerApi not found in src/shared/api.ts');
  return api.members.map((m) => (m.name as ts.Identifier).text);
}

function menuOf(addOn: LoadedAddOn) {
  callGlobal(addOn, 'onOpen', { authMode: 'NONE' });
  return addOn.fake.spreadsheetApp.ui.menus[0];
}

/** Every item that runs a function, submenus' items included. */
function menuFunctionItems(addOn: LoadedAddOn) {
  return menuOf(addOn).items.flatMap((item) => (item.submenu ? item.submenu.items : [item]));
}

// ------------------------------------------------------------------ test-side layout, written from the README's rules

type Cell = number | '';

/** C maps of H×W as the sheets lay them out: ceil(√C) blocks across, one blank row/column between blocks. */
function mapsGrid(t: Tensor): Cell[][] {
  const [c, h, w] = t.shape;
  const across = Math.ceil(Math.sqrt(c));
  const down = Math.ceil(c / across);
  const grid: Cell[][] = Array.from({ length: down * h + down - 1 }, () =>
    Array<Cell>(across * w + across - 1).fill(''),
  );
  for (let ch = 0; ch < c; ch++) {
    const top = Math.floor(ch / across) * (h + 1);
    const left = (ch % across) * (w + 1);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) grid[top + y][left + x] = t.data[(ch * h + y) * w + x];
  }
  return grid;
}

/** F filters of C×k×k: one row of blocks per filter, one k×k block per input channel, blank gaps. */
function filtersGrid(t: Tensor): Cell[][] {
  const [f, c, k] = t.shape;
  const grid: Cell[][] = Array.from({ length: f * k + f - 1 }, () => Array<Cell>(c * k + c - 1).fill(''));
  for (let i = 0; i < f; i++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < k; y++)
        for (let x = 0; x < k; x++) grid[i * (k + 1) + y][ch * (k + 1) + x] = t.data[((i * c + ch) * k + y) * k + x];
  return grid;
}

/** The add-on's numbers against src/core's, run in the same JavaScript: equal up to rounding. */
const ALMOST_EXACT = { absolute: 1e-12, relative: 1e-12 };

const column = (t: Tensor): number[][] => Array.from(t.data, (v) => [v]);

function randomTensor(shape: number[], seed: number, scale = 1): Tensor {
  const rng = createRng(seed);
  const t = tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = scale * rng.normal();
  return t;
}

/** Whether an "S!B4:C5" address shares a cell with a block. */
function overlaps(address: string, block: { row: number; col: number; rows: number; cols: number }): boolean {
  const cells = address
    .slice(address.indexOf('!') + 1)
    .split(':')
    .map((a1) => {
      const [, letters, digits] = /^([A-Z]+)(\d+)$/.exec(a1)!;
      return { row: Number(digits), col: [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) };
    });
  const [start, end = start] = cells;
  return (
    start.row < block.row + block.rows &&
    end.row >= block.row &&
    start.col < block.col + block.cols &&
    end.col >= block.col
  );
}

// ------------------------------------------------------------------ pictures

function picture(spec: ModelSpec, name: string, seed: number): { pixels: PicturePixels; chw: Tensor } {
  const { width, height } = spec.input;
  const rgb = new Uint8Array(width * height * 3);
  const rng = createRng(seed);
  for (let i = 0; i < rgb.length; i++) rgb[i] = Math.floor(rng.next() * 256);
  const chw = tensor([3, height, width]);
  for (let p = 0; p < width * height; p++)
    for (let c = 0; c < 3; c++) chw.data[c * width * height + p] = rgb[p * 3 + c];
  return { pixels: { name, width, height, rgbBase64: Buffer.from(rgb).toString('base64') }, chw };
}

function coreProbabilities(spec: ModelSpec, seed: number, image: Tensor): number[] {
  return Array.from(forward(spec, initParams(spec, seed), image).probabilities.data);
}

// ------------------------------------------------------------------ tests

describe('entry points', () => {
  test('the server files declare one top-level function per trigger, menu item, server endpoint and custom function, and private loaders', () => {
    const addOn = loadAddOn(build);
    const menuFunctions = menuFunctionItems(loadAddOn(build)).map((item) => item.functionName);
    const expected = [...TRIGGERS, ...menuFunctions, ...serverApiMethods(), ...Object.keys(CUSTOM_FUNCTIONS)];
    expect(new Set(expected).size).toBe(expected.length);
    // A name ending in '_' is private: google.script.run cannot call it (HtmlService's communication guide).
    const loaders = ['sheetCnnEngine_', 'sheetCnnSheets_', 'sheetCnn_'];
    expect(addOn.declared.sort()).toEqual([...loaders, ...expected].sort());
    for (const name of expected) expect(typeof addOn.global[name]).toBe('function');
  });

  test('the add-on works whichever order Apps Script runs its files in (the order is not documented)', () => {
    const spec = defaultSpec();
    const { pixels } = picture(spec, 'order.png', 3);
    const results = [
      ['Engine.js', 'Sheets.js', 'Code.js'],
      ['Code.js', 'Sheets.js', 'Engine.js'],
      ['Sheets.js', 'Code.js', 'Engine.js'],
    ].map((order) => {
      const addOn = loadAddOn(build, { order });
      const info = callGlobal<ModelInfo>(addOn, 'importImage', pixels);
      return { info, green: addOn.workbook.readValues('G', { row: 4, col: 2, rows: 28, cols: 28 }) };
    });
    expect(results[0].info).toMatchObject({ exists: true, inputWidth: 28, inputHeight: 28 });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  test('onOpen adds exactly the add-on menu items, each naming a global function, and touches nothing else', () => {
    const addOn = loadAddOn(build);
    const menu = menuOf(addOn);
    expect(menu.title).toBe('(add-on)');
    expect(menu.items.map((item) => item.caption)).toEqual(MENU);
    expect(menu.added).toBe(true);
    expect(menu.items.find((item) => item.caption === 'Help')?.submenu?.items.map((item) => item.caption)).toEqual([
      'Sheet CNN help',
      'Check this spreadsheet',
    ]);
    for (const item of menuFunctionItems(addOn)) expect(typeof addOn.global[item.functionName]).toBe('function');
    // Safe in AuthMode.NONE: only the UI was used (no Properties, no spreadsheet reads, no Session).
    expect(new Set(addOn.fake.recorder.calls.map((c) => c.object))).toEqual(new Set(['SpreadsheetApp', 'Ui', 'Menu']));
    expect(addOn.fake.recorder.named('getActiveSpreadsheet')).toHaveLength(0);
  });

  test('onInstall builds the same menu', () => {
    const addOn = loadAddOn(build);
    callGlobal(addOn, 'onInstall', { authMode: 'FULL' });
    expect(addOn.fake.spreadsheetApp.ui.menus.filter((m) => m.added).map((m) => m.items.map((i) => i.caption))).toEqual(
      [MENU],
    );
  });
});

describe('custom functions through their stubs equal the engine', () => {
  let addOn: LoadedAddOn;
  beforeAll(() => {
    addOn = loadAddOn(build);
  });

  test("CONV2D: the article's 5×5×3 input, 2 filters 3×3, stride 2, padding 1", () => {
    const input = tensor(
      [3, 5, 5],
      Array.from({ length: 75 }, (_, i) => (i * 37) % 3),
    );
    const weights = randomTensor([2, 3, 3, 3], 1);
    const bias = randomTensor([2], 2);
    const result = callGlobal(addOn, 'CONV2D', mapsGrid(input), filtersGrid(weights), column(bias), 2, 1);
    expectClose(result, mapsGrid(conv2d(input, weights, bias, 2, 1)), ALMOST_EXACT);
  });

  test('CONV2D with "same" padding on 4 input maps', () => {
    const input = randomTensor([4, 6, 6], 3);
    const weights = randomTensor([3, 4, 3, 3], 4);
    const bias = randomTensor([3], 5);
    const result = callGlobal(addOn, 'CONV2D', mapsGrid(input), filtersGrid(weights), column(bias), 1, 'same');
    expectClose(result, mapsGrid(conv2d(input, weights, bias, 1, 'same')), ALMOST_EXACT);
  });

  test('RELU keeps the blank gaps of a grid', () => {
    const maps = randomTensor([3, 4, 4], 6);
    expectClose(callGlobal(addOn, 'RELU', mapsGrid(maps)), mapsGrid(relu(maps)), ALMOST_EXACT);
  });

  test('MAXPOOL and FLATTENMAPS', () => {
    const maps = randomTensor([3, 4, 6], 7);
    expectClose(callGlobal(addOn, 'MAXPOOL', mapsGrid(maps), 3, 2, 2), mapsGrid(maxPool(maps, 2, 2)), ALMOST_EXACT);
    expectClose(callGlobal(addOn, 'FLATTENMAPS', mapsGrid(maps), 3), column(flatten(maps)), ALMOST_EXACT);
  });

  test('DENSE and SOFTMAX', () => {
    const vector = randomTensor([6], 8);
    const weights = randomTensor([6, 3], 9);
    const bias = randomTensor([3], 10);
    const logits = dense(vector, weights, bias);
    const weightRows = Array.from({ length: 6 }, (_, n) => Array.from(weights.data.slice(n * 3, n * 3 + 3)));
    expectClose(
      callGlobal(addOn, 'DENSE', column(vector), weightRows, [Array.from(bias.data)]),
      column(logits),
      ALMOST_EXACT,
    );
    expectClose(callGlobal(addOn, 'SOFTMAX', column(logits)), column(softmax(logits)), ALMOST_EXACT);
  });

  test('CROSSENTROPY, KLDIV and PREDICT', () => {
    const p = softmax(randomTensor([3], 11));
    const q = softmax(randomTensor([3], 12));
    const crossEntropyOfSecond = callGlobal<number>(addOn, 'CROSSENTROPY', column(p), 2);
    expect(Math.abs(crossEntropyOfSecond - crossEntropy(p, 1))).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(callGlobal<number>(addOn, 'KLDIV', column(p), column(q)) - klDivergence(p, q))).toBeLessThanOrEqual(
      1e-12,
    );
    const classes = ['Elon Musk', 'Jeff Bezos', 'Jon Snow'];
    const best = Array.from(p.data).indexOf(Math.max(...p.data));
    expect(
      callGlobal(
        addOn,
        'PREDICT',
        column(p),
        classes.map((name) => [name]),
      ),
    ).toBe(classes[best]);
  });

  test("a bad argument reaches Sheets as the function's own message", () => {
    expect(() => callGlobal(addOn, 'SOFTMAX', [['a'], [1]])).toThrow(/SOFTMAX/);
  });
});

describe('on a host without WebAssembly, the custom functions run on the JavaScript kernels', () => {
  // The default network's second convolution: products big enough for the SIMD kernels where they exist.
  const input = randomTensor([16, 14, 14], 13);
  const weights = randomTensor([64, 16, 3, 3], 14);
  const bias = randomTensor([64], 15);

  test('the server files load with no WebAssembly global and CONV2D, RELU and MAXPOOL equal the engine', () => {
    const addOn = loadAddOn(build, { webAssembly: false });
    expect(vm.runInContext('typeof WebAssembly', addOn.global)).toBe('undefined');
    const conv = conv2d(input, weights, bias, 1, 'same');
    expectClose(
      callGlobal(addOn, 'CONV2D', mapsGrid(input), filtersGrid(weights), column(bias), 1, 'same'),
      mapsGrid(conv),
      ALMOST_EXACT,
    );
    expectClose(callGlobal(addOn, 'RELU', mapsGrid(conv)), mapsGrid(relu(conv)), ALMOST_EXACT);
    expectClose(callGlobal(addOn, 'MAXPOOL', mapsGrid(conv), 64, 2, 2), mapsGrid(maxPool(conv, 2, 2)), ALMOST_EXACT);
  });

  test('with WebAssembly, the same CONV2D gives the same numbers', () => {
    const addOn = loadAddOn(build);
    expect(vm.runInContext('typeof WebAssembly.validate', addOn.global)).toBe('function');
    expectClose(
      callGlobal(addOn, 'CONV2D', mapsGrid(input), filtersGrid(weights), column(bias), 1, 'same'),
      mapsGrid(conv2d(input, weights, bias, 1, 'same')),
      ALMOST_EXACT,
    );
  });
});

describe('server endpoints through google.script.run targets', () => {
  test("getFaceDetectorPart answers with the face detector's parts pushed beside the sidebar, read through HtmlService", () => {
    const addOn = loadAddOn(build);
    const first = callGlobal<ScriptPart>(addOn, 'getFaceDetectorPart', 1);
    const parts = [
      first,
      ...Array.from({ length: first.parts - 1 }, (_, i) => i + 2).map((part) =>
        callGlobal<ScriptPart>(addOn, 'getFaceDetectorPart', part),
      ),
    ];
    expect(parts).toEqual(
      parts.map((_, i) => readScriptPart(readFileSync(path.join(build.dir, `FaceDetector${i + 1}.html`), 'utf8'))),
    );
    expect(addOn.fake.recorder.named('createHtmlOutputFromFile').map((call) => call.args)).toEqual(
      parts.map((_, i) => [`FaceDetector${i + 1}`]),
    );
    expect(() => callGlobal(addOn, 'getFaceDetectorPart', first.parts + 1)).toThrow(`FaceDetector${first.parts + 1}`);
  });

  test("importImage fills R, G and B with the picture's numbers (one write each) and black→channel colour rules", () => {
    const addOn = loadAddOn(build);
    const spec = defaultSpec();
    callGlobal<ModelInfo>(addOn, 'importImage', picture(spec, 'first.png', 1).pixels);
    const { pixels, chw } = picture(spec, 'second.png', 2);
    addOn.fake.recorder.reset();
    const info = callGlobal<ModelInfo>(addOn, 'importImage', pixels);
    expect(info).toMatchObject({ exists: true, inputWidth: 28, inputHeight: 28 });

    const block = { row: 4, col: 2, rows: 28, cols: 28 };
    ['R', 'G', 'B'].forEach((sheet, c) => {
      const expected = Array.from({ length: 28 }, (_, y) =>
        Array.from(chw.data.slice((c * 28 + y) * 28, (c * 28 + y + 1) * 28)),
      );
      expect(addOn.workbook.readValues(sheet, block)).toEqual(expected);
      // The pixels go in one write; the sheet's other writes (titles, labels) stay out of the pixel block.
      const writes = addOn.fake.recorder
        .named('setValues')
        .map((call) => String(call.args[1]))
        .filter((a) => a.startsWith(`${sheet}!`));
      expect(writes.filter((a) => a === `${sheet}!B4:AC31`)).toHaveLength(1);
      for (const other of writes.filter((a) => a !== `${sheet}!B4:AC31`)) expect(overlaps(other, block)).toBe(false);
    });
    const channelColours = ['#ff0000', '#00ff00', '#0000ff'];
    ['R', 'G', 'B'].forEach((sheet, c) => {
      const rules = addOn.workbook.snapshot(sheet).colorRules;
      expect(rules).toContainEqual({
        ranges: [block],
        min: { color: '#000000', value: 0 },
        max: { color: channelColours[c], value: 255 },
      });
    });
  });

  test.each(['custom', 'native', 'values'] as const)(
    "runForwardPass on the small model (%s mode) returns the engine's probabilities, and the Softmax sheet agrees",
    (mode) => {
      const addOn = loadAddOn(build);
      const spec = smallSpec();
      callGlobal(addOn, 'buildModel', { specName: 'small', mode, seed: 11 });
      const { pixels, chw } = picture(spec, 'small.png', 3);
      callGlobal(addOn, 'importImage', pixels);
      const prediction = callGlobal<Prediction>(addOn, 'runForwardPass');
      const expected = coreProbabilities(spec, 11, chw);
      expect(prediction.classes).toEqual([...spec.classes]);
      prediction.probabilities.forEach((p, k) => expect(Math.abs(p - expected[k])).toBeLessThanOrEqual(1e-12));
      expect(prediction.predicted).toBe(expected.indexOf(Math.max(...expected)));
      // The sheets, computed by the formula engine from what GoogleWorkbook wrote, show the same numbers.
      const sheet = addOn.workbook.readValues('Softmax', { row: 4, col: 2, rows: spec.classes.length, cols: 1 });
      sheet.forEach(([p], k) => expect(Math.abs((p as number) - expected[k])).toBeLessThanOrEqual(1e-9));
    },
  );

  test("the default model in custom mode: the Flatten sheet's FLATTENMAPS formula, run by the bundle on Pool2 as Sheets passes it, equals the engine's flatten", () => {
    const addOn = loadAddOn(build);
    const spec = defaultSpec();
    callGlobal(addOn, 'buildModel', { specName: 'default', mode: 'custom', seed: 3 });
    const { pixels, chw } = picture(spec, 'face.png', 5);
    callGlobal(addOn, 'importImage', pixels);
    const [[formula]] = addOn.workbook.readFormulas('Flatten', { row: 4, col: 2, rows: 1, cols: 1 });
    const call = /^=FLATTENMAPS\(Pool2!([A-Z]+)(\d+):([A-Z]+)(\d+),(\d+)\)$/.exec(formula);
    expect(call).not.toBeNull();
    const [, firstCol, firstRow, lastCol, lastRow, channels] = call!;
    const column = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const range = {
      row: Number(firstRow),
      col: column(firstCol),
      rows: Number(lastRow) - Number(firstRow) + 1,
      cols: column(lastCol) - column(firstCol) + 1,
    };
    const pool2 = addOn.workbook.readValues('Pool2', range);
    const flattened = callGlobal<number[][]>(addOn, 'FLATTENMAPS', pool2, Number(channels));
    const expected = forward(spec, initParams(spec, 3), chw).flat.data;
    expect(flattened).toHaveLength(expected.length);
    flattened.forEach(([v], n) => expect(Math.abs(v - expected[n])).toBeLessThanOrEqual(1e-9));
  });

  test("a bad request comes back as the server's message", () => {
    const addOn = loadAddOn(build);
    expect(() => callGlobal(addOn, 'buildModel', { specName: 'huge', mode: 'custom', seed: 1 })).toThrow(/specName/);
  });
});

describe('menu items', () => {
  test("Run forward pass on an empty spreadsheet builds the default model and shows the engine's prediction in a toast", () => {
    const addOn = loadAddOn(build);
    callGlobal(addOn, 'menuRunForwardPass');
    const info = callGlobal<ModelInfo>(addOn, 'getModelInfo');
    expect(info).toMatchObject({ exists: true, specName: 'default' });
    const spec = defaultSpec(info.classes);
    const expected = coreProbabilities(spec, info.seed, tensor([3, 28, 28]));
    const [toast] = addOn.fake.spreadsheetApp.spreadsheet.toasts;
    const best = expected.indexOf(Math.max(...expected));
    expect(toast.title).toBe(`Sheet CNN: ${spec.classes[best]}`);
    spec.classes.forEach((name, k) => expect(toast.message).toContain(`${name} ${(100 * expected[k]).toFixed(1)}%`));
    expect(addOn.fake.spreadsheetApp.ui.alerts).toEqual([]);
  });

  test('Run forward pass uses the weights as people left them in the sheets', () => {
    const addOn = loadAddOn(build);
    const spec = smallSpec();
    callGlobal(addOn, 'buildModel', { specName: 'small', mode: 'custom', seed: 5 });
    const { pixels, chw } = picture(spec, 'p.png', 4);
    callGlobal(addOn, 'importImage', pixels);
    // Someone types a new bias for filter 2. The filters fill B4 onwards (3 channels of 3×3 with blank gaps:
    // 11 columns); the biases are a column one blank column to their right, one row per filter.
    const sheet = addOn.fake.spreadsheetApp.spreadsheet.getSheetByName('Conv1 filters')!;
    sheet.getRange(4 + 1, 2 + 11 + 1, 1, 1).setValues([[4.5]]);
    callGlobal(addOn, 'menuRunForwardPass');
    const params = initParams(spec, 5);
    params.conv[0].bias.data[1] = 4.5;
    const expected = Array.from(forward(spec, params, chw).probabilities.data);
    const [toast] = addOn.fake.spreadsheetApp.spreadsheet.toasts;
    spec.classes.forEach((name, k) => expect(toast.message).toContain(`${name} ${(100 * expected[k]).toFixed(1)}%`));
  });

  test("a failure is shown in an alert with the server's message", () => {
    const addOn = loadAddOn(build);
    callGlobal(addOn, 'buildModel', { specName: 'small', mode: 'values', seed: 1 });
    addOn.workbook.deleteSheet('Softmax');
    callGlobal(addOn, 'menuRunForwardPass');
    expect(addOn.fake.spreadsheetApp.ui.alerts).toHaveLength(1);
    expect(addOn.fake.spreadsheetApp.ui.alerts[0][0]).toBe('Sheet CNN');
    expect(addOn.fake.spreadsheetApp.ui.alerts[0][1]).toMatch(/Softmax/);
    expect(addOn.fake.spreadsheetApp.spreadsheet.toasts).toEqual([]);
  });

  test.each([
    ['menuImportImage', 'image', false],
    ['menuTrain', 'train', false],
    ['menuBuildModel', 'image', true],
  ] as const)('%s opens the sidebar on the %s panel', (menuFunction, panel, buildOpen) => {
    const addOn = loadAddOn(build);
    callGlobal(addOn, menuFunction);
    const [sidebar] = addOn.fake.spreadsheetApp.ui.sidebars;
    expect(sidebar.getTitle()).toBe('Sheet CNN');
    const page = readFileSync(path.join(build.dir, 'Sidebar.html'), 'utf8');
    let expected = page.replace('data-initial-panel="image"', `data-initial-panel="${panel}"`);
    if (buildOpen) expected = expected.replace('<details id="build-model">', '<details id="build-model" open>');
    expect(sidebar.getContent()).toBe(expected);
    expect(sidebar.getContent() === page).toBe(panel === 'image' && !buildOpen);
  });

  test('Help is a static modal dialog naming every menu item', () => {
    const addOn = loadAddOn(build);
    callGlobal(addOn, 'menuHelp');
    const [dialog] = addOn.fake.spreadsheetApp.ui.dialogs;
    expect(dialog.title).toBe('Sheet CNN help');
    const html = dialog.output.getContent();
    expect(html).not.toMatch(/<script/i);
    for (const caption of MENU.filter((c) => c !== 'Help')) expect(html).toContain(caption.replace('…', ''));
    expect(addOn.fake.recorder.on('Spreadsheet')).toHaveLength(0);
  });

  test("Export as .xlsx links to the spreadsheet's own download and warns when the model uses custom functions", () => {
    const custom = loadAddOn(build);
    callGlobal(custom, 'buildModel', { specName: 'small', mode: 'custom', seed: 1 });
    callGlobal(custom, 'menuExportXlsx');
    const customHtml = custom.fake.spreadsheetApp.ui.dialogs[0].output.getContent();
    expect(customHtml).toContain(
      'href="https://docs.google.com/spreadsheets/d/fake-spreadsheet-id/export?format=xlsx"',
    );
    expect(customHtml).toContain('#NAME?');

    const native = loadAddOn(build);
    callGlobal(native, 'buildModel', { specName: 'small', mode: 'native', seed: 1 });
    callGlobal(native, 'menuExportXlsx');
    const nativeHtml = native.fake.spreadsheetApp.ui.dialogs[0].output.getContent();
    expect(nativeHtml).toContain('export?format=xlsx');
    expect(nativeHtml).not.toContain('#NAME?');
  });
});
