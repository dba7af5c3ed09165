import * as fs from 'fs';
import { loadOrl, orlPath } from '../helpers/orl';
import { roundedFromReference, tfAreaResize } from './tf-reference';

describe('loadOrl', () => {
  it('gives [3,28,28] examples labelled by subject position, R=G=B, equal to an independent area resize', () => {
    const examples = loadOrl([3, 7], [1, 10]);
    expect(examples.map((e) => e.label)).toEqual([0, 0, 1, 1]);
    const pairs: Array<[number, number]> = [
      [3, 1],
      [3, 10],
      [7, 1],
      [7, 10],
    ];
    examples.forEach((example, i) => {
      expect(example.image.shape).toEqual([3, 28, 28]);
      const [subject, file] = pairs[i];
      // The raster starts at byte 14 (header "P5\n92 112\n255\n").
      const grey = fs.readFileSync(orlPath(subject, file)).subarray(14);
      const expected = roundedFromReference(tfAreaResize(grey, 112, 92, 1, 28, 28), 92 * 112);
      for (let c = 0; c < 3; c++)
        expect(Array.from(example.image.data.subarray(c * 784, (c + 1) * 784))).toEqual(expected);
    });
  });

  it('takes another size', () => {
    expect(loadOrl([1], [1], 14)[0].image.shape).toEqual([3, 14, 14]);
  });
});
