/**
 * Regression cases from a fuzzing pass: results that must not depend on the algorithm, overflow that must be
 * named instead of returned as ±∞, a divergence that must not be negative, work that must be bounded, and
 * messages for Dates. Expected numbers are worked by hand in the comments.
 */
import { CONV2D, CROSSENTROPY, DENSE, KLDIV, RELU } from '../../src/functions';
import { conv2dResultSize } from '../../src/functions/conv2d';
import { argShape } from '../../src/functions/args';
import { winogradFits } from '../../src/core';

function square(size: number, value: number): number[][] {
  return Array.from({ length: size }, () => new Array<number>(size).fill(value));
}

describe('results do not depend on which convolution algorithm ran', () => {
  it('3×3 stride 1 (Winograd) gives what stride 2 (direct) gives for inputs near the float limit', () => {
    const input = [1e308, -1e308, 1e308].map(() => [1e308, -1e308, 1e308]);
    const filter = square(3, 1e-10);
    // Each row sums 1e298 − 1e298 + 1e298 = 1e298; three rows: 3e298. Winograd's transform adds 1e308 + 1e308 first.
    const winogradShape = CONV2D(input, filter, 0, 1) as number[][];
    const direct = CONV2D(input, filter, 0, 2) as number[][];
    expect(direct[0][0]).toBeCloseTo(3e298, -290);
    expect(winogradShape).toEqual(direct);
  });

  it('the rule: Winograd runs only while its transforms cannot overflow', () => {
    expect(winogradFits(1, 1, 64)).toBe(true);
    expect(winogradFits(1e150, 1e150, 1)).toBe(true);
    expect(winogradFits(1e308, 1e-10, 1)).toBe(false);
    expect(winogradFits(1e300, 1, 1e7)).toBe(false);
    expect(winogradFits(Infinity, 1, 1)).toBe(false);
  });
});

describe('overflow is refused, never returned as ±∞', () => {
  it('DENSE names the overflow and how to fix it', () => {
    expect(() => DENSE([[1e200]], [[1e200]], [[0]])).toThrow(
      'DENSE: output 1 is Infinity: vector × weights exceeds the largest number a cell can hold (±1.8e308); scale the vector or the weights down',
    );
    expect(() => DENSE([[-1e200], [1e200]], [[1e200], [1e200]], [[0]])).toThrow(/DENSE: output 1 is (-Infinity|NaN)/);
  });

  it('CONV2D names the overflow and the output cell', () => {
    expect(() =>
      CONV2D(
        [
          [1e200, 1],
          [1, 1],
        ],
        [[1e200]],
        0,
      ),
    ).toThrow(
      'CONV2D: the result cell (row 1, col 1) is Infinity: input × weights exceeds the largest number a cell can hold (±1.8e308); scale the input or the weights down',
    );
    // A bias alone can overflow the sum, too.
    expect(() => CONV2D([[1.5e308]], [[1]], 1e308)).toThrow(/CONV2D: the result cell \(row 1, col 1\) is Infinity/);
  });

  it('KLDIV of a tiny predicted probability stays finite (ln p − ln q instead of ln(p ÷ q))', () => {
    // p = (1, 0), q = (5e-324, 1): KL = 1 · (ln 1 − ln 5e-324) = 744.44007…
    expect(KLDIV([[1], [0]], [[5e-324], [1]])).toBeCloseTo(744.4400719213812, 9);
  });
});

describe('KLDIV is never negative', () => {
  it('p and q are each divided by their sum first', () => {
    // p sums to 0.9999995 (inside the rounding tolerance): normalised, p = q = (1, 0) and KL = 0.
    expect(KLDIV([[0.9999995], [0]], [[1], [0]])).toBe(0);
    // Normalised p = (0.5, 0.5), q = (0.25, 0.75): 0.5 ln 2 + 0.5 ln(2/3) = 0.14384103622589045.
    expect(KLDIV([[0.4999999], [0.4999999]], [[0.25], [0.75]])).toBeCloseTo(0.14384103622589045, 9);
  });
});

describe('CONV2D work and memory are bounded before computing', () => {
  const map9 = square(9, 1);
  const filter9 = square(9, 1);

  it('padding far beyond the kernel is refused, naming padding', () => {
    const expected =
      /CONV2D: padding 700 is more than the kernel size less one \(8\); cells further out see only zeros/;
    expect(() => CONV2D(map9, filter9, 0, 1, 700)).toThrow(expected);
    // The engine reserving spill space hears the same, before anything is computed.
    expect(() =>
      conv2dResultSize([argShape(map9), argShape(filter9), argShape(0), argShape(1), argShape(700)]),
    ).toThrow(expected);
  });

  it('a convolution needing more work than a custom function can finish is refused, naming the sizes', () => {
    // 1000×1000 map, one 31×31 filter, "same": 1,000,000 outputs × 961 weights = 961 million multiply-adds.
    const bigMap = square(1000, 1);
    expect(() => CONV2D(bigMap, square(31, 1), 0, 1, 'same')).toThrow(
      /CONV2D: this convolution needs 961,000,000 multiply-adds \(1000×1000 outputs × 1 filter × 961 weights\); the limit is 250,000,000 per call, about what a custom function finishes in its 30 seconds\. Use a smaller input, smaller filters or a larger stride/,
    );
  });

  it('a kernel much larger than the input with "same" is refused before allocating', () => {
    const hugeKernel = square(1414, 0);
    const map = square(1000, 1);
    expect(() => CONV2D(map, hugeKernel, 0, 1, 'same')).toThrow(
      /CONV2D: filters are 1414×1414, larger than the 1000×1000 input maps/,
    );
  });
});

describe('Dates get messages, not RangeErrors', () => {
  it('RELU of an invalid Date', () => {
    expect(() => RELU(new Date(NaN) as never)).toThrow(
      'RELU: range cell (row 1, col 1) is an invalid date; every cell that is not blank must be a number',
    );
    expect(() => RELU([[new Date(Date.UTC(2024, 0, 2))]] as never)).toThrow(
      'RELU: range cell (row 1, col 1) is the date 2024-01-02; every cell that is not blank must be a number',
    );
  });

  it('CROSSENTROPY with a Date label says it is a date', () => {
    expect(() => CROSSENTROPY([[0.5], [0.5]], new Date(Date.UTC(2024, 0, 2)) as never)).toThrow(
      /^CROSSENTROPY: label is the date 2024-01-02; expected a class number from 1 to 2/,
    );
  });
});
