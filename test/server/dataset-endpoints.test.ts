import type { ClassCount, DatasetSummary, PicturePixels, ServerApi } from '../../src/shared/api';
import { readParams } from '../../src/sheet/weight-sheets';
import { readModelSheet } from '../../src/sheet/model-sheet';
import { appendDatasetRows, DATASET_SHEET, readDataset } from '../../src/sheet/dataset-sheet';
import { a1Cell } from '../../src/sheet/a1-notation';
import { GRID_ORIGIN } from '../../src/sheet/layout';
import { DENSE_SHEET } from '../../src/sheet/sheet-names';
import { newServer, picture } from './server-fixture';
import type { ServerSetup } from './server-fixture';

const CLASSES = ['cat', 'dog', 'owl'];

/** A small model (5×5 pictures) with three classes, so the tests stay fast. */
function smallModelServer(): ServerSetup {
  const setup = newServer();
  setup.api.buildModel({ specName: 'small', mode: 'values', seed: 1, classes: CLASSES });
  return setup;
}

function pictures(prefix: string, count: number, seed: number): PicturePixels[] {
  return Array.from({ length: count }, (_, i) => picture(`${prefix}-${i + 1}.png`, 5, 5, seed + i));
}

/** Pictures of the default model's input size. */
function faces(prefix: string, count: number, seed: number): PicturePixels[] {
  return Array.from({ length: count }, (_, i) => picture(`${prefix}-${i + 1}.png`, 28, 28, seed + i));
}

function countsOf(summary: DatasetSummary): Record<string, [number, number]> {
  return Object.fromEntries(summary.classes.map((c: ClassCount) => [c.name, [c.train, c.test]]));
}

/** The Dataset sheet's label and split columns, read straight from the engine. */
function labelsAndSplits(setup: ServerSetup): string[][] {
  const { rows } = setup.inner.usedSize(DATASET_SHEET);
  return setup.inner
    .readValues(DATASET_SHEET, { row: 4, col: 1, rows: rows - 3, cols: 3 })
    .map((r) => [String(r[0]), String(r[2])]);
}

function addMany(api: ServerApi, counts: Record<string, number>): void {
  let seed = 100;
  for (const [label, n] of Object.entries(counts)) {
    api.addPictures({ label, pictures: pictures(label, n, seed) });
    seed += 1000;
  }
}

describe('addPictures', () => {
  it('stores one row per picture, pixels and hash as text, and counts them per class and split', () => {
    const setup = smallModelServer();
    const sent = pictures('cat', 10, 1);
    const result = setup.api.addPictures({ label: 'cat', pictures: sent });
    expect(result.added).toBe(10);
    expect(result.duplicates).toEqual([]);
    // 20 % of 10 pictures are held out for testing.
    expect(countsOf(result.summary)).toEqual({ cat: [8, 2], dog: [0, 0], owl: [0, 0] });
    expect(setup.api.getDataset()).toEqual(result.summary);

    const cells = setup.inner.readValues(DATASET_SHEET, { row: 4, col: 1, rows: 10, cols: 7 });
    cells.forEach((row, i) => {
      expect(row[0]).toBe('cat');
      expect(row[1]).toBe(sent[i].name);
      expect(['train', 'test']).toContain(row[2]);
      expect(row[3]).toMatch(/^fnv1a:[0-9a-f]{8}$/);
      expect(row.slice(4, 6)).toEqual([5, 5]);
      expect(row[6]).toBe(sent[i].rgbBase64);
    });
    expect(new Set(cells.map((row) => row[3])).size).toBe(10);
    expect(setup.inner.readValues(DATASET_SHEET, { row: 3, col: 1, rows: 1, cols: 7 })[0]).toEqual([
      'Label',
      'Name',
      'Split',
      'Hash',
      'Width',
      'Height',
      'Pixels',
    ]);
  });

  it('reports duplicates by name, within the request and against the sheet, and skips them', () => {
    const setup = smallModelServer();
    const [a, b, c] = pictures('p', 3, 1);
    setup.api.addPictures({ label: 'cat', pictures: [a, b] });
    const again = setup.api.addPictures({
      label: 'dog',
      pictures: [{ ...a, name: 'a copy.png' }, c, { ...c, name: 'c again.png' }],
    });
    expect(again.added).toBe(1);
    expect(again.duplicates).toEqual(['a copy.png', 'c again.png']);
    expect(again.summary.total).toBe(3);
    expect(labelsAndSplits(setup).map((r) => r[0])).toEqual(['cat', 'cat', 'dog']);
  });

  it('creates a new class in the Model sheet, keeping the trained columns of the others', () => {
    const setup = smallModelServer();
    const before = readParams(setup.inner, readModelSheet(setup.inner).spec);
    const result = setup.api.addPictures({ label: 'Bee', pictures: pictures('bee', 3, 50) });
    expect(setup.api.getModelInfo().classes).toEqual([...CLASSES, 'Bee']);
    expect(countsOf(result.summary)).toEqual({ cat: [0, 0], dog: [0, 0], owl: [0, 0], Bee: [2, 1] });
    const after = readParams(setup.inner, readModelSheet(setup.inner).spec);
    expect(after.dense.weights.shape).toEqual([18, 4]);
    for (let n = 0; n < 18; n++) {
      for (let k = 0; k < 3; k++)
        expect(after.dense.weights.data[n * 4 + k]).toBe(before.dense.weights.data[n * 3 + k]);
    }
    expect(Array.from(after.conv[0].weights.data)).toEqual(Array.from(before.conv[0].weights.data));
    expect(setup.api.runForwardPass().probabilities).toHaveLength(4);
  });

  it('files a label typed in another case under the existing class', () => {
    const setup = smallModelServer();
    setup.api.addPictures({ label: 'CAT', pictures: pictures('c', 2, 1) });
    expect(setup.api.getModelInfo().classes).toEqual(CLASSES);
    expect(labelsAndSplits(setup).map((r) => r[0])).toEqual(['cat', 'cat']);
  });

  it('builds the default model first when there is none, so the class list has a home', () => {
    const setup = newServer();
    const result = setup.api.addPictures({ label: 'Jon Snow', pictures: [picture('j.png', 28, 28, 1)] });
    expect(result.added).toBe(1);
    expect(setup.api.getModelInfo()).toMatchObject({ exists: true, classes: ['Elon Musk', 'Jeff Bezos', 'Jon Snow'] });
  });

  it("lets the example classes give way to the first classes of one's own, and drops the empty ones once there are two", () => {
    const setup = newServer();
    const add = (label: string, seed: number): string[] => {
      setup.api.addPictures({ label, pictures: faces(label, 2, seed) });
      return setup.api.getModelInfo().classes;
    };
    expect(add('alice', 1)).toEqual(['alice', 'Jeff Bezos', 'Jon Snow']);
    expect(add('bob', 100)).toEqual(['alice', 'bob']);
    expect(add('carol', 200)).toEqual(['alice', 'bob', 'carol']);
    expect(countsOf(setup.api.getDataset())).toEqual({ alice: [2, 0], bob: [2, 0], carol: [2, 0] });
  });

  it('keeps an example class that holds pictures', () => {
    const setup = newServer();
    setup.api.addPictures({ label: 'Jon Snow', pictures: faces('jon', 2, 1) });
    setup.api.addPictures({ label: 'alice', pictures: faces('alice', 2, 100) });
    // Elon Musk (empty) made room for alice; Jon Snow and alice are two classes with pictures, so the
    // other empty example class goes.
    expect(setup.api.getModelInfo().classes).toEqual(['alice', 'Jon Snow']);
  });

  it.each<[string, unknown, RegExp]>([
    ['no label', { pictures: [picture('a', 5, 5, 1)] }, /Class name \(label\) is missing; expected a name/],
    ['no pictures', { label: 'cat', pictures: [] }, /Pictures has 0 entries; expected 1 to 500/],
    [
      'a wrong-size picture',
      { label: 'cat', pictures: [picture('a', 5, 5, 1), picture('b.png', 6, 5, 2)] },
      /Picture 2 "b.png" is 6×5 pixels but the model takes 5×5/,
    ],
    [
      'bad base64',
      { label: 'cat', pictures: [{ ...picture('c.png', 5, 5, 1), rgbBase64: '!'.repeat(100) }] },
      /Picture 1 "c.png": Pixel text has "!" at character 1/,
    ],
    [
      'an empty picture name',
      { label: 'cat', pictures: [{ ...picture('a', 5, 5, 1), name: '' }] },
      /Picture 1 name is empty/,
    ],
  ])('refuses %s and adds nothing', (_, request, message) => {
    const setup = smallModelServer();
    expect(() => setup.api.addPictures(request as never)).toThrow(message);
    expect(setup.api.getDataset().total).toBe(0);
  });
});

describe('classes', () => {
  it('renames a class in the Model sheet and relabels its pictures in one write to the Dataset sheet', () => {
    const setup = smallModelServer();
    addMany(setup.api, { cat: 3, dog: 2 });
    setup.api.setLabel(0);
    setup.counting.reset();
    const info = setup.api.renameClass(0, 'Kitten');
    expect(info.classes).toEqual(['Kitten', 'dog', 'owl']);
    expect(info.label).toBe(0);
    // One size query, one read and one write.
    expect(setup.counting.countsBySheet()[DATASET_SHEET]).toBe(3);
    expect(labelsAndSplits(setup).map((r) => r[0])).toEqual(['Kitten', 'Kitten', 'Kitten', 'dog', 'dog']);
    expect(countsOf(setup.api.getDataset())).toEqual({ Kitten: [2, 1], dog: [2, 0], owl: [0, 0] });
    expect(() => setup.api.renameClass(1, 'kitten')).toThrow(/"Kitten" is already a class; choose another name/);
    expect(() => setup.api.renameClass(3, 'x')).toThrow(
      /Class number \(index\) is 3; expected a whole number from 0 to 2/,
    );
  });

  it('renames nothing, in the Model sheet or the Dataset sheet, when the model cannot be read', () => {
    const setup = smallModelServer();
    addMany(setup.api, { cat: 3 });
    setup.inner.writeCells(DENSE_SHEET, GRID_ORIGIN.row + 2, GRID_ORIGIN.col, [['heavy']]);
    expect(() => setup.api.renameClass(0, 'Kitten')).toThrow(
      `Sheet "${DENSE_SHEET}" cell ${a1Cell(GRID_ORIGIN.row + 2, GRID_ORIGIN.col)}`,
    );
    expect(labelsAndSplits(setup).map((r) => r[0])).toEqual(['cat', 'cat', 'cat']);
    expect(readModelSheet(setup.inner).classes).toEqual(CLASSES);
  });

  it('adds a class with a fresh column and refuses a name already used', () => {
    const setup = smallModelServer();
    expect(setup.api.addClass('bee').classes).toEqual([...CLASSES, 'bee']);
    expect(() => setup.api.addClass('Owl')).toThrow(/"owl" is already a class/);
    expect(() => setup.api.addClass('')).toThrow(/Class name is empty/);
  });

  it('refuses to remove a class that pictures use, saying how many; removes an unused one and moves the label', () => {
    const setup = smallModelServer();
    addMany(setup.api, { dog: 4 });
    setup.api.setLabel(2);
    expect(() => setup.api.removeClass(1)).toThrow(
      /Class "dog" still has 4 pictures in the Dataset sheet; delete those rows or give them another label there/,
    );
    const info = setup.api.removeClass(0);
    expect(info.classes).toEqual(['dog', 'owl']);
    expect(info.label).toBe(1);
    expect(() => setup.api.removeClass(1)).toThrow(
      /The model needs at least 2 classes; add another class before removing "owl"/,
    );
    expect(countsOf(setup.api.getDataset())).toEqual({ dog: [3, 1], owl: [0, 0] });
  });

  it('removing the labelled class leaves no label', () => {
    const setup = smallModelServer();
    setup.api.setLabel(1);
    expect(setup.api.removeClass(1)).toMatchObject({ classes: ['cat', 'owl'], label: -1 });
  });
});

describe('splitDataset', () => {
  it('splits each class by the fraction, the same way for the same seed, and splits new pictures by the saved settings', () => {
    const setup = smallModelServer();
    addMany(setup.api, { cat: 10, dog: 7, owl: 3 });
    const summary = setup.api.splitDataset(0.3, 42);
    // round(0.3 × n) per class: 3 of 10, 2 of 7, 1 of 3.
    expect(countsOf(summary)).toEqual({ cat: [7, 3], dog: [5, 2], owl: [2, 1] });
    expect(setup.api.getDataset()).toEqual(summary);
    const first = labelsAndSplits(setup);

    setup.api.splitDataset(0.5, 1);
    expect(labelsAndSplits(setup)).not.toEqual(first);
    setup.api.splitDataset(0.3, 42);
    expect(labelsAndSplits(setup)).toEqual(first);

    // 10 more cats: 20 in all → 6 in test at 0.3, so 3 of the new ones.
    const added = setup.api.addPictures({ label: 'cat', pictures: pictures('more', 10, 9000) });
    expect(countsOf(added.summary).cat).toEqual([14, 6]);
    expect(labelsAndSplits(setup).slice(0, 20)).toEqual(first);
  });

  it('writes the splits in one write plus one for the settings', () => {
    const setup = smallModelServer();
    addMany(setup.api, { cat: 5, owl: 5 });
    setup.counting.reset();
    setup.api.splitDataset(0.4, 3);
    expect(setup.counting.counts().writeCells).toBe(2);
    expect(setup.counting.counts().readValues).toBe(2); // the Dataset sheet and the Model sheet
  });

  it.each<[unknown, unknown, RegExp]>([
    [1, 1, /Test fraction is 1; expected a number from 0 to 0.9/],
    [-0.1, 1, /Test fraction is -0.1/],
    ['0.2', 1, /Test fraction is the text "0.2"/],
    [0.2, 1.5, /Split seed is 1.5; expected a whole number/],
  ])('refuses fraction %j with seed %j', (fraction, seed, message) => {
    const setup = smallModelServer();
    expect(() => setup.api.splitDataset(fraction as never, seed as never)).toThrow(message);
  });
});

describe('reading the dataset', () => {
  it('reads the whole dataset in one read, however many pictures there are', () => {
    const setup = smallModelServer();
    for (const n of [3, 40]) {
      addMany(setup.api, { [`c${n}`]: n });
      setup.counting.reset();
      expect(setup.api.getDataset().total).toBeGreaterThanOrEqual(n);
      expect(setup.counting.countsBySheet()[DATASET_SHEET]).toBe(2); // usedSize + readValues
      setup.counting.reset();
      readDataset(setup.counting);
      expect(setup.counting.counts()).toEqual({ sheetNames: 1, usedSize: 1, readValues: 1 });
    }
  });

  it('adds any number of pictures with the same number of sheet calls', () => {
    const setup = smallModelServer();
    addMany(setup.api, { cat: 1, dog: 1 });
    const callsFor = (label: string, n: number): Record<string, number> => {
      setup.counting.reset();
      setup.api.addPictures({ label, pictures: pictures(label, n, n * 7919) });
      return setup.counting.counts() as Record<string, number>;
    };
    const few = callsFor('cat', 2);
    expect(callsFor('dog', 60)).toEqual(few);
    expect(few.writeCells).toBe(1);
  });

  it('names the row and column of a cell edited into something it cannot be', () => {
    const setup = smallModelServer();
    addMany(setup.api, { cat: 2 });
    setup.inner.writeCells(DATASET_SHEET, 5, 3, [['tset']]);
    expect(() => setup.api.getDataset()).toThrow(
      'Dataset row 5: Split is "tset"; expected "train" or "test". Fix the cell or delete the row',
    );
    setup.inner.writeCells(DATASET_SHEET, 5, 3, [['test']]);
    setup.inner.writeCells(DATASET_SHEET, 2, 2, [['lots']]);
    expect(() => setup.api.getDataset()).toThrow(
      /Dataset!B2 \(test fraction\) is "lots"; expected a number from 0 to 0.9/,
    );
  });

  it('refuses a picture whose pixels would not fit one cell, naming it (the apostrophe that keeps them text counts)', () => {
    const setup = newServer();
    const row = {
      label: 'cat',
      name: 'huge.png',
      split: 'train' as const,
      hash: 'fnv1a:00000000',
      width: 130,
      height: 130,
      pixels: 'A'.repeat(130 * 130 * 4),
    };
    expect(() => appendDatasetRows(setup.inner, readDataset(setup.inner), [row])).toThrow(
      'Picture "huge.png" needs 67601 characters of pixels, more than a spreadsheet cell holds (50000); use a model whose input is at most 111×111 pixels.',
    );
    // 50,000 characters with the apostrophe fit; one more does not, and the workbook itself would refuse it.
    expect(() =>
      appendDatasetRows(setup.inner, readDataset(setup.inner), [
        { ...row, name: 'fits.png', pixels: 'A'.repeat(49_999) },
      ]),
    ).not.toThrow();
    expect(() =>
      appendDatasetRows(setup.inner, readDataset(setup.inner), [
        { ...row, name: 'over.png', pixels: 'A'.repeat(50_000) },
      ]),
    ).toThrow('needs 50001 characters');
    expect(() => setup.inner.writeCells(DATASET_SHEET, 9, 7, [['A'.repeat(50_000)]])).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell. ("Dataset"!G9 would hold 50001 characters.)',
    );
  });
});
