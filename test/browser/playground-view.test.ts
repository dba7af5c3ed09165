/**
 * The workbook view's pure parts: colour scales evaluated on a sheet's numbers (including the corner cases a
 * trained model produces: every weight positive, one value only, a middle stop without a value) and numbers
 * shown in their number format.
 */
import { cellColors } from '../../src/local/playground/playground-colors';
import { displayValue } from '../../src/local/playground/playground-format';
import type { CellValue, ColorRule } from '../../src/sheet/workbook';

const range = { row: 1, col: 1, rows: 1, cols: 4 };
const diverging: ColorRule = {
  ranges: [range],
  min: { color: '#0000ff' },
  mid: { color: '#ffffff', value: 0 },
  max: { color: '#ff0000' },
};

describe('cellColors', () => {
  it('puts white at 0 and the end colours at the most negative and most positive numbers', () => {
    expect(cellColors([[-2, -1, 0, 4]], [diverging])).toEqual([['#0000ff', '#8080ff', '#ffffff', '#ff0000']]);
  });

  it('keeps 0 white when every number is positive, so the sign still reads', () => {
    expect(cellColors([[1, 2, 4, '']], [diverging])).toEqual([['#ffbfbf', '#ff8080', '#ff0000', '']]);
  });

  it('colours blanks and text not at all, and a single number with the mix of both ends', () => {
    const rule: ColorRule = { ranges: [range], min: { color: '#000000' }, max: { color: '#ffffff' } };
    expect(cellColors([['x', 5, '', true] as CellValue[]], [rule])).toEqual([['', '#808080', '', '']]);
  });

  it('puts a middle stop without a value at the median, and lets the first of overlapping rules win', () => {
    const three = { row: 1, col: 1, rows: 1, cols: 3 };
    const median: ColorRule = {
      ranges: [three],
      min: { color: '#000000' },
      mid: { color: '#00ff00' },
      max: { color: '#ffffff' },
    };
    expect(cellColors([[0, 1, 10]], [median])).toEqual([['#000000', '#00ff00', '#ffffff']]);
    expect(cellColors([[0, 3, 10]], [median])).toEqual([['#000000', '#00ff00', '#ffffff']]);
    const first: ColorRule = {
      ranges: [{ row: 1, col: 1, rows: 1, cols: 1 }],
      min: { color: '#123456', value: 0 },
      max: { color: '#123456', value: 1 },
    };
    expect(cellColors([[0, 1, 10]], [first, median])[0]).toEqual(['#123456', '#00ff00', '#ffffff']);
  });
});

describe('displayValue', () => {
  it('shows numbers in fixed formats as a spreadsheet does, and others in up to 10 significant digits', () => {
    expect(displayValue(0.123456, '0.000')).toBe('0.123');
    expect(displayValue(-0.0001, '0.000')).toBe('0.000');
    expect(displayValue(254.6, '0')).toBe('255');
    expect(displayValue(1 / 3, undefined)).toBe('0.3333333333');
    expect(displayValue(true, undefined)).toBe('TRUE');
    expect(displayValue('x'.repeat(300), undefined)).toBe('x'.repeat(300));
    expect(displayValue('x'.repeat(400), undefined)).toBe(`${'x'.repeat(64)}… (400 characters)`);
  });
});
