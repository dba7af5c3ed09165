/**
 * Changing the spec keeps what can be kept: the same layers keep the weights, other classes keep the conv
 * filters and the dense columns of classes that stay, other layers draw new weights (or the article's 1s
 * and 0s, checked by hand in the first conv cell); the picture follows a new input size or a grey input;
 * Dataset pictures stored at 64×64 train any input size after an area resize.
 */
import { initParams } from '../../src/core';
import { presetLayers, specWith } from '../../src/core/architecture';
import type { ModelLayers } from '../../src/core/architecture';
import { readDataset } from '../../src/sheet/dataset-sheet';
import { GRID_ORIGIN, mapRange } from '../../src/sheet/layout';
import { readInputImage } from '../../src/sheet/input-picture-sheets';
import { readModel } from '../../src/sheet/whole-model';
import { trainingData } from '../../src/server/training-data';
import { chwOf, newServer, picture, seededBytes } from './server-fixture';

const CLASSES = ['cat', 'dog', 'owl'];
const GREY_12: ModelLayers = {
  input: { channels: 1, height: 12, width: 12 },
  inputScale: 1 / 255,
  blocks: [{ filters: 3, kernel: 3, stride: 2, padding: 1, pool: null }],
};

/** BT.601 luma rounded, and a box average over whole source blocks, computed here independently. */
function greyAreaResize(rgb: Uint8Array, from: number, to: number): number[] {
  const factor = from / to;
  expect(Number.isInteger(factor)).toBe(true);
  const out: number[] = [];
  for (let y = 0; y < to; y++) {
    for (let x = 0; x < to; x++) {
      const mean = [0, 0, 0];
      for (let dy = 0; dy < factor; dy++) {
        for (let dx = 0; dx < factor; dx++)
          for (let c = 0; c < 3; c++)
            mean[c] += rgb[((y * factor + dy) * from + x * factor + dx) * 3 + c] / (factor * factor);
      }
      const level = mean.map((m) => Math.round(m));
      out.push(Math.round(0.299 * level[0] + 0.587 * level[1] + 0.114 * level[2]));
    }
  }
  return out;
}

describe('rebuilding keeps what the new spec can use', () => {
  test('same layers, seed and classes keep the (edited) weights while the mode changes', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'values', seed: 3, classes: CLASSES });
    inner.writeCells('Conv1 filters', GRID_ORIGIN.row, GRID_ORIGIN.col, [[0.75]]);
    const edited = readModel(inner).params;
    api.buildModel({ specName: 'small', mode: 'native', seed: 3 });
    expect(readModel(inner).params).toEqual(edited);
  });

  test('other classes keep the filters and the columns of classes that stay; a new class gets a fresh column', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'values', seed: 3, classes: CLASSES });
    inner.writeCells('Conv1 filters', GRID_ORIGIN.row, GRID_ORIGIN.col, [[0.75]]);
    const before = readModel(inner).params;
    api.buildModel({ specName: 'small', mode: 'values', seed: 3, classes: ['owl', 'cat', 'bee'] });
    const after = readModel(inner).params;
    expect(after.conv).toEqual(before.conv);
    const column = (p: typeof before, k: number, count: number): number[] =>
      Array.from({ length: 18 }, (_, n) => p.dense.weights.data[n * count + k]);
    expect(column(after, 0, 3)).toEqual(column(before, 2, 3));
    expect(column(after, 1, 3)).toEqual(column(before, 0, 3));
    const fresh = initParams(specWith(presetLayers('small'), ['owl', 'cat', 'bee']), 3);
    expect(column(after, 2, 3)).toEqual(column(fresh, 2, 3));
  });

  test('other layers draw new weights from the seed; the picture is resized and turned grey', () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'default', mode: 'values', seed: 3, classes: CLASSES });
    const pic = picture('p.png', 28, 28, 5);
    api.importImage(pic);
    const info = api.buildModel({ layers: GREY_12, mode: 'custom', seed: 4 });
    expect(info).toMatchObject({ specName: 'custom', inputWidth: 12, layers: GREY_12 });
    expect(inner.sheetNames().slice(0, 2)).toEqual(['Grey', 'Input']);
    expect(inner.sheetNames()).not.toContain('R');
    const spec = specWith(GREY_12, CLASSES);
    expect(readModel(inner).params).toEqual(initParams(spec, 4));
    // 28 → 12 is not a whole factor, so compare what an area resize keeps: the mean brightness (luma), to
    // within the rounding of each pixel to a whole level.
    const image = readInputImage(inner, spec);
    const colour = chwOf(pic);
    expect(image.shape).toEqual([1, 12, 12]);
    expect(Array.from(image.data).every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    const plane = 28 * 28;
    let luma = 0;
    for (let p = 0; p < plane; p++)
      luma += (0.299 * colour.data[p] + 0.587 * colour.data[plane + p] + 0.114 * colour.data[2 * plane + p]) / plane;
    const meanOut = image.data.reduce((a, b) => a + b, 0) / image.data.length;
    expect(Math.abs(luma - meanOut)).toBeLessThan(1);
  });

  test("the article's filters of 1s and 0s: the first Conv1 cell is 27 multiplications plus the bias", () => {
    const { api, inner } = newServer();
    api.buildModel({ specName: 'small', mode: 'native', seed: 1, classes: CLASSES, articleWeights: true });
    const pic = picture('p.png', 5, 5, 9);
    api.importImage(pic);
    const image = chwOf(pic);
    // Filter 1 is a plus over the 3×3 window at the top left, on every channel; its bias is 1.
    let byHand = 1;
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) if (i === 1 || j === 1) byHand += image.data[c * 25 + i * 5 + j] / 255;
    const conv1 = inner.readValues('Conv1', mapRange(2, 3, 3));
    expect(conv1[0][0]).toBeCloseTo(byHand, 12);
    const filters = inner.readValues('Conv1 filters', { ...GRID_ORIGIN, rows: 3, cols: 3 });
    expect(filters).toEqual([
      [0, 1, 0],
      [1, 1, 1],
      [0, 1, 0],
    ]);
  });
});

test('Dataset pictures stored at 64×64 train a 12×12 grey model after an area resize, without a re-import', () => {
  const { api, inner } = newServer();
  api.buildModel({ specName: 'default', mode: 'values', seed: 3, classes: CLASSES });
  const stored = [picture('a.png', 64, 64, 1), picture('b.png', 64, 64, 2)];
  api.addPictures({ label: 'cat', pictures: stored });
  api.addPictures({ label: 'dog', pictures: [picture('c.png', 28, 28, 3)] });
  expect(readDataset(inner).rows.map((r) => [r.width, r.height])).toEqual([
    [64, 64],
    [64, 64],
    [28, 28],
  ]);
  api.buildModel({ layers: { ...GREY_12, input: { channels: 1, height: 16, width: 16 } }, mode: 'values', seed: 3 });
  const spec = readModel(inner).spec;
  const data = trainingData(readDataset(inner), spec);
  const all = [...data.train, ...data.test];
  expect(all.map((e) => e.image.shape)).toEqual([
    [1, 16, 16],
    [1, 16, 16],
    [1, 16, 16],
  ]);
  // Whole 4×4 blocks of the 64×64 picture, averaged per channel, then luma: computed here, not by the code under test.
  const first = all.find((e) => e.label === 0)!;
  const candidates = [1, 2].map((seed) => greyAreaResize(seededBytes(64, 64, seed), 64, 16));
  expect(candidates.some((expected) => expected.every((v, i) => v === first.image.data[i]))).toBe(true);
  expect(() => api.stepOnce({ epochs: 1, batchSize: 2, learningRate: 0.01, optimizer: 'sgd' })).not.toThrow();
});
