import type { Tensor } from '../../src/core/types';
import {
  GRID_ORIGIN,
  denseBiasRange,
  denseToGrid,
  denseWeightsRange,
  filterBiasRange,
  filterCell,
  filtersGridSize,
  filtersRange,
  filtersToGrid,
  gridShape,
  mapCell,
  mapGridSize,
  mapRange,
  tensorToGrid,
  vectorToColumn,
  vectorToRow,
} from '../../src/sheet/layout';
import { a1Cell, a1Range, columnLetter, quoteSheetName } from '../../src/sheet/a1-notation';
import { gridToDense, gridToFilters, gridToTensor, gridToVector } from '../../src/sheet/grid-values';

/** Deterministic distinct values so a misplaced cell cannot go unnoticed. */
function sequentialTensor(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, (_, i) => i * 0.5 - 3.25) };
}

describe('gridShape and sizes', () => {
  it.each([
    [1, 1, 1],
    [2, 1, 2],
    [3, 2, 2],
    [4, 2, 2],
    [5, 2, 3],
    [16, 4, 4],
    [17, 4, 5],
    [64, 8, 8],
  ])('%i channels → %i×%i blocks', (channels, gridRows, gridCols) => {
    expect(gridShape(channels)).toEqual({ gridRows, gridCols });
  });

  it('counts one gap row/column between blocks', () => {
    // 16 maps of 28×28: 4 blocks down → 4*28 + 3 rows.
    expect(mapGridSize(16, 28, 28)).toEqual({ rows: 115, cols: 115 });
    expect(mapGridSize(3, 5, 7)).toEqual({ rows: 11, cols: 15 });
    expect(mapGridSize(1, 5, 5)).toEqual({ rows: 5, cols: 5 });
    expect(mapRange(2, 3, 3)).toEqual({ row: 4, col: 2, rows: 3, cols: 7 });
  });

  it('places filters and their biases', () => {
    // The article's filters: 2 filters of 3 channels, 3×3 → 2*3+1 rows, 3*3+2 columns.
    expect(filtersGridSize(2, 3, 3)).toEqual({ rows: 7, cols: 11 });
    expect(filtersRange(2, 3, 3)).toEqual({ row: 4, col: 2, rows: 7, cols: 11 });
    // Filters span columns B..L (2..12); one blank column (13) then the biases at column 14.
    expect(filterBiasRange(2, 3, 3)).toEqual({ row: 4, col: 14, rows: 2, cols: 1 });
  });

  it('places dense weights and biases', () => {
    expect(denseWeightsRange(18, 3)).toEqual({ row: 4, col: 2, rows: 18, cols: 3 });
    expect(denseBiasRange(18, 3)).toEqual({ row: 23, col: 2, rows: 1, cols: 3 });
  });

  it('gives the sheet position of each element', () => {
    // 3 maps of 2×2 in a 2×2 block grid: map 2 is the first block of the second block row.
    expect(mapCell(3, 2, 2, 0, 0, 0)).toEqual(GRID_ORIGIN);
    expect(mapCell(3, 2, 2, 1, 1, 1)).toEqual({ row: 5, col: 6 });
    expect(mapCell(3, 2, 2, 2, 0, 1)).toEqual({ row: 7, col: 3 });
    expect(filterCell(3, 1, 2, 2, 0)).toEqual({ row: 4 + 4 + 2, col: 2 + 8 });
  });
});

describe('tensor ⇄ grid', () => {
  it('writes a small 3-map tensor exactly as documented', () => {
    const t: Tensor = { shape: [3, 2, 2], data: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) };
    expect(tensorToGrid(t)).toEqual([
      [1, 2, '', 5, 6],
      [3, 4, '', 7, 8],
      ['', '', '', '', ''],
      [9, 10, '', '', ''],
      [11, 12, '', '', ''],
    ]);
  });

  it.each([
    [1, 5, 5],
    [2, 3, 7],
    [3, 5, 5],
    [3, 28, 28],
    [16, 7, 9],
    [64, 3, 5],
    [5, 1, 1],
  ])('round trips C=%i, H=%i, W=%i', (c, h, w) => {
    const t = sequentialTensor([c, h, w]);
    const grid = tensorToGrid(t);
    expect(grid.length).toBe(mapGridSize(c, h, w).rows);
    expect(grid[0].length).toBe(mapGridSize(c, h, w).cols);
    // Each element is where mapCell says it is.
    for (let ch = 0; ch < c; ch += Math.max(1, Math.floor(c / 5))) {
      const pos = mapCell(c, h, w, ch, h - 1, w - 1);
      expect(grid[pos.row - GRID_ORIGIN.row][pos.col - GRID_ORIGIN.col]).toBe(t.data[ch * h * w + (h - 1) * w + w - 1]);
    }
    const back = gridToTensor(grid, c, 'TEST', 'input');
    expect(back.shape).toEqual([c, h, w]);
    expect(Array.from(back.data)).toEqual(Array.from(t.data));
  });

  it('round trips filters and reads k and C from the shape', () => {
    for (const [f, c, k] of [
      [2, 3, 3],
      [16, 3, 3],
      [1, 1, 1],
      [4, 2, 5],
    ]) {
      const w = sequentialTensor([f, c, k, k]);
      const grid = filtersToGrid(w);
      expect({ rows: grid.length, cols: grid[0].length }).toEqual(filtersGridSize(f, c, k));
      const pos = filterCell(k, f - 1, c - 1, k - 1, 0);
      expect(grid[pos.row - GRID_ORIGIN.row][pos.col - GRID_ORIGIN.col]).toBe(
        w.data[((f - 1) * c + c - 1) * k * k + (k - 1) * k],
      );
      const back = gridToFilters(grid, f, 'CONV2D', 'filters');
      expect(back.shape).toEqual([f, c, k, k]);
      expect(Array.from(back.data)).toEqual(Array.from(w.data));
    }
  });

  it('round trips dense weights and vectors', () => {
    const w = sequentialTensor([4, 3]);
    expect(denseToGrid(w)).toEqual([
      [-3.25, -2.75, -2.25],
      [-1.75, -1.25, -0.75],
      [-0.25, 0.25, 0.75],
      [1.25, 1.75, 2.25],
    ]);
    expect(Array.from(gridToDense(denseToGrid(w), 'DENSE', 'weights').data)).toEqual(Array.from(w.data));
    const v = sequentialTensor([4]);
    expect(vectorToColumn(v)).toEqual([[-3.25], [-2.75], [-2.25], [-1.75]]);
    expect(vectorToRow(v)).toEqual([[-3.25, -2.75, -2.25, -1.75]]);
    expect(Array.from(gridToVector(vectorToColumn(v), 'SOFTMAX', 'logits').data)).toEqual(Array.from(v.data));
    expect(Array.from(gridToVector(vectorToRow(v), 'SOFTMAX', 'logits').data)).toEqual(Array.from(v.data));
  });
});

describe('reading a grid rejects what does not fit', () => {
  const grid3 = tensorToGrid(sequentialTensor([3, 4, 4])); // 9×9

  it('names the rows that do not fit the block count', () => {
    const rows17 = Array.from({ length: 17 }, () => new Array(19).fill(''));
    expect(() => gridToTensor(rows17, 16, 'MAXPOOL', 'input')).toThrow(
      'MAXPOOL: input has 17 rows; expected 4 rows of blocks (4×H + 3 gaps)',
    );
    expect(() => gridToTensor(grid3.slice(0, 8), 3, 'RELU', 'range')).toThrow(
      'RELU: range has 8 rows; expected 2 rows of blocks',
    );
    expect(() =>
      gridToTensor(
        grid3.map((r) => r.slice(0, 8)),
        3,
        'RELU',
        'range',
      ),
    ).toThrow('RELU: range has 8 columns; expected 2 columns of blocks (2×W + 1 gap)');
  });

  it('rejects text, blanks, NaN and booleans in map cells with their position', () => {
    const text = grid3.map((r) => [...r]) as unknown[][];
    text[2][5] = 'abc'; // column 6: first column of the second block (column 5 is the gap)
    expect(() => gridToTensor(text, 3, 'CONV2D', 'input')).toThrow(
      'CONV2D: input cell (row 3, col 6) is text "abc"; every map cell must be a number',
    );
    const blank = grid3.map((r) => [...r]) as unknown[][];
    blank[0][0] = '';
    expect(() => gridToTensor(blank, 3, 'CONV2D', 'input')).toThrow(
      'CONV2D: input cell (row 1, col 1) is blank; every map cell must be a number',
    );
    const nan = grid3.map((r) => [...r]) as unknown[][];
    nan[1][1] = NaN;
    expect(() => gridToTensor(nan, 3, 'CONV2D', 'input')).toThrow(
      'CONV2D: input cell (row 2, col 2) is not a number (NaN)',
    );
    const bool = grid3.map((r) => [...r]) as unknown[][];
    bool[1][1] = true;
    expect(() => gridToTensor(bool, 3, 'CONV2D', 'input')).toThrow('is the logical value TRUE');
    // Google Sheets passes date-formatted cells as Date objects.
    const date = grid3.map((r) => [...r]) as unknown[][];
    date[0][1] = new Date(Date.UTC(2024, 0, 31));
    expect(() => gridToTensor(date, 3, 'CONV2D', 'input')).toThrow(
      'CONV2D: input cell (row 1, col 2) is the date 2024-01-31; every map cell must be a number',
    );
  });

  it('rejects values in gaps and unused slots', () => {
    const gap = grid3.map((r) => [...r]) as unknown[][];
    gap[4][0] = 7;
    expect(() => gridToTensor(gap, 3, 'RELU', 'range')).toThrow(
      'RELU: range cell (row 5, col 1) is 7 but lies in a gap between blocks',
    );
    const slot = grid3.map((r) => [...r]) as unknown[][];
    slot[8][8] = 1;
    expect(() => gridToTensor(slot, 3, 'RELU', 'range')).toThrow(
      'RELU: range cell (row 9, col 9) is 1 but lies in an unused block slot',
    );
  });

  it('rejects empty and ragged ranges and bad channel counts', () => {
    expect(() => gridToTensor([], 1, 'RELU', 'range')).toThrow('RELU: range is empty');
    expect(() => gridToTensor([[1, 2], [3]], 1, 'RELU', 'range')).toThrow(
      'RELU: range row 2 has 1 cells but row 1 has 2',
    );
    expect(() => gridToTensor([[1]], 0, 'MAXPOOL', 'input')).toThrow(
      'MAXPOOL: channels must be a whole number ≥ 1, got 0',
    );
    expect(() => gridToTensor([[1]], 1.5, 'MAXPOOL', 'input')).toThrow(
      'MAXPOOL: channels must be a whole number ≥ 1, got 1.5',
    );
  });

  it('explains filters that do not fit', () => {
    const filters = filtersToGrid(sequentialTensor([2, 3, 3, 3])); // 7×11
    expect(() => gridToFilters(filters.slice(0, 6), 2, 'CONV2D', 'filters')).toThrow(
      'CONV2D: filters has 6 rows; expected 2 rows of k×k blocks, one per filter (2×k + 1 gap, e.g. 7 rows for 3×3 kernels)',
    );
    expect(() =>
      gridToFilters(
        filters.map((r) => r.slice(0, 10)),
        2,
        'CONV2D',
        'filters',
      ),
    ).toThrow('CONV2D: filters has 10 columns; with 3×3 kernels expected one 3×3 block per input channel');
  });

  it('rejects a vector that is a block', () => {
    expect(() =>
      gridToVector(
        [
          [1, 2],
          [3, 4],
        ],
        'SOFTMAX',
        'logits',
      ),
    ).toThrow('SOFTMAX: logits is 2×2; expected a single column');
  });
});

describe('A1 notation', () => {
  it('names columns', () => {
    expect([1, 2, 26, 27, 52, 53, 702, 703, 16384].map(columnLetter)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
    expect(() => columnLetter(0)).toThrow('columnLetter: column must be a whole number ≥ 1');
    expect(a1Cell(4, 2)).toBe('B4');
  });

  it('quotes sheet names only when needed', () => {
    expect(quoteSheetName('R')).toBe('R');
    expect(quoteSheetName('Filters_1')).toBe('Filters_1');
    expect(quoteSheetName('Conv 1')).toBe("'Conv 1'");
    expect(quoteSheetName("Bob's")).toBe("'Bob''s'");
    expect(quoteSheetName('A1')).toBe("'A1'");
    expect(quoteSheetName('R1C1')).toBe("'R1C1'");
    expect(quoteSheetName('1st')).toBe("'1st'");
    expect(quoteSheetName('Softmax·1')).toBe("'Softmax·1'");
  });

  it('writes ranges', () => {
    expect(a1Range(null, { row: 4, col: 2, rows: 3, cols: 3 })).toBe('B4:D6');
    expect(a1Range('R', { row: 4, col: 2, rows: 1, cols: 1 })).toBe('R!B4');
    expect(a1Range('Step 2 · Conv', { row: 4, col: 27, rows: 2, cols: 2 })).toBe("'Step 2 · Conv'!AA4:AB5");
  });
});
