/**
 * The architect's arithmetic: the article's clue counts for the presets, the table's totals, and bad specs
 * refused with the field named — by the server too, before any sheet is written.
 */
import {
  clueCounts,
  clueWording,
  parameterCount,
  PRESETS,
  presetLayers,
  specProblems,
  specWith,
} from '../../src/core/architecture';
import type { ModelLayers } from '../../src/core/architecture';
import type { ModelSpec } from '../../src/core/types';
import { createLocalHost } from '../../src/local/engine/local-host';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { createServer } from '../../src/server';
import { architectureReport } from '../../src/sheet/architecture-report';

const CLASSES = ['Elon Musk', 'Jeff Bezos', 'Jon Snow'];
const convOut = (name: Parameters<typeof presetLayers>[0]): number =>
  clueCounts(specWith(presetLayers(name), CLASSES)).find((r) => r.kind === 'conv')!.valuesOut;

test("the article's numbers: 75 in, 18 valid, 50 same, 75 with 3 filters, 250 with 10", () => {
  const article = clueCounts(specWith(presetLayers('small'), CLASSES));
  expect(article.map((r) => [r.name, r.valuesIn, r.valuesOut])).toEqual([
    ['Input', 75, 75],
    ['Conv 1', 75, 18],
    ['ReLU 1', 18, 18],
    ['Flatten', 18, 18],
    ['Dense', 18, 3],
    ['Softmax', 3, 3],
  ]);
  // 27 multiplications per output cell (3 × 3 × 3), 18 cells; 2 filters of 27 weights and 2 biases.
  expect(article[1]).toMatchObject({ multiplyAdds: 18 * 27, weights: 54, biases: 2 });
  expect(clueWording(article[1])).toBe('57 fewer clues: information lost (24% kept)');
  expect([convOut('small-same'), convOut('small-3-filters'), convOut('small-10-filters')]).toEqual([50, 75, 250]);
  expect(clueWording(clueCounts(specWith(presetLayers('small-3-filters'), CLASSES))[1])).toBe(
    'as many clues: information kept',
  );
});

test('the default network and Tiny VGG: shapes and weights as independently counted', () => {
  const tiny = clueCounts(specWith(presetLayers('tiny-vgg'), ['a', 'b']));
  expect(tiny.filter((r) => r.kind !== 'relu').map((r) => [r.name, ...r.shape])).toEqual([
    ['Input', 3, 64, 64],
    ['Conv 1', 10, 62, 62],
    ['Conv 2', 10, 60, 60],
    ['Pool 2', 10, 30, 30],
    ['Conv 3', 10, 28, 28],
    ['Conv 4', 10, 26, 26],
    ['Pool 4', 10, 13, 13],
    ['Flatten', 1690],
    ['Dense', 2],
    ['Softmax', 2],
  ]);
  // 16·27+16 + 64·144+64 + 3136·3+3 (the README's default network).
  expect(parameterCount(specWith(presetLayers('default'), CLASSES))).toBe(448 + 9280 + 9411);
  expect(PRESETS.map((p) => specProblems(specWith(p.layers, CLASSES)))).toEqual(PRESETS.map(() => []));
});

test('the totals: Google counts every sheet as at least 1000 × 26; Train state packs 3,750 numbers per cell', () => {
  const spec = specWith(presetLayers('default'), CLASSES);
  const report = architectureReport(spec, 'custom');
  const t = report.totals!;
  const built = report.sheets.length;
  expect(built).toBe(3 + 1 + 2 * 4 + 6);
  // Every model sheet of the default network fits in a new sheet's 1000 × 26 grid except the wide ones.
  const grid = [...report.sheets, ...report.trainingSheets].reduce(
    (sum, s) => sum + Math.max(1000, s.rows) * Math.max(26, s.cols),
    0,
  );
  expect(t.googleCells).toBe(grid);
  expect(t.trainStateNumbers).toBe(3 * 19139);
  expect(t.trainStateCells).toBe(Math.ceil((3 * 19139) / 3750));
  expect(t.trainStateCellChars).toBe(2 + 40000);
  expect(t.picturesPerCall).toEqual({ 'wasm-simd': 37441, javascript: 10390 });
  // The estimate orders networks as training them does, and the SIMD kernels train each faster than the loops.
  const estimate = (name: Parameters<typeof presetLayers>[0]): Record<string, number> =>
    architectureReport(specWith(presetLayers(name), CLASSES), 'custom').totals!.picturesPerCall;
  const presets = ['small', 'small-10-filters', 'default', 'tiny-vgg'] as const;
  for (const path of ['wasm-simd', 'javascript']) {
    const pictures = presets.map((name) => estimate(name)[path]);
    expect([...pictures].sort((a, b) => b - a)).toEqual(pictures);
  }
  for (const name of presets) expect(estimate(name)['wasm-simd']).toBeGreaterThan(estimate(name).javascript);
  expect(report.problems).toEqual([]);
});

const base: ModelSpec = specWith(presetLayers('default'), CLASSES);
const withBlock = (patch: object, index = 0): ModelSpec => ({
  ...base,
  blocks: base.blocks.map((b, i) => (i === index ? { ...b, ...patch } : b)) as ModelSpec['blocks'],
});
const BAD: [string, ModelSpec, string, RegExp][] = [
  [
    'input too small',
    { ...base, input: { channels: 3, height: 3, width: 3 } },
    'input.height',
    /Input height is 3; choose a whole number from 4 to 64/,
  ],
  ['input too large', { ...base, input: { channels: 3, height: 65, width: 65 } }, 'input.height', /from 4 to 64/],
  [
    'input not square',
    { ...base, input: { channels: 3, height: 28, width: 20 } },
    'input.width',
    /pictures are square/,
  ],
  [
    '2 channels',
    { ...base, input: { channels: 2, height: 28, width: 28 } },
    'input.channels',
    /choose 3 \(colour: R, G, B\) or 1 \(grey\)/,
  ],
  [
    'fractional size',
    { ...base, input: { channels: 3, height: 27.5, width: 27.5 } },
    'input.height',
    /27.5; choose a whole number/,
  ],
  ['no blocks', { ...base, blocks: [] }, 'blocks', /0 conv blocks given; give 1 to 4/],
  ['5 blocks', { ...base, blocks: [...base.blocks, ...base.blocks, base.blocks[0]] }, 'blocks', /5 conv blocks given/],
  [
    '0 filters',
    withBlock({ filters: 0 }),
    'blocks[0].filters',
    /Block 1 filters is 0; choose a whole number from 1 to 64/,
  ],
  ['65 filters', withBlock({ filters: 65 }, 1), 'blocks[1].filters', /Block 2 filters is 65/],
  ['kernel 8', withBlock({ kernel: 8 }), 'blocks[0].kernel', /Block 1 kernel is 8; choose a whole number from 1 to 7/],
  ['stride 4', withBlock({ stride: 4 }), 'blocks[0].stride', /Block 1 stride is 4; choose a whole number from 1 to 3/],
  [
    'padding text',
    withBlock({ padding: 'full' }),
    'blocks[0].padding',
    /Block 1 padding is "full"; choose 'valid', 'same' or a whole number of zero cells from 0 to 2/,
  ],
  ['padding ≥ kernel', withBlock({ padding: 3 }), 'blocks[0].padding', /from 0 to 2/],
  ['negative padding', withBlock({ padding: -1 }), 'blocks[0].padding', /padding is -1/],
  ['pool size 0', withBlock({ pool: { size: 0, stride: 2 } }), 'blocks[0].pool.size', /Block 1 pool size is 0/],
  ['pool stride 9', withBlock({ pool: { size: 2, stride: 9 } }), 'blocks[0].pool.stride', /Block 1 pool stride is 9/],
  [
    'pool not an object',
    withBlock({ pool: 'max' }),
    'blocks[0].pool',
    /give null \(no pooling\) or \{ size, stride \}/,
  ],
  [
    'kernel larger than its input',
    {
      ...specWith(presetLayers('small'), CLASSES),
      blocks: [{ filters: 2, kernel: 6, stride: 1, padding: 'valid', pool: null }],
    },
    'blocks[0].kernel',
    /Block 1 kernel is 6; choose a whole number from 1 to 7|Block 1 kernel 6×6 is larger than its 5×5 input; use a kernel of at most 5/,
  ],
  [
    'kernel larger than a later input',
    {
      ...base,
      input: { channels: 1, height: 8, width: 8 },
      blocks: [
        { filters: 2, kernel: 3, stride: 1, padding: 'valid', pool: { size: 2, stride: 2 } },
        { filters: 2, kernel: 5, stride: 1, padding: 'same', pool: null },
      ],
    },
    'blocks[1].kernel',
    /Block 2 kernel 5×5 is larger than its 3×3 input; use a kernel of at most 3/,
  ],
  [
    'pool larger than the map',
    {
      ...specWith(presetLayers('small'), CLASSES),
      blocks: [{ filters: 2, kernel: 3, stride: 1, padding: 'valid', pool: { size: 4, stride: 1 } }],
    },
    'blocks[0].pool.size',
    /Block 1 pool window 4×4 is larger than the 3×3 map it pools; use a pool of at most 3, or no pool/,
  ],
  ['one class', { ...base, classes: ['only'] }, 'classes', /1 classes given; a classifier needs 2 to 50/],
  ['duplicate class', { ...base, classes: ['cat', 'Cat'] }, 'classes[1]', /Class name "Cat" appears twice/],
  ['blank class', { ...base, classes: ['cat', ' '] }, 'classes[1]', /Class 2 has no name/],
  ['zero input scale', { ...base, inputScale: 0 }, 'inputScale', /inputScale is 0; give a positive number/],
];

test.each(BAD)('refused: %s', (_, spec, field, message) => {
  const problems = specProblems(spec);
  expect(problems.length).toBeGreaterThan(0);
  expect(problems.map((p) => p.field)).toContain(field);
  expect(problems.map((p) => p.message).join(' ')).toMatch(message);
});

test('too many cells: a spec within every range that Google Sheets cannot hold is refused by the cell limit', () => {
  const huge: ModelSpec = {
    ...base,
    input: { channels: 3, height: 64, width: 64 },
    blocks: [1, 2, 3, 4].map(() => ({ filters: 64, kernel: 3, stride: 1, padding: 'same' as const, pool: null })),
  };
  expect(specProblems(huge)).toEqual([]);
  const { problems } = architectureReport(huge, 'native');
  expect(problems.map((p) => p.message).join(' ')).toMatch(
    /need [\d,]+ cells; Google Sheets holds 10,000,000 per spreadsheet: use a smaller input, fewer filters, a stride of 2 or a pool/,
  );
});

test('the server refuses bad layers before writing anything, naming the field', () => {
  const workbook = new LocalWorkbook();
  const api = createServer(createLocalHost(workbook, { userName: 'Ada' }));
  // (A pool that is not an object reaches the check as { size, stride } missing: named by its fields instead.)
  for (const [, spec, , message] of BAD.filter(
    ([what, s]) => s.classes === base.classes && what !== 'pool not an object',
  )) {
    const layers: ModelLayers = { input: spec.input, inputScale: spec.inputScale, blocks: spec.blocks };
    expect(() => api.buildModel({ layers, mode: 'native', seed: 1 })).toThrow(message);
  }
  const huge = {
    input: { channels: 3, height: 64, width: 64 },
    blocks: [1, 2, 3, 4].map(() => ({ filters: 64, kernel: 3, stride: 1, padding: 'same', pool: null })),
  };
  expect(() => api.buildModel({ layers: huge as unknown as ModelLayers, mode: 'native', seed: 1 })).toThrow(
    /Google Sheets holds 10,000,000/,
  );
  expect(() => api.buildModel({ specName: 'small', layers: presetLayers('small'), mode: 'native', seed: 1 })).toThrow(
    /either a preset name \(specName\) or your own layers \(layers\), not both/,
  );
  expect(workbook.sheetNames()).toEqual([]);
});
