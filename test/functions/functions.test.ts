import { conv2d, crossEntropy, dense, flatten, klDivergence, maxPool, relu, softmax, tensor } from '../../src/core';
import type { Padding } from '../../src/core/types';
import {
  CONV2D,
  CROSSENTROPY,
  CUSTOM_FUNCTIONS,
  CUSTOM_FUNCTION_SIGNATURES,
  DENSE,
  FLATTENMAPS,
  KLDIV,
  MAXPOOL,
  PREDICT,
  RELU,
  SOFTMAX,
} from '../../src/functions';
import type { SheetArg } from '../../src/functions';
import { argShape } from '../../src/functions/args';
import { denseToGrid, filtersToGrid, tensorToGrid, vectorToColumn, vectorToRow } from '../../src/sheet/layout';
import { articleExample, randomTensor } from './fixtures';
import { expectClose } from '../helpers/close';

describe('hand-checked small cases', () => {
  it('CONV2D: the article example, worked by hand', () => {
    const { input, weights, biases } = articleExample();
    const result = CONV2D(tensorToGrid(input), filtersToGrid(weights), vectorToColumn(biases), 2, 1);
    // Padding 1 and stride 2: output row oy covers input rows {0,1}, {1,2,3}, {3,4} (the rest is padding);
    // the same for columns. Filter 0 sums channel 0 (5y + x + 1) over the window:
    //   rows {0,1} × cols {0,1}: 1+2+6+7 = 16        rows {1,2,3} × cols {1,2,3}: 7+8+9+12+13+14+17+18+19 = 117
    //   in general |cols|·Σ5y + |rows|·Σ(x+1): e.g. rows {1,2,3}, cols {0,1}: 2·30 + 3·3 = 69.
    // Filter 1 reads the window centre (input row 2oy, column 2ox) of each channel, plus bias 1:
    //   1 + (10oy + 2ox + 1) + 1 + 2oy = 3 + 12oy + 2ox.
    expect(result).toEqual([
      [16, 33, 28, '', 3, 5, 7],
      [69, 117, 87, '', 15, 17, 19],
      [76, 123, 88, '', 27, 29, 31],
    ]);
  });

  it('CONV2D: "valid" is the default padding and 1 the default stride', () => {
    const { input, weights, biases } = articleExample();
    const result = CONV2D(tensorToGrid(input), filtersToGrid(weights), vectorToColumn(biases)) as number[][];
    // Top-left 3×3 window of channel 0: 1+2+3+6+7+8+11+12+13 = 63; filter 1 at centre (1,1): 1 + 7 + 1 + 1 = 10.
    expect(result.length).toBe(3);
    expect(result[0].length).toBe(7);
    expect(result[0][0]).toBe(63);
    expect(result[0][4]).toBe(10);
    // Same padding with stride 1 keeps 5×5 maps.
    expect(
      (CONV2D(tensorToGrid(input), filtersToGrid(weights), vectorToColumn(biases), 1, 'SAME') as number[][]).length,
    ).toBe(5);
  });

  it('RELU keeps positives, zeroes negatives, leaves blanks blank, and maps a single cell to a single value', () => {
    expect(
      RELU([
        [-1, 2.5, ''],
        ['', 0, -0.001],
      ]),
    ).toEqual([
      [0, 2.5, ''],
      ['', 0, 0],
    ]);
    expect(RELU(-3)).toBe(0);
    expect(RELU(4)).toBe(4);
    expect(
      RELU([
        ['', ''],
        ['', ''],
      ]),
    ).toEqual([
      ['', ''],
      ['', ''],
    ]);
  });

  it('MAXPOOL takes the largest of each window, with default size 2 and stride = size', () => {
    const map = [
      [1, 5, 2, 0],
      [3, -1, 7, 4],
      [0, 0, -2, -3],
      [9, 1, -4, -1],
    ];
    expect(MAXPOOL(map, 1)).toEqual([
      [5, 7],
      [9, -1],
    ]);
    // Size 3 stride 1: windows start at rows/cols 0 and 1.
    expect(MAXPOOL(map, 1, 3, 1)).toEqual([
      [7, 7],
      [9, 7],
    ]);
    // Two maps side by side keep their gap.
    // The second map is 10 − the first: [[9,5,8,10],[7,11,3,6],[10,10,12,13],[1,9,14,11]].
    const twoMaps = map.map((row) => [...row, '', ...row.map((v) => 10 - v)]);
    expect(MAXPOOL(twoMaps, 2, 2, '')).toEqual([
      [5, 7, '', 11, 10],
      [9, -1, '', 10, 14],
    ]);
  });

  it('FLATTENMAPS reads map after map, row by row', () => {
    const grid = [
      [1, 2, '', 5, 6],
      [3, 4, '', 7, 8],
    ];
    expect(FLATTENMAPS(grid, 2)).toEqual([[1], [2], [3], [4], [5], [6], [7], [8]]);
  });

  it('DENSE adds each bias to the vector times its weights column', () => {
    const vector = [[1], [2], [-1]];
    const weights = [
      [1, 0, 2],
      [0.5, 1, 0],
      [3, -1, 1],
    ];
    // Class 1: 1·1 + 2·0.5 − 1·3 + 0.5 = −0.5; class 2: 0 + 2 + 1 − 1 = 2; class 3: 2 + 0 − 1 + 0 = 1.
    expect(DENSE(vector, weights, [[0.5, -1, 0]])).toEqual([[-0.5], [2], [1]]);
    // A row vector and a column of biases work too.
    expect(DENSE([[1, 2, -1]], weights, [[0.5], [-1], [0]])).toEqual([[-0.5], [2], [1]]);
  });

  it('SOFTMAX turns ln 1, ln 2, ln 3 into 1/6, 2/6, 3/6 and keeps the orientation', () => {
    expectClose(SOFTMAX([[0], [Math.log(2)], [Math.log(3)]]), [[1 / 6], [2 / 6], [3 / 6]], 1e-15);
    expectClose(SOFTMAX([[0, Math.log(2), Math.log(3)]]), [[1 / 6, 2 / 6, 3 / 6]], 1e-15);
    expectClose(SOFTMAX([[1000], [1000]]), [[0.5], [0.5]], 0);
  });

  it('CROSSENTROPY is −ln p(true class) for a number, a name and a one-hot label', () => {
    const probs = [[0.25], [0.25], [0.5]];
    const classes = [['Elon Musk'], ['Jeff Bezos'], ['Jon Snow']];
    expect(CROSSENTROPY(probs, 3)).toBeCloseTo(Math.log(2), 15);
    expect(CROSSENTROPY(probs, 'Jeff Bezos', classes)).toBeCloseTo(Math.log(4), 15);
    expect(CROSSENTROPY(probs, [[0], [0], [1]])).toBeCloseTo(Math.log(2), 15);
    expect(Math.abs(CROSSENTROPY([[0, 1]], 2) as number)).toBe(0);
  });

  it('KLDIV is Σ p ln(p/q), 0 for equal distributions, and the cross-entropy for a one-hot p', () => {
    expect(KLDIV([[0.5], [0.5]], [[0.25], [0.75]])).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 15);
    expect(KLDIV([[0.2], [0.8]], [[0.2], [0.8]])).toBe(0);
    expect(KLDIV([[0], [1], [0]], [[0.25], [0.25], [0.5]])).toBeCloseTo(Math.log(4), 15);
  });

  it('PREDICT names the most probable class, the first one on a tie', () => {
    expect(PREDICT([[0.2], [0.5], [0.3]], [['Elon Musk'], ['Jeff Bezos'], ['Jon Snow']])).toBe('Jeff Bezos');
    expect(PREDICT([[0.4, 0.4, 0.2]], [['a', 'b', 'c']])).toBe('a');
  });
});

describe('equal to the engine on random cases', () => {
  const cases: [number, number, number, number, number, number, Padding][] = [
    // C, H, W, F, k, stride, padding
    [3, 7, 6, 4, 3, 2, 'same'],
    [1, 5, 5, 2, 3, 1, 'valid'],
    [5, 6, 9, 3, 2, 2, 1],
    [16, 4, 4, 2, 3, 1, 'same'],
  ];

  it.each(cases)(
    'CONV2D → RELU → MAXPOOL → FLATTENMAPS → DENSE → SOFTMAX → losses for C=%i H=%i W=%i F=%i k=%i stride %i padding %s',
    (c, h, w, f, k, stride, padding) => {
      const seed = c * 100 + h * 10 + w;
      const x = randomTensor([c, h, w], seed);
      const weights = randomTensor([f, c, k, k], seed + 1);
      const bias = randomTensor([f], seed + 2);
      const conv = conv2d(x, weights, bias, stride, padding);
      const convGrid = CONV2D(tensorToGrid(x), filtersToGrid(weights), vectorToRow(bias), stride, padding);
      expectClose(convGrid, tensorToGrid(conv), 1e-12);

      const reluGrid = RELU(convGrid);
      expectClose(reluGrid, tensorToGrid(relu(conv)), 1e-12);

      const pooled = maxPool(relu(conv), 2, 1);
      const poolGrid = MAXPOOL(reluGrid, f, 2, 1);
      expectClose(poolGrid, tensorToGrid(pooled), 1e-12);

      const flat = flatten(pooled);
      const flatGrid = FLATTENMAPS(poolGrid, f);
      expectClose(flatGrid, vectorToColumn(flat), 1e-12);

      const denseWeights = randomTensor([flat.data.length, 3], seed + 3);
      const denseBias = randomTensor([3], seed + 4);
      const logits = dense(flat, denseWeights, denseBias);
      const logitsGrid = DENSE(flatGrid, denseToGrid(denseWeights), vectorToRow(denseBias));
      expectClose(logitsGrid, vectorToColumn(logits), 1e-12);

      const probs = softmax(logits);
      const probsGrid = SOFTMAX(logitsGrid);
      expectClose(probsGrid, vectorToColumn(probs), 1e-12);

      expect(Math.abs((CROSSENTROPY(probsGrid, 2) as number) - crossEntropy(probs, 1))).toBeLessThanOrEqual(1e-12);
      const target = tensor([3], [0.2, 0.3, 0.5]);
      expect(
        Math.abs((KLDIV(vectorToColumn(target), probsGrid) as number) - klDivergence(target, probs)),
      ).toBeLessThanOrEqual(1e-12);
    },
  );
});

describe('result-size rules agree with the results', () => {
  it.each([
    [
      'CONV2D',
      () => {
        const e = articleExample();
        return [tensorToGrid(e.input), filtersToGrid(e.weights), vectorToColumn(e.biases), 2, 1];
      },
    ],
    [
      'CONV2D',
      () => {
        const e = articleExample();
        return [tensorToGrid(e.input), filtersToGrid(e.weights), vectorToRow(e.biases), undefined, 'same'];
      },
    ],
    ['MAXPOOL', () => [tensorToGrid(randomTensor([3, 6, 5], 7)), 3, 3, 1]],
    ['FLATTENMAPS', () => [tensorToGrid(randomTensor([5, 2, 3], 8)), 5]],
    ['RELU', () => [[[1, '', -2]]]],
    [
      'DENSE',
      () => [
        [[1], [2]],
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [[0, 0, 0]],
      ],
    ],
    ['SOFTMAX', () => [[[1, 2, 3, 4]]]],
    ['CROSSENTROPY', () => [[[0.5], [0.5]], 1]],
    [
      'KLDIV',
      () => [
        [[0.5], [0.5]],
        [[0.5], [0.5]],
      ],
    ],
    [
      'PREDICT',
      () => [
        [[0.5], [0.5]],
        [['a'], ['b']],
      ],
    ],
  ] as [keyof typeof CUSTOM_FUNCTIONS, () => SheetArg[]][])('%s', (name, makeArgs) => {
    const args = makeArgs();
    const result = CUSTOM_FUNCTIONS[name](...args);
    const size = CUSTOM_FUNCTION_SIGNATURES[name].resultSize(args.map(argShape));
    const rows = Array.isArray(result) ? result.length : 1;
    const cols = Array.isArray(result) ? result[0].length : 1;
    expect(size).toEqual({ rows, cols });
  });
});

describe('bad input gives a message naming the function, the argument and what was expected', () => {
  const article = articleExample();
  const input = tensorToGrid(article.input); // 3 maps of 5×5: 11×11
  const filters = filtersToGrid(article.weights); // 7×11
  const biases = vectorToColumn(article.biases);
  const edit = (grid: (number | string)[][], row: number, col: number, value: unknown): SheetArg => {
    const copy = grid.map((r) => [...r]) as unknown[][];
    copy[row][col] = value;
    return copy as SheetArg;
  };
  const probs = [[0.2], [0.3], [0.5]];
  const classes = [['Elon Musk'], ['Jeff Bezos'], ['Jon Snow']];
  const map4 = [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
    [9, 10, 11, 12],
    [13, 14, 15, 16],
  ];
  // 2001 rows of the same 1000-cell row: a huge range without allocating 2 million cells.
  const wideRow = new Array(1000).fill(0);
  const huge = Array.from({ length: 2001 }, () => wideRow);
  // One 300×300 map and 30 filters of 1×1: a small input whose result would be 30 maps of 300×300.
  const bigMap = Array.from({ length: 300 }, () => new Array(300).fill(1));
  const oneByOneFilters = Array.from({ length: 59 }, (_, r) => [r % 2 === 0 ? 1 : '']);
  const thirtyBiases = Array.from({ length: 30 }, () => [0]);

  const cases: [string, () => unknown, string][] = [
    [
      'text in a map cell',
      () => CONV2D(edit(input, 1, 2, 'abc'), filters, biases),
      'CONV2D: input cell (row 2, col 3) is text "abc"; every map cell must be a number',
    ],
    [
      'a blank in the data',
      () => CONV2D(edit(input, 0, 0, ''), filters, biases),
      'CONV2D: input cell (row 1, col 1) is blank; every map cell must be a number',
    ],
    [
      'NaN in a map cell',
      () => CONV2D(edit(input, 0, 0, NaN), filters, biases),
      'CONV2D: input cell (row 1, col 1) is not a number (NaN)',
    ],
    [
      'a boolean weight',
      () => CONV2D(input, edit(filters, 0, 0, true), biases),
      'CONV2D: filters cell (row 1, col 1) is the logical value TRUE; every weight cell must be a number',
    ],
    [
      'a weight in a gap',
      () => CONV2D(input, edit(filters, 3, 0, 5), biases),
      'CONV2D: filters cell (row 4, col 1) is 5 but lies in a gap between blocks',
    ],
    [
      'filter rows that do not make F blocks',
      () => CONV2D(input, filters.slice(0, 6), biases),
      'CONV2D: filters has 6 rows; expected 2 rows of k×k blocks, one per filter (2×k + 1 gap, e.g. 7 rows for 3×3 kernels)',
    ],
    [
      'filter columns that do not make k×k blocks',
      () =>
        CONV2D(
          input,
          filters.map((r) => r.slice(0, 10)),
          biases,
        ),
      'CONV2D: filters has 10 columns; with 3×3 kernels expected one 3×3 block per input channel',
    ],
    [
      'filters deeper than the input (1 map given, 3 expected)',
      () => CONV2D(tensorToGrid(randomTensor([1, 5, 5], 1)), filters, biases, 1, 'same'),
      'but lies in a gap between blocks, which must be blank (3 maps are laid out as 2×2 blocks with one blank row/column between blocks, each 2×2) (the filters are 3 channels deep, so input must be a grid of 3 maps)',
    ],
    [
      'input with more maps than the filters are deep',
      () => CONV2D(input, filtersToGrid(randomTensor([2, 2, 3, 3], 2)), biases),
      'CONV2D: input cell (row 6, col 1) is blank; every map cell must be a number (the filters are 2 channels deep, so input must be a grid of 2 maps)',
    ],
    [
      'input rows that do not fit the filter depth',
      () => CONV2D(input.slice(0, 10), filters, biases),
      'CONV2D: input has 10 rows; expected 2 rows of blocks (2×H + 1 gap) because 3 maps are laid out as 2×2 blocks with one blank row/column between blocks (the filters are 3 channels deep',
    ],
    [
      'stride 0',
      () => CONV2D(input, filters, biases, 0),
      'CONV2D: stride is 0; expected a whole number ≥ 1 (cells the filter moves per step)',
    ],
    [
      'a fractional stride',
      () => CONV2D(input, filters, biases, 1.5),
      'CONV2D: stride is 1.5; expected a whole number ≥ 1',
    ],
    [
      'a stride given as text',
      () => CONV2D(input, filters, biases, 'two'),
      'CONV2D: stride is text "two"; expected a whole number ≥ 1',
    ],
    [
      'a stride given as a range',
      () => CONV2D(input, filters, biases, [[1], [2]]),
      'CONV2D: stride is a 2-row range; expected one whole number ≥ 1',
    ],
    [
      'negative padding',
      () => CONV2D(input, filters, biases, 1, -1),
      'CONV2D: padding is -1; expected "valid" (no padding), "same" (output as large as input ÷ stride) or a whole number of zero cells ≥ 0',
    ],
    [
      'an unknown padding word',
      () => CONV2D(input, filters, biases, 1, 'full'),
      'CONV2D: padding "full" is not known; expected "valid"',
    ],
    [
      'a kernel larger than the input',
      () =>
        CONV2D(
          [
            [1, 2],
            [3, 4],
          ],
          [
            [1, 1, 1],
            [1, 1, 1],
            [1, 1, 1],
          ],
          0,
        ),
      "CONV2D: kernel 3 is larger than the input (2) with 'valid' padding",
    ],
    [
      'biases as a block',
      () =>
        CONV2D(input, filters, [
          [0, 1],
          [1, 0],
        ]),
      'CONV2D: biases is 2×2; expected a single column (or a single row) of numbers',
    ],
    [
      'a text bias',
      () => CONV2D(input, filters, [['b'], [1]]),
      'CONV2D: biases cell (row 1, col 1) is text "b"; every cell must be a number',
    ],
    [
      'a missing argument',
      () => CONV2D(undefined, filters, biases),
      'CONV2D: input is missing; select the range that holds it',
    ],
    ['an empty range', () => CONV2D([], filters, biases), 'CONV2D: input is empty; select the range that holds it'],
    [
      'a 1×1 filters range for 2 filters',
      () => CONV2D(input, 1, biases),
      'CONV2D: filters has 1 row; expected 2 rows of k×k blocks',
    ],
    [
      'a huge range',
      () => CONV2D(huge, filters, biases),
      'CONV2D: input has 2,001,000 cells; the limit is 2,000,000 cells per argument (select a smaller range)',
    ],
    [
      'a result too large to spill',
      () => CONV2D(bigMap, oneByOneFilters, thirtyBiases),
      'CONV2D: the result would be 1504×1805 = 2,714,720 cells; the limit is 2,000,000 (use smaller maps or fewer filters)',
    ],
    [
      'a ragged range',
      () => RELU([[1, 2], [3]]),
      'RELU: range row 2 has 1 cells but row 1 has 2; pass a rectangular range',
    ],
    [
      'text in RELU',
      () => RELU([[1, 'x']]),
      'RELU: range cell (row 1, col 2) is text "x"; every cell that is not blank must be a number',
    ],
    ['RELU of nothing', () => RELU(undefined), 'RELU: range is missing'],
    [
      'MAXPOOL rows that are not whole blocks',
      () =>
        MAXPOOL(
          Array.from({ length: 17 }, () => new Array(19).fill(1)),
          16,
        ),
      'MAXPOOL: input has 17 rows; expected 4 rows of blocks (4×H + 3 gaps)',
    ],
    [
      'MAXPOOL with 0 channels',
      () => MAXPOOL(map4, 0),
      'MAXPOOL: channels is 0; expected a whole number ≥ 1 (how many maps the input grid holds)',
    ],
    ['MAXPOOL without channels', () => MAXPOOL(map4, ''), 'MAXPOOL: channels is missing; expected a whole number ≥ 1'],
    [
      'a pooling window larger than the maps',
      () => MAXPOOL(map4, 1, 5),
      'MAXPOOL: size 5 is larger than the 4×4 input maps; use a window of at most 4',
    ],
    [
      'pooling stride 0',
      () => MAXPOOL(map4, 1, 2, 0),
      'MAXPOOL: stride is 0; expected a whole number ≥ 1 (cells the window moves per step)',
    ],
    [
      'a number in an unused block slot',
      () => MAXPOOL(edit(input, 10, 10, 1), 3),
      'MAXPOOL: input cell (row 11, col 11) is 1 but lies in an unused block slot',
    ],
    [
      'FLATTENMAPS columns that are not whole blocks',
      () => FLATTENMAPS(map4, 2),
      'FLATTENMAPS: input has 4 columns; expected 2 columns of blocks (2×W + 1 gap)',
    ],
    [
      'DENSE weights with the wrong row count',
      () => DENSE([[1], [2], [3], [4]], [[1], [2], [3]], 0),
      'DENSE: weights has 3 rows; expected 4, one row per cell of vector',
    ],
    [
      'DENSE biases that do not match the classes',
      () =>
        DENSE(
          [[1], [2]],
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          [[0, 0]],
        ),
      'DENSE: weights has 3 columns but biases has 2 cells; expected one weights column per bias',
    ],
    [
      'DENSE vector as a block',
      () =>
        DENSE(
          [
            [1, 2],
            [3, 4],
          ],
          [[1]],
          0,
        ),
      'DENSE: vector is 2×2; expected a single column',
    ],
    [
      'a text logit',
      () => SOFTMAX([[1], ['two']]),
      'SOFTMAX: logits cell (row 2, col 1) is text "two"; every cell must be a number',
    ],
    [
      'a blank logit',
      () => SOFTMAX([[1], ['']]),
      'SOFTMAX: logits cell (row 2, col 1) is blank; every cell must be a number',
    ],
    [
      'a label out of range',
      () => CROSSENTROPY(probs, 4),
      'CROSSENTROPY: label 4 is out of range; expected a class number from 1 to 3, a class name (with the classes range as third argument), or a one-hot range of 3 cells',
    ],
    ['label 0 (numbers start at 1)', () => CROSSENTROPY(probs, 0), 'CROSSENTROPY: label 0 is out of range'],
    [
      'an unknown class name',
      () => CROSSENTROPY(probs, 'Jon', classes),
      'CROSSENTROPY: label "Jon" is not one of the classes (Elon Musk, Jeff Bezos, Jon Snow)',
    ],
    [
      'a class name without classes',
      () => CROSSENTROPY(probs, 'Jon Snow'),
      'CROSSENTROPY: label is the name "Jon Snow" but no classes were given',
    ],
    [
      'a blank label',
      () => CROSSENTROPY(probs, ''),
      'CROSSENTROPY: label is blank; expected a class number from 1 to 3',
    ],
    [
      'a label range that is not one-hot',
      () => CROSSENTROPY(probs, [[1], [1], [0]]),
      'CROSSENTROPY: label range must be one-hot: 3 cells, one 1 and the rest 0 (got 3 cells: 1, 1, 0)',
    ],
    [
      'probabilities not adding up to 1',
      () => CROSSENTROPY([[0.2], [0.3], [0.4]], 1),
      'CROSSENTROPY: the cells of probabilities add up to 0.9; expected 1 (a probability distribution, e.g. the result of SOFTMAX)',
    ],
    [
      'a negative probability',
      () => CROSSENTROPY([[-0.1], [0.6], [0.5]], 1),
      'CROSSENTROPY: probabilities cell 1 is -0.1; probabilities must lie between 0 and 1',
    ],
    [
      'a true class with probability 0',
      () => CROSSENTROPY([[0], [1]], 1),
      'CROSSENTROPY: the true class (number 1) has probability 0, so the loss is infinite',
    ],
    [
      'KLDIV p not adding up to 1',
      () => KLDIV([[0.5], [0.6]], [[0.5], [0.5]]),
      'KLDIV: the cells of p add up to 1.1; expected 1',
    ],
    [
      'KLDIV distributions of different lengths',
      () => KLDIV([[0.5], [0.5], [0]], [[0.5], [0.5]]),
      'KLDIV: q has 2 cells but p has 3; expected the same classes in both',
    ],
    [
      'KLDIV q 0 where p is not',
      () => KLDIV([[0.5], [0.5]], [[1], [0]]),
      'KLDIV: q cell 2 is 0 where p is 0.5, so the divergence is infinite',
    ],
    [
      'PREDICT with too few class names',
      () => PREDICT(probs, [['a'], ['b']]),
      'PREDICT: classes has 2 names; expected 3, one per probability',
    ],
    [
      'PREDICT with a blank class name',
      () => PREDICT(probs, [['a'], [''], ['c']]),
      'PREDICT: classes cell 2 is blank; every class needs a name',
    ],
  ];

  it('covers at least 30 kinds of bad input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', (_kind, call, message) => {
    expect(call).toThrow(message);
  });
});
