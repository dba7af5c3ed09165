import { centreSquareCrop, cropImage, resizeArea, resizeAreaValues } from '../../src/image';
import { expectImageError, pseudoRandomBytes } from '../helpers/images';
import { roundedFromReference, tfAreaResize, tfAvgPool } from './tf-reference';

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('resizeArea', () => {
  it('integer factors: equals tf.avgPool before rounding (RGB, 60×84 → 30×28, windows 2 across and 3 down)', () => {
    const image = { width: 60, height: 84, data: pseudoRandomBytes(60 * 84 * 3, 1) };
    const reference = tfAvgPool(image.data, 84, 60, 3, [3, 2]);
    expect(maxAbsDifference(resizeAreaValues(image, 30, 28), reference)).toBeLessThan(1e-4);
    expect([...resizeArea(image, 30, 28).data]).toEqual(roundedFromReference(reference, 60 * 84));
  });

  it('integer factors on RGBA (canvas) input: every channel pooled the same way', () => {
    const image = { width: 40, height: 40, data: new Uint8ClampedArray(pseudoRandomBytes(40 * 40 * 4, 2)) };
    const reference = tfAvgPool(Uint8Array.from(image.data), 40, 40, 4, [5, 5]);
    expect(maxAbsDifference(resizeAreaValues(image, 8, 8), reference)).toBeLessThan(1e-4);
    expect([...resizeArea(image, 8, 8).data]).toEqual(roundedFromReference(reference, 40 * 40));
  });

  it('fractional factors: equals repeat-then-average-pool in TensorFlow.js (37×23 → 10×7, 92×112 → 28×28)', () => {
    const small = { width: 37, height: 23, data: pseudoRandomBytes(37 * 23 * 3, 3) };
    const smallReference = tfAreaResize(small.data, 23, 37, 3, 7, 10);
    expect(maxAbsDifference(resizeAreaValues(small, 10, 7), smallReference)).toBeLessThan(1e-4);
    expect([...resizeArea(small, 10, 7).data]).toEqual(roundedFromReference(smallReference, 37 * 23));

    const face = { width: 92, height: 112, data: pseudoRandomBytes(92 * 112 * 3, 4) };
    const faceReference = tfAreaResize(face.data, 112, 92, 3, 28, 28);
    expect(maxAbsDifference(resizeAreaValues(face, 28, 28), faceReference)).toBeLessThan(1e-4);
    expect([...resizeArea(face, 28, 28).data]).toEqual(roundedFromReference(faceReference, 92 * 112));
  });

  it('a hand-computed case: 3×3 → 2×2 weighs partly covered pixels by the share covered', () => {
    // Grey values 0..8 row by row. Target (0,0) covers [0,1.5)²: 0·1 + 1·½ + 3·½ + 4·¼ = 3 over an area of 2.25.
    const grey = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const image = { width: 3, height: 3, data: Uint8Array.from(grey.flatMap((v) => [v, v, v])) };
    const values = resizeAreaValues(image, 2, 2);
    const expected = [3 / 2.25, 6 / 2.25, 12 / 2.25, 15 / 2.25];
    expected.forEach((v, p) => [0, 1, 2].forEach((c) => expect(values[p * 3 + c]).toBeCloseTo(v, 12)));
    expect([...resizeArea(image, 2, 2).data].filter((_, i) => i % 3 === 0)).toEqual([1, 3, 5, 7]);

    // 3×1 → 2×1: (0 + 30·½) / 1.5 = 10 and (30·½ + 90) / 1.5 = 70.
    const row = { width: 3, height: 1, data: Uint8Array.from([0, 0, 0, 30, 30, 30, 90, 90, 90]) };
    expect([...resizeArea(row, 2, 1).data]).toEqual([10, 10, 10, 70, 70, 70]);
  });

  it('rounds halves up, exactly', () => {
    const image = { width: 2, height: 1, data: Uint8Array.from([0, 2, 254, 1, 3, 255]) };
    expect([...resizeArea(image, 1, 1).data]).toEqual([1, 3, 255]); // 0.5, 2.5, 254.5
  });

  it('a constant picture stays constant when shrunk, enlarged or stretched', () => {
    for (const [w, h, toW, toH] of [
      [97, 61, 28, 28],
      [5, 3, 7, 11],
      [28, 28, 28, 28],
      [1000, 3, 7, 2],
    ]) {
      const image = { width: w, height: h, data: new Uint8Array(w * h * 3).fill(137) };
      expect(resizeArea(image, toW, toH).data.every((v) => v === 137)).toBe(true);
    }
  });

  it('keeps the mean of the picture (every source pixel counts once)', () => {
    const image = { width: 53, height: 41, data: pseudoRandomBytes(53 * 41 * 3, 5) };
    const values = resizeAreaValues(image, 9, 13);
    const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
    expect(mean(values)).toBeCloseTo(mean(image.data), 9);
  });

  it('the same size gives the same bytes', () => {
    const image = { width: 6, height: 4, data: pseudoRandomBytes(6 * 4 * 3, 6) };
    expect([...resizeArea(image, 6, 4).data]).toEqual([...image.data]);
  });

  it('explains bad sizes and buffers', () => {
    const image = { width: 4, height: 4, data: new Uint8Array(48) };
    expectImageError(
      () => resizeArea(image, 0, 28),
      'invalid-argument',
      /target width must be a whole number from 1 to 20000; got 0/,
    );
    expectImageError(
      () => resizeArea(image, 28, 2.5),
      'invalid-argument',
      /target height must be a whole number.*got 2\.5/,
    );
    expectImageError(
      () => resizeArea({ width: 4, height: 4, data: new Uint8Array(47) }, 2, 2),
      'invalid-argument',
      /47 bytes do not fit a 4×4 picture \(expected 16 grey, 48 RGB or 64 RGBA bytes\)/,
    );
  });
});

describe('cropping', () => {
  // Pixel p of a W×H RGB test picture has R = p, so a crop's first channel shows which pixels it took.
  const indexed = (width: number, height: number): { width: number; height: number; data: Uint8Array } => ({
    width,
    height,
    data: Uint8Array.from({ length: width * height * 3 }, (_, i) => (i % 3 === 0 ? i / 3 : 0)),
  });
  const firstChannel = (data: Uint8Array): number[] => [...data].filter((_, i) => i % 3 === 0);

  it('centres the largest square by default (landscape and portrait; odd margins round down)', () => {
    const wide = centreSquareCrop(indexed(6, 3));
    expect([wide.width, wide.height]).toEqual([3, 3]);
    expect(firstChannel(wide.data)).toEqual([1, 2, 3, 7, 8, 9, 13, 14, 15]);
    const tall = centreSquareCrop(indexed(2, 5));
    expect(firstChannel(tall.data)).toEqual([2, 3, 4, 5]);
  });

  it('takes a given size and position', () => {
    expect(firstChannel(centreSquareCrop(indexed(6, 3), { size: 2, left: 4, top: 1 }).data)).toEqual([10, 11, 16, 17]);
    expect(firstChannel(centreSquareCrop(indexed(6, 3), { size: 1 }).data)).toEqual([8]);
    expect(firstChannel(cropImage(indexed(6, 3), { left: 0, top: 2, width: 6, height: 1 }).data)).toEqual([
      12, 13, 14, 15, 16, 17,
    ]);
  });

  it('crops RGBA as RGBA', () => {
    const rgba = {
      width: 2,
      height: 2,
      data: new Uint8ClampedArray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
    };
    expect([...cropImage(rgba, { left: 1, top: 1, width: 1, height: 1 }).data]).toEqual([13, 14, 15, 16]);
  });

  it('explains a square that does not fit', () => {
    const image = indexed(6, 3);
    expectImageError(
      () => centreSquareCrop(image, { size: 4 }),
      'invalid-argument',
      /size must be a whole number from 1 to 3; got 4\. The picture is 6×3/,
    );
    expectImageError(
      () => centreSquareCrop(image, { left: 4 }),
      'invalid-argument',
      /left must be a whole number from 0 to 3; got 4/,
    );
    expectImageError(
      () => centreSquareCrop(image, { size: 2, top: -1 }),
      'invalid-argument',
      /top must be a whole number from 0 to 1; got -1/,
    );
    expectImageError(
      () => cropImage(image, { left: 0.5, top: 0, width: 2, height: 2 }),
      'invalid-argument',
      /left must be a whole number/,
    );
  });
});
