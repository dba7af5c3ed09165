/** The numeric assertion every test uses: what it accepts, and the message naming where a difference is. */
import { expectClose } from './close';

describe('expectClose', () => {
  test('accepts numbers within an absolute or a relative bound, in arrays, typed arrays and nested grids', () => {
    expectClose(1 + 1e-10, 1);
    expectClose(new Float64Array([1, 2]), [1 + 1e-12, 2], 1e-9);
    expectClose(
      [
        [1, ''],
        ['', 2],
      ],
      [
        [1.0005, ''],
        ['', 2],
      ],
      1e-3,
    );
    expectClose(1e6 + 0.5, 1e6, { relative: 1e-6 });
    expectClose(1e-13, 0, { absolute: 1e-12, relative: 1e-12 });
  });

  test('names the first differing index with both values, the difference and the bound', () => {
    expect(() =>
      expectClose(
        [
          [1, 2],
          [3, 4.1],
        ],
        [
          [1, 2],
          [3, 4],
        ],
        0.05,
        'grid',
      ),
    ).toThrow('grid[1][1] is 4.1; expected 4 (difference 0.09999999999999964, tolerance 0.05)');
    expect(() => expectClose(2.5, 2, { relative: 0.1 })).toThrow(
      'value is 2.5; expected 2 (difference 0.5, tolerance 0.2)',
    );
  });

  test('refuses another shape, NaN, ±∞ and a non-number where a number belongs', () => {
    expect(() => expectClose([1, 2, 3], [1, 2], 1, 'probabilities')).toThrow('probabilities has 3 entries; expected 2');
    expect(() => expectClose(3, [3])).toThrow('value is 3; expected a list of 1');
    expect(() => expectClose(NaN, 0, 1)).toThrow('value is NaN; expected 0');
    expect(() => expectClose(Infinity, Infinity, 1)).toThrow('value is Infinity; expected Infinity');
    expect(() => expectClose(['1'], [1])).toThrow('value[0] is "1"; expected the number 1');
    expect(() => expectClose([[0]], [['']])).toThrow('value[0][0] is 0; expected ""');
  });
});
