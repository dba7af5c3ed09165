/**
 * How the model reads to a person: titles naming the article's nine steps, the shape row, block labels and
 * notes, frozen header rows, number formats, and colour rules (channels black → pure colour over 0–255,
 * signed values diverging around 0, probabilities white → green). Also the gradient sheets' layout.
 */
import { backward, defaultSpec, smallSpec } from '../../src/core';
import { filterBiasRange, filtersRange, denseWeightsRange, denseBiasRange, mapRange } from '../../src/sheet/layout';
import { gridToFilters, gridToDense, gridToVector } from '../../src/sheet/grid-values';
import { modelSheetNames, DENSE_GRADIENTS_SHEET, filterGradientsSheet } from '../../src/sheet/sheet-names';
import { writeGradients } from '../../src/sheet/weight-sheets';
import { buildModel, readModel } from '../../src/sheet/whole-model';
import { CHANNEL_COLORS, NEGATIVE_COLOR, POSITIVE_COLOR, PROBABILITY_COLOR } from '../../src/sheet/colors';
import { LABEL, buildOnEngine, seededImage, seededParams } from './model-fixture';
import { expectClose } from '../helpers/close';

const cell = (wb: ReturnType<typeof buildOnEngine>['workbook'], sheet: string, row: number, col: number): unknown =>
  wb.readValues(sheet, { row, col, rows: 1, cols: 1 })[0][0];

describe('default model in custom mode', () => {
  const spec = defaultSpec();
  const { workbook } = buildOnEngine(spec, 'custom');

  test('the sheets, in tab order, and each step sheet names its step of the nine', () => {
    expect(workbook.sheetNames()).toEqual(modelSheetNames(spec));
    expect(workbook.sheetNames()).toEqual([
      'R',
      'G',
      'B',
      'Input',
      'Conv1 filters',
      'Conv1',
      'ReLU1',
      'Pool1',
      'Conv2 filters',
      'Conv2',
      'ReLU2',
      'Pool2',
      'Flatten',
      'Dense weights',
      'Logits',
      'Softmax',
      'Loss',
      'Model',
    ]);
    const steps: Record<string, string> = {
      R: 'Step 1 · Input',
      Input: 'Step 1 · Input',
      Conv1: 'Step 2 · Feature detection',
      'Conv2 filters': 'Step 3 · Filters, stride and padding',
      ReLU2: 'Step 4 · ReLU',
      Pool1: 'Step 5 · Max pooling',
      Flatten: 'Step 6 · Flatten',
      'Dense weights': 'Step 7 · Fully connected',
      Logits: 'Step 7 · Fully connected',
      Softmax: 'Step 8 · Softmax',
      Loss: 'Step 9 · Loss',
    };
    for (const [sheet, step] of Object.entries(steps)) {
      const title = String(cell(workbook, sheet, 1, 1));
      expect(title.startsWith(step)).toBe(true);
      expect(title).toMatch(/ — [A-Z].+\.$/);
      expect(workbook.snapshot(sheet).frozenRows).toBe(3);
    }
    expect(cell(workbook, 'Conv1', 2, 1)).toMatch(
      /^16 maps of 28 × 28, 4 × 4 blocks: the first top-left, then left to right and down/,
    );
    expect(cell(workbook, 'Pool2', 2, 1)).toMatch(/^64 maps of 7 × 7, 8 × 8 blocks/);
    expect(cell(workbook, 'Conv2 filters', 2, 1)).toMatch(
      /^64 filters × 16 channels × 3 × 3: one row of blocks per filter, one 3×3 block per input channel; bias in column BN\. Stride 1, padding "same"\./,
    );
    expect(cell(workbook, 'Dense weights', 2, 1)).toMatch(
      /^3136 × 3 weights: row n belongs to flattened value n, one column per class; bias in row 3141\./,
    );
  });

  test("block labels in row 3 and column A, a note on each block's first cell", () => {
    // Conv1: 16 maps of 28×28 in 4 × 4 blocks; map 6 is block row 1, block column 1 → starts at row 33, col 31.
    expect(cell(workbook, 'Conv1', 3, 31)).toBe('Map 2, Map 6, Map 10, Map 14');
    expect(cell(workbook, 'Conv1', 33, 1)).toBe('Map 5 – Map 8');
    const notes = workbook.snapshot('Conv1').notes;
    expect(notes).toHaveLength(16);
    expect(notes.find((n) => n.row === 33 && n.col === 31)?.note).toBe(
      'Map 6: filter 6 of "Conv1 filters" applied to every window of Input, plus bias 6.',
    );
    const filterNotes = workbook.snapshot('Conv2 filters').notes;
    // One per k×k block, one on the biases, one on the check in row 3.
    expect(filterNotes).toHaveLength(64 * 16 + 2);
    expect(cell(workbook, 'Conv2 filters', 3, 2)).toBe('Pool1 map 1');
    expect(cell(workbook, 'Conv2 filters', 8, 1)).toBe('Filter 2');
    expect(cell(workbook, 'Flatten', 4 + 3135, 1)).toBe('Pool2 map 64 · r7 c7');
    // Class names follow the Model sheet.
    expect(cell(workbook, 'Softmax', 6, 1)).toBe('Jon Snow');
    workbook.writeCells('Model', 12, 2, [['Arya Stark']]);
    expect([
      cell(workbook, 'Softmax', 6, 1),
      cell(workbook, 'Dense weights', 3, 4),
      cell(workbook, 'Loss', 6, 1),
    ]).toEqual(['Arya Stark', 'Arya Stark', 'Arya Stark']);
    // The label still names the old class: reading the model says so instead of guessing.
    expect(() => readModel(workbook)).toThrow(
      'Model!B4 holds "Jon Snow", which is not one of the classes (Elon Musk, Jeff Bezos, Arya Stark)',
    );
    workbook.writeCells('Model', 4, 2, [['Arya Stark']]);
    expect(readModel(workbook)).toMatchObject({ classes: ['Elon Musk', 'Jeff Bezos', 'Arya Stark'], label: 2 });
  });

  test('colour rules: channels black → pure colour, signed values diverging at 0, probabilities white → green', () => {
    const [red, green, blue] = ['R', 'G', 'B'].map((s) => workbook.snapshot(s).colorRules);
    expect(red).toEqual([
      {
        ranges: [mapRange(1, 28, 28)],
        min: { color: '#000000', value: 0 },
        max: { color: CHANNEL_COLORS[0], value: 255 },
      },
    ]);
    expect(green[0].max).toEqual({ color: '#00ff00', value: 255 });
    expect(blue[0].max).toEqual({ color: '#0000ff', value: 255 });
    const input = workbook.snapshot('Input').colorRules;
    expect(input.map((r) => r.max)).toEqual([0, 1, 2].map((c) => ({ color: CHANNEL_COLORS[c], value: 1 })));
    // Fixed ends: −limit blue, 0 white, +limit red, the limit being the block's largest size rounded up to
    // 1, 2 or 5 × 10^k, so every engine paints 0 white and the same value the same colour.
    const diverging = (limit: number) => ({
      min: { color: NEGATIVE_COLOR, value: -limit },
      mid: { color: '#ffffff', value: 0 },
      max: { color: POSITIVE_COLOR, value: limit },
    });
    const largest = (sheet: string, range: { row: number; col: number; rows: number; cols: number }): number =>
      Math.max(
        ...workbook
          .readValues(sheet, range)
          .flat()
          .filter((v): v is number => typeof v === 'number')
          .map(Math.abs),
      );
    const [conv2Rule] = workbook.snapshot('Conv2').colorRules;
    const conv2Limit = conv2Rule.max.value as number;
    expect(conv2Rule).toEqual({ ranges: [mapRange(64, 14, 14)], ...diverging(conv2Limit) });
    const conv2Size = largest('Conv2', mapRange(64, 14, 14));
    expect(conv2Limit).toBeGreaterThanOrEqual(conv2Size);
    expect(conv2Limit).toBeLessThanOrEqual(2.5 * conv2Size);
    expect([1, 2, 5]).toContain(Math.round(conv2Limit / 10 ** Math.floor(Math.log10(conv2Limit))));
    // ReLU2 and Pool2 keep Conv2's scale, so a cell keeps its colour from step to step.
    expect(workbook.snapshot('ReLU2').colorRules[0]).toEqual({
      ranges: [mapRange(64, 14, 14)],
      ...diverging(conv2Limit),
    });
    expect(workbook.snapshot('Pool2').colorRules[0].max.value).toBe(conv2Limit);
    const [filterRule] = workbook.snapshot('Conv1 filters').colorRules;
    expect(filterRule.ranges).toEqual([filtersRange(16, 3, 3), filterBiasRange(16, 3, 3)]);
    expect(filterRule.max.value).toBeGreaterThanOrEqual(largest('Conv1 filters', filtersRange(16, 3, 3)));
    expect(workbook.snapshot('Softmax').colorRules).toEqual([
      {
        ranges: [{ row: 4, col: 2, rows: 3, cols: 1 }],
        min: { color: '#ffffff', value: 0 },
        max: { color: PROBABILITY_COLOR, value: 1 },
      },
    ]);
  });

  test('number formats: pixels with a text colour per fill, about three significant digits elsewhere, four decimals for probabilities', () => {
    expect(workbook.numberFormatAt('R', 4, 2)).toBe('[White][<234.5]0;[Black][>=234.5]0');
    expect(workbook.numberFormatAt('G', 4, 2)).toBe('[White][<135.5]0;[Black][>=135.5]0');
    expect(workbook.numberFormatAt('B', 4, 2)).toBe('[White]0');
    // The largest value of each block shows three significant digits (0.123, 1.23, 12.3).
    for (const [sheet, range] of [
      ['Conv1 filters', filtersRange(16, 3, 3)],
      ['Conv2', mapRange(64, 14, 14)],
      ['Pool2', mapRange(64, 7, 7)],
    ] as const) {
      const values = workbook
        .readValues(sheet, range)
        .flat()
        .filter((v): v is number => typeof v === 'number');
      const size = Math.max(...values.map(Math.abs));
      const format = workbook.numberFormatAt(sheet, range.row, range.col) as string;
      const decimals = format.split('.')[1]?.length ?? 0;
      expect(decimals).toBe(2 - Math.floor(Math.log10(size)));
    }
    expect(workbook.numberFormatAt('Softmax', 5, 2)).toBe('0.0000');
    expect(workbook.numberFormatAt('Loss', 4, 8)).toBe('0.0000');
  });
});

test('the Loss sheet shows the three readings side by side, each with what it means', () => {
  const { workbook } = buildOnEngine(smallSpec(), 'native');
  expect(workbook.readValues('Loss', { row: 3, col: 7, rows: 1, cols: 4 })).toEqual([
    ['Distance', 'Negative log-likelihood (cross-entropy)', 'KL divergence', 'Predicted class'],
  ]);
  const meanings = workbook.readValues('Loss', { row: 5, col: 7, rows: 1, cols: 3 })[0];
  expect(meanings.every((m) => typeof m === 'string' && m.length > 30 && !m.includes('\n'))).toBe(true);
  expect(cell(workbook, 'Loss', 6, 3)).toBe(1); // the target of class 3 (LABEL = 2)
  expect(LABEL).toBe(2);
});

test('gradient sheets show dL/dW on the same layout as the weights', () => {
  const spec = smallSpec();
  const params = seededParams(spec, 3);
  const image = seededImage(spec, 4);
  const { workbook } = buildOnEngine(spec, 'values');
  buildModel(workbook, spec, params, image, { mode: 'values', seed: 3, label: 1 });
  const { grads } = backward(spec, params, { image, label: 1 });
  writeGradients(workbook, spec, grads);

  const sheet = filterGradientsSheet(0);
  expect(String(cell(workbook, sheet, 1, 1))).toMatch(/^Gradients of Conv1 filters — dL\/dW/);
  // Exact (tolerance 0); the engine stores −0 as 0, which is the only difference toEqual would see.
  expectClose(
    gridToFilters(workbook.readValues(sheet, filtersRange(2, 3, 3)), 2, sheet, 'gradients').data,
    grads.conv[0].weights.data,
    0,
    sheet,
  );
  expectClose(
    gridToVector(workbook.readValues(sheet, filterBiasRange(2, 3, 3)), sheet, 'bias').data,
    grads.conv[0].bias.data,
    0,
    `${sheet} biases`,
  );
  const denseGrads = gridToDense(
    workbook.readValues(DENSE_GRADIENTS_SHEET, denseWeightsRange(18, 3)),
    DENSE_GRADIENTS_SHEET,
    'gradients',
  );
  expect(denseGrads.shape).toEqual([18, 3]);
  expectClose(denseGrads.data, grads.dense.weights.data, 0, DENSE_GRADIENTS_SHEET);
  expectClose(
    gridToVector(workbook.readValues(DENSE_GRADIENTS_SHEET, denseBiasRange(18, 3)), DENSE_GRADIENTS_SHEET, 'bias').data,
    grads.dense.bias.data,
    0,
    'dense bias gradients',
  );
  expect(workbook.snapshot(sheet).colorRules[0].mid).toEqual({ color: '#ffffff', value: 0 });

  // Rebuilding removes gradients of the old weights and sheets of blocks the new spec does not have.
  buildModel(workbook, defaultSpec(), seededParams(defaultSpec(), 1), seededImage(defaultSpec(), 1), {
    mode: 'values',
    seed: 1,
    label: -1,
  });
  expect(workbook.sheetNames()).toEqual(modelSheetNames(defaultSpec()));
  buildModel(workbook, spec, params, image, { mode: 'values', seed: 3, label: 1 });
  expect(workbook.sheetNames()).toEqual(modelSheetNames(spec));
});

test("a grey picture's sheet names its one map Grey and its step says which channels a picture has", () => {
  const grey = { ...smallSpec(), input: { ...smallSpec().input, channels: 1 } };
  const { workbook } = buildOnEngine(grey, 'values');
  const cells = workbook.readValues('Grey', { row: 1, col: 1, rows: 4, cols: 1 });
  expect(cells[0][0]).toBe(
    'Step 1 · Input (grey channel) — The picture as numbers: one grid per channel (red, green, blue, or grey), each pixel 0 (dark) to 255 (bright).',
  );
  expect(cells[3][0]).toBe('Grey');
  const red = buildOnEngine(smallSpec(), 'values').workbook.readValues('R', { row: 4, col: 1, rows: 1, cols: 1 });
  expect(red[0][0]).toBe('R (red)');
});
