import { tf } from '../helpers/tf';
import { fromChwTensor, greyToRgb, rgbaToRgbOnWhite, toChwTensor } from '../../src/image';
import { expectImageError, pseudoRandomBytes } from '../helpers/images';

describe('toChwTensor / fromChwTensor', () => {
  it('matches TensorFlow.js transposing the HWC picture to CHW', () => {
    const image = { width: 5, height: 4, data: pseudoRandomBytes(5 * 4 * 3, 7) };
    const tensor = toChwTensor(image);
    expect(tensor.shape).toEqual([3, 4, 5]);
    expect(tensor.data).toBeInstanceOf(Float64Array);
    const reference = tf.tidy(() => tf.tensor3d(Array.from(image.data), [4, 5, 3]).transpose([2, 0, 1]).dataSync());
    expect(Array.from(tensor.data)).toEqual(Array.from(reference));
  });

  it('round-trips and refuses values that are not whole numbers 0–255', () => {
    const image = { width: 3, height: 2, data: pseudoRandomBytes(3 * 2 * 3, 8) };
    expect([...fromChwTensor(toChwTensor(image)).data]).toEqual([...image.data]);
    const tensor = toChwTensor(image);
    tensor.data[6 + 4] = 12.5; // G plane, row 2, column 2
    expectImageError(
      () => fromChwTensor(tensor),
      'invalid-argument',
      /G value at row 2, column 2 is 12\.5; pixel values must be whole numbers 0–255/,
    );
    expectImageError(
      () => fromChwTensor({ shape: [1, 2, 3], data: new Float64Array(6) }),
      'invalid-argument',
      /expected shape \[3, height, width\]; got \[1, 2, 3\]/,
    );
    expectImageError(
      () => toChwTensor({ width: 3, height: 2, data: new Uint8Array(17) }),
      'invalid-argument',
      /3×2 picture with 3 bytes per pixel needs 18 bytes; got 17/,
    );
  });
});

describe('RGBA and grey to RGB', () => {
  it('composites canvas RGBA on white: round(c·a/255 + 255·(1 − a/255))', () => {
    const rgba = new Uint8ClampedArray([10, 20, 30, 255, 10, 20, 30, 0, 200, 100, 0, 128, 0, 0, 0, 1]);
    const { image, hadAlpha, translucentPixels } = rgbaToRgbOnWhite({ width: 2, height: 2, data: rgba });
    const over = (c: number, a: number): number => Math.round(c * (a / 255) + 255 * (1 - a / 255));
    expect([...image.data]).toEqual([
      10,
      20,
      30,
      255,
      255,
      255,
      over(200, 128),
      over(100, 128),
      over(0, 128),
      254,
      254,
      254,
    ]);
    expect([hadAlpha, translucentPixels]).toEqual([true, 3]);
    expect(rgbaToRgbOnWhite({ width: 1, height: 1, data: Uint8Array.from([1, 2, 3, 255]) }).hadAlpha).toBe(false);
  });

  it('grey becomes R=G=B', () => {
    expect([...greyToRgb({ width: 2, height: 1, data: Uint8Array.from([0, 77]) }).data]).toEqual([0, 0, 0, 77, 77, 77]);
  });
});
