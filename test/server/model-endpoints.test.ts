import { cloneParams, defaultSpec, forward, initParams, lossReadings, smallSpec } from '../../src/core';
import type { ModelParams, ModelSpec } from '../../src/core/types';
import type { FormulaMode, SpecName } from '../../src/shared/api';
import { a1Cell } from '../../src/sheet/a1-notation';
import { columnRange, filterCell, GRID_ORIGIN, mapRange } from '../../src/sheet/layout';
import { CHANNEL_SHEETS, DENSE_SHEET, filtersSheet, LOGITS_SHEET } from '../../src/sheet/sheet-names';
import { chwOf, newServer, picture, softmaxColumn } from './server-fixture';
import { expectClose } from '../helpers/close';

const SEED = 7;
const CLASSES = ['Elon Musk', 'Jeff Bezos', 'Jon Snow'];

function specOf(name: SpecName): ModelSpec {
  return name === 'small' ? smallSpec(CLASSES) : defaultSpec(CLASSES);
}

function probabilitiesOf(spec: ModelSpec, params: ModelParams, image: ReturnType<typeof chwOf>): number[] {
  return Array.from(forward(spec, params, image).probabilities.data);
}

describe.each<[SpecName, FormulaMode]>([
  ['default', 'custom'],
  ['small', 'custom'],
  ['small', 'native'],
  ['small', 'values'],
])('the %s model in %s mode', (specName, mode) => {
  const spec = specOf(specName);
  const { width, height } = spec.input;

  it('predicts what src/core predicts for the imported picture, and follows weights edited in the sheets', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName, mode, seed: SEED });
    const pic = picture('cat.png', width, height, 11);
    const info = api.importImage(pic);
    expect(info).toMatchObject({
      exists: true,
      specName,
      mode,
      inputWidth: width,
      inputHeight: height,
      classes: CLASSES,
      label: -1,
      seed: SEED,
    });

    // The picture is in R, G, B exactly.
    const image = chwOf(pic);
    CHANNEL_SHEETS.forEach((sheet, c) => {
      const cells = inner.readValues(sheet, mapRange(1, height, width)).flat();
      expect(cells).toEqual(Array.from(image.data.subarray(c * width * height, (c + 1) * width * height)));
    });

    const params = cloneParams(initParams(spec, SEED));
    const first = api.runForwardPass();
    expect(first.classes).toEqual(CLASSES);
    expect(first.label).toBe(-1);
    expect(first.loss).toBeUndefined();
    expectClose(first.probabilities, probabilitiesOf(spec, params, image));
    // The sheets (formulas computed by the engine, or numbers written in values mode) show the same.
    expectClose(softmaxColumn(inner, 3), first.probabilities);

    // Edit a filter weight and a dense weight as a person would, in the cells.
    const kernel = spec.blocks[0].kernel;
    const cell = filterCell(kernel, 1, 2, 1, 0);
    inner.writeCells(filtersSheet(0), cell.row, cell.col, [[0.75]]);
    params.conv[0].weights.data[((1 * 3 + 2) * kernel + 1) * kernel + 0] = 0.75;
    inner.writeCells(DENSE_SHEET, GRID_ORIGIN.row + 4, GRID_ORIGIN.col + 2, [[-1.5]]);
    params.dense.weights.data[4 * 3 + 2] = -1.5;

    const second = api.runForwardPass();
    const expected = probabilitiesOf(spec, params, image);
    expectClose(second.probabilities, expected);
    expect(Math.abs(second.probabilities[2] - first.probabilities[2])).toBeGreaterThan(1e-6);
    expect(second.predicted).toBe(expected.indexOf(Math.max(...expected)));
    expectClose(softmaxColumn(inner, 3), expected);

    // A chosen label adds the three loss readings.
    api.setLabel(2);
    const labelled = api.runForwardPass();
    const readings = lossReadings(forward(spec, params, image).probabilities, 2);
    expect(labelled.label).toBe(2);
    expectClose(
      [labelled.loss!.crossEntropy, labelled.loss!.distance, labelled.loss!.klDivergence],
      [readings.crossEntropy, readings.distance, readings.klDivergence],
    );
  });
});

describe('runForwardPass', () => {
  it('builds the default model first when there is none', () => {
    const { api, inner } = newServer();
    expect(api.getModelInfo().exists).toBe(false);
    const prediction = api.runForwardPass();
    const spec = defaultSpec();
    // A black picture until one is imported.
    const black = chwOf({
      name: 'black',
      width: 28,
      height: 28,
      rgbBase64: Buffer.alloc(28 * 28 * 3).toString('base64'),
    });
    expectClose(prediction.probabilities, probabilitiesOf(spec, initParams(spec, 1), black));
    expect(api.getModelInfo()).toMatchObject({ exists: true, specName: 'default', seed: 1 });
    expect(inner.sheetNames()).toContain('Softmax');
  });

  it('names the cell when a weight cell holds text', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'custom', seed: 1 });
    inner.writeCells(DENSE_SHEET, GRID_ORIGIN.row + 6, GRID_ORIGIN.col + 1, [['0,5']]);
    expect(() => api.runForwardPass()).toThrow(
      `Sheet "${DENSE_SHEET}" cell ${a1Cell(GRID_ORIGIN.row + 6, GRID_ORIGIN.col + 1)}`,
    );
    expect(() => api.runForwardPass()).toThrow(/holds (the )?text "0,5"; type a number there/);
    // The custom functions downstream show an error instead of stopping the engine.
    expect(inner.readValues(LOGITS_SHEET, columnRange(3))[0][0]).toMatch(/^#/);
  });

  it('reports a text weight in a filter sheet by sheet and cell too', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'values', seed: 1 });
    const cell = filterCell(3, 0, 1, 2, 2);
    inner.writeCells(filtersSheet(0), cell.row, cell.col, [['x']]);
    expect(() => api.runForwardPass()).toThrow(`Sheet "${filtersSheet(0)}" cell ${a1Cell(cell.row, cell.col)}`);
  });
});

describe('buildModel', () => {
  it('keeps the weights, picture, classes and label when only the mode changes', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'custom', seed: 3, classes: ['cat', 'dog', 'owl', 'bee'] });
    const pic = picture('p.png', 5, 5, 2);
    api.importImage(pic);
    api.setLabel(3);
    inner.writeCells(filtersSheet(0), GRID_ORIGIN.row, GRID_ORIGIN.col, [[1.25]]);
    const before = api.runForwardPass();

    const info = api.buildModel({ specName: 'small', mode: 'native', seed: 3 });
    expect(info).toMatchObject({ mode: 'native', classes: ['cat', 'dog', 'owl', 'bee'], label: 3, seed: 3 });
    expect(inner.readValues(filtersSheet(0), { ...GRID_ORIGIN, rows: 1, cols: 1 })).toEqual([[1.25]]);
    const after = api.runForwardPass();
    expectClose(after.probabilities, before.probabilities);
    expectClose(softmaxColumn(inner, 4), before.probabilities);
  });

  it('draws new weights from a new seed, and area-resizes the picture for a new input size', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'default', mode: 'values', seed: 3 });
    const pic = picture('p.png', 28, 28, 2);
    api.importImage(pic);
    api.buildModel({ specName: 'small', mode: 'values', seed: 4 });
    const resized = readPicture(inner);
    const reference = areaAverage(Buffer.from(pic.rgbBase64, 'base64'), 28, 5);
    resized.forEach((v, i) => expect(Math.abs(v - reference[i])).toBeLessThanOrEqual(0.5 + 1e-9));
    const spec = smallSpec(CLASSES);
    const image = chwOf({ name: 'r', width: 5, height: 5, rgbBase64: Buffer.from(resized).toString('base64') });
    expectClose(api.runForwardPass().probabilities, probabilitiesOf(spec, initParams(spec, 4), image));
  });

  it.each<[unknown, RegExp]>([
    [null, /Build model request is null; expected an object/],
    [
      { specName: 'huge', mode: 'custom', seed: 1 },
      /Preset network \(specName\) is the text "huge"; expected one of "small", "small-same", "small-3-filters", "small-10-filters", "default", "tiny-vgg"/,
    ],
    [
      { specName: 'small', mode: 'formulas', seed: 1 },
      /Formula mode is the text "formulas"; expected one of "custom", "native", "values"/,
    ],
    [{ specName: 'small', mode: 'custom', seed: -1 }, /Seed is -1; expected a whole number from 0 to 2147483647/],
    [{ specName: 'small', mode: 'custom', seed: 1.5 }, /Seed is 1.5; expected a whole number/],
    [{ specName: 'small', mode: 'custom', seed: 1, classes: ['cat'] }, /Classes has 1 entries; expected 2 to 50/],
    [{ specName: 'small', mode: 'custom', seed: 1, classes: ['cat', 'Cat'] }, /Classes has "Cat" twice/],
    [
      { specName: 'small', mode: 'custom', seed: 1, classes: ['cat', ''] },
      /Classes\[1\] is empty; type a name of 1 to 100 characters/,
    ],
    [
      { specName: 'small', mode: 'custom', seed: 1, classes: ['cat', 'two\nlines'] },
      /Classes\[1\] "two\nlines" contains a line break or other control character/,
    ],
  ])('refuses %j: %s', (request, message) => {
    const { api, inner } = newServer();
    expect(() => api.buildModel(request as never)).toThrow(message);
    expect(inner.sheetNames()).toEqual([]);
  });
});

/**
 * Area averaging by definition: each output pixel is the mean of the source square it covers, source
 * pixels weighted by the share of them inside it. Returns unrounded RGB values.
 */
function areaAverage(rgb: Uint8Array, from: number, to: number): number[] {
  const scale = from / to;
  const overlap = (s: number, o: number): number =>
    Math.max(0, Math.min(s + 1, (o + 1) * scale) - Math.max(s, o * scale));
  const out: number[] = [];
  for (let oy = 0; oy < to; oy++) {
    for (let ox = 0; ox < to; ox++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let sy = 0; sy < from; sy++)
          for (let sx = 0; sx < from; sx++) sum += overlap(sy, oy) * overlap(sx, ox) * rgb[(sy * from + sx) * 3 + c];
        out.push(sum / (scale * scale));
      }
    }
  }
  return out;
}

/** The R, G, B sheets of a 5×5 model as RGB bytes. */
function readPicture(inner: ReturnType<typeof newServer>['inner']): Uint8Array {
  const channels = CHANNEL_SHEETS.map((sheet) => inner.readValues(sheet, mapRange(1, 5, 5)).flat() as number[]);
  return Uint8Array.from({ length: 75 }, (_, i) => channels[i % 3][Math.floor(i / 3)]);
}

describe('importImage', () => {
  it('builds the default model around the first picture and clears the label of the previous picture', () => {
    const { api, inner } = newServer();
    const pic = picture('first.png', 28, 28, 5);
    expect(api.importImage(pic)).toMatchObject({ exists: true, specName: 'default', label: -1 });
    const spec = defaultSpec();
    expectClose(api.runForwardPass().probabilities, probabilitiesOf(spec, initParams(spec, 1), chwOf(pic)));
    expectClose(softmaxColumn(inner, 3), api.runForwardPass().probabilities);

    api.setLabel(1);
    expect(api.importImage(picture('second.png', 28, 28, 6)).label).toBe(-1);
  });

  it.each<[string, unknown, RegExp]>([
    [
      'a wrong size',
      picture('big.png', 32, 32, 1),
      /Picture "big.png" is 32×32 pixels but the model takes 5×5; resize it to 5×5 first/,
    ],
    [
      'an empty name',
      { ...picture('x', 5, 5, 1), name: '  ' },
      /Picture name is empty; type a name of 1 to 100 characters/,
    ],
    [
      'a long name',
      { ...picture('x', 5, 5, 1), name: 'n'.repeat(101) },
      /has 101 characters; shorten it to at most 100/,
    ],
    ['no pixels', { name: 'a.png', width: 5, height: 5 }, /Picture "a.png" has no pixels \(rgbBase64 is missing\)/],
    [
      'too few characters',
      { ...picture('a.png', 5, 5, 1), rgbBase64: 'AAAA' },
      /the pixels are 4 base64 characters but a 5×5 RGB picture takes 100/,
    ],
    [
      'bad base64',
      { ...picture('a.png', 5, 5, 1), rgbBase64: '*'.repeat(100) },
      /Picture "a.png": Pixel text has "\*" at character 1, which is not base64/,
    ],
    [
      'padding',
      { ...picture('a.png', 5, 5, 1), rgbBase64: 'A'.repeat(99) + '=' },
      /end with "=" padding, so they hold 74 bytes instead of 75/,
    ],
    [
      'a width that is not a number',
      { ...picture('a.png', 5, 5, 1), width: '5' },
      /Picture "a.png" width is the text "5"; expected a whole number from 1 to 4096/,
    ],
    ['not an object', 'pixels', /Picture is the text "pixels"; expected an object with named fields/],
  ])('refuses %s with a message saying what to fix', (_, request, message) => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'values', seed: 1 });
    const before = inner.readValues('R', mapRange(1, 5, 5));
    expect(() => api.importImage(request as never)).toThrow(message);
    expect(inner.readValues('R', mapRange(1, 5, 5))).toEqual(before);
  });

  it('in values mode, refuses a picture or a label while a weight cell holds text, changing nothing', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'values', seed: 1 });
    api.importImage(picture('first.png', 5, 5, 1));
    api.setLabel(1);
    const before = inner.readValues('R', mapRange(1, 5, 5));
    inner.writeCells(DENSE_SHEET, GRID_ORIGIN.row + 3, GRID_ORIGIN.col, [['1,5']]);
    const where = `Sheet "${DENSE_SHEET}" cell ${a1Cell(GRID_ORIGIN.row + 3, GRID_ORIGIN.col)}`;
    expect(() => api.importImage(picture('second.png', 5, 5, 2))).toThrow(where);
    expect(() => api.setLabel(2)).toThrow(where);
    expect(inner.readValues('R', mapRange(1, 5, 5))).toEqual(before);
    expect(api.getModelInfo().label).toBe(1);
  });

  it('writes a picture with the same number of sheet calls whatever the input size', () => {
    const callsFor = (specName: SpecName, size: number): Record<string, number> => {
      const { api, counting } = newServer();
      api.buildModel({ specName, mode: 'custom', seed: 1 });
      counting.reset();
      api.importImage(picture('p.png', size, size, 3));
      return counting.counts() as Record<string, number>;
    };
    const small = callsFor('small', 5);
    expect(callsFor('default', 28)).toEqual(small);
    // Per channel sheet: the header rows, the row labels and one block of pixels.
    expect(small.writeCells).toBeLessThanOrEqual(3 * 3);
  });

  it('tells a second person the model is busy while the document lock is held, and changes nothing', () => {
    const { api, host, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'values', seed: 1 });
    const before = inner.readValues('R', mapRange(1, 5, 5));
    expect(host.lock.tryLock(0)).toBe(true);
    expect(() => api.importImage(picture('a.png', 5, 5, 1))).toThrow(/The model is busy/);
    expect(inner.readValues('R', mapRange(1, 5, 5))).toEqual(before);
    host.lock.releaseLock();
    expect(() => api.importImage(picture('a.png', 5, 5, 1))).not.toThrow();
    expect(host.lock.isHeld()).toBe(false);
  });
});

describe('setLabel', () => {
  it('refuses a label that is not a class and needs a model', () => {
    const { api } = newServer();
    expect(() => api.setLabel(0)).toThrow(/There is no model yet/);
    api.buildModel({ specName: 'small', mode: 'values', seed: 1 });
    expect(() => api.setLabel(3)).toThrow(/Label is 3; expected a whole number from -1 to 2/);
    expect(() => api.setLabel('1' as never)).toThrow(/Label is the text "1"/);
    expect(api.setLabel(0).label).toBe(0);
    expect(api.setLabel(-1).label).toBe(-1);
  });
});
