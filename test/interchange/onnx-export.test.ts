/**
 * Export to ONNX: ONNX Runtime runs the file and predicts the engine's probabilities on 20 pictures, for the
 * default model and random architectures drawn from the spec type.
 */
import { defaultSpec } from '../../src/core/spec';
import { forward, initParams } from '../../src/core/model';
import type { Tensor } from '../../src/core/types';
import { exportOnnx } from '../../src/interchange/onnx-export';
import type { PortableModel } from '../../src/interchange/portable-model';
import { runOnnx } from '../helpers/onnx-runtime';
import { randomModel, randomPictures } from './random-models';

const TOLERANCE = 1e-5;

function largestDifference(model: PortableModel, pictures: Tensor[]): number {
  const output = runOnnx(exportOnnx(model), pictures);
  const classes = model.spec.classes.length;
  expect(output.name).toBe('probabilities');
  expect(output.dims).toEqual([pictures.length, classes]);
  let worst = 0;
  pictures.forEach((picture, n) => {
    forward(model.spec, model.params, picture).probabilities.data.forEach(
      (p, k) => (worst = Math.max(worst, Math.abs(p - output.data[n * classes + k]))),
    );
  });
  return worst;
}

describe('ONNX export', () => {
  test('the default model: ONNX Runtime predicts the engine’s probabilities on 20 pictures', () => {
    const spec = defaultSpec();
    expect(largestDifference({ spec, params: initParams(spec, 7) }, randomPictures(spec, 20, 1))).toBeLessThanOrEqual(
      TOLERANCE,
    );
  });

  test.each(Array.from({ length: 12 }, (_, i) => 300 + i))(
    'random architecture %i: the same probabilities on 20 pictures',
    (seed) => {
      const model = randomModel(seed);
      expect(largestDifference(model, randomPictures(model.spec, 20, seed))).toBeLessThanOrEqual(TOLERANCE);
    },
  );
});
